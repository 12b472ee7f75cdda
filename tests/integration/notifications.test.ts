import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// A real SMTP server catches the emails. lib/env reads SMTP_URL when it is first imported, so the
// server starts (and SMTP_URL is set) in a hoisted block, before any app module is imported.
const smtp = await vi.hoisted(async () => {
  const { startSmtpCatcher } = await import("../support/smtp-catcher");
  const catcher = await startSmtpCatcher();
  process.env.SMTP_URL = catcher.url;
  return catcher;
});

import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { NotificationKind } from "@/lib/generated/prisma/enums";
import { createApi } from "@/lib/server/apis/create-api";
import { createComment } from "@/lib/server/comments/create-comment";
import { deleteComment } from "@/lib/server/comments/delete-comment";
import { listComments } from "@/lib/server/comments/list-comments";
import { updateComment } from "@/lib/server/comments/update-comment";
import { createMitigation } from "@/lib/server/mitigations/create-mitigation";
import { getMitigation } from "@/lib/server/mitigations/get-mitigation";
import { updateMitigation } from "@/lib/server/mitigations/update-mitigation";
import { getNotificationPreferences } from "@/lib/server/account/get-notification-preferences";
import { listNotifications } from "@/lib/server/notifications/list-notifications";
import { markNotificationsRead } from "@/lib/server/notifications/mark-notifications-read";
import { setNotificationPreferences } from "@/lib/server/account/set-notification-preferences";
import { unsafeRunReminders } from "@/lib/server/notifications/unsafe-run-reminders";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { submitForReview } from "@/lib/server/threat-models/submit-for-review";
import { createThreat } from "@/lib/server/threats/create-threat";
import { mentionToken } from "@/lib/core/comments/mentions";
import { ZCreateApi } from "@/lib/validation/apis";
import { ZCreateMitigation, ZUpdateMitigation } from "@/lib/validation/mitigations";
import { ZCreateThreat } from "@/lib/validation/threats";
import { ZCreateThreatModel } from "@/lib/validation/threat-models";
import type { z } from "zod";
import { addMember, appErrorOf, createOrgWithMembers, uniqueSuffix, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// Notifications end to end: who is told about assignments, mentions and review requests, what
// their preferences do, the inbox, and the reminder job (due soon, overdue, expired acceptances)
// under a fake clock, run twice at once. Every email goes through the SMTP catcher above.

afterAll(async () => {
  await smtp.stop();
});

// ─── helpers ──────────────────────────────────────────────────────────────────────────────

function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
const DAY = 86_400_000;
const title = (what: string) => `${what} ${uniqueSuffix()}`;

type TWorld = { member: TMemberFixture; org: TOrgFixture; apiId: string; modelId: string; modelTitle: string; threatId: string };

/**
 * An API, a draft model and one LOW threat (SLA 180 days): assignments in this file get due
 * dates far from today, so only the reminder tests' own dates are ever due.
 */
async function newWorld(member: TMemberFixture, org: TOrgFixture): Promise<TWorld> {
  const api = await createApi(member.caller, ZCreateApi.parse({ name: `Ledger ${uniqueSuffix()}` }));
  const model = await createThreatModel(member.caller, ZCreateThreatModel.parse({ apiId: api.id }));
  const threat = await createThreat(member.caller, model.id, ZCreateThreat.parse({ title: title("Replay of signed requests"), likelihood: 1, impact: 2 }));
  expect(threat.severity).toBe("LOW");
  return { member, org, apiId: api.id, modelId: model.id, modelTitle: model.title, threatId: threat.id };
}

const create = (member: TMemberFixture, world: TWorld, input: Omit<z.input<typeof ZCreateMitigation>, "threatIds">) =>
  createMitigation(member.caller, ZCreateMitigation.parse({ threatIds: [world.threatId], ...input }));
const update = (member: TMemberFixture, id: string, input: z.input<typeof ZUpdateMitigation>) => updateMitigation(member.caller, id, ZUpdateMitigation.parse(input));
const mitigationLink = (org: TOrgFixture, id: string) => `/${org.slug}/mitigations/${id}`;
const notificationsAt = (link: string) => db.notification.findMany({ where: { link }, orderBy: { createdAt: "asc" } });
const remindersAt = (link: string) => db.notification.findMany({ where: { link, kind: { in: ["DUE_SOON", "OVERDUE"] } }, orderBy: { createdAt: "asc" } });
const countFor = (userId: string, kind?: NotificationKind) => db.notification.count({ where: { userId, ...(kind ? { kind } : {}) } });

// ─── fixtures ─────────────────────────────────────────────────────────────────────────────

let orgA: TOrgFixture;
let ownerA: TMemberFixture;
let adminA: TMemberFixture;
let admin2A: TMemberFixture;
let editorA: TMemberFixture;
let editor2A: TMemberFixture;
let viewerA: TMemberFixture;
let worldA: TWorld;
let orgB: TOrgFixture;
let ownerB: TMemberFixture;
let editorB: TMemberFixture;
let worldB: TWorld;

beforeAll(async () => {
  ({ org: orgA, owner: ownerA, admin: adminA, editor: editorA, viewer: viewerA } = await createOrgWithMembers("Notify A", ["OWNER", "ADMIN", "EDITOR", "VIEWER"]));
  admin2A = await addMember(orgA, "ADMIN");
  editor2A = await addMember(orgA, "EDITOR");
  ({ org: orgB, owner: ownerB, editor: editorB } = await createOrgWithMembers("Notify B", ["OWNER", "EDITOR"]));
  worldA = await newWorld(editorA, orgA);
  worldB = await newWorld(editorB, orgB);
});

beforeEach(() => {
  smtp.clear();
});

it("emails go to the test SMTP server", () => {
  expect(env.SMTP_URL).toBe(smtp.url);
});

// ─── assignment ───────────────────────────────────────────────────────────────────────────

describe("assignment notifications", () => {
  it("assigning to another member records one ASSIGNED notification and sends exactly one email", async () => {
    const before = await db.notification.count();
    const name = title("Sign webhook payloads");
    const m = await create(editorA, worldA, { title: name, assigneeId: editor2A.user.id });
    const link = mitigationLink(orgA, m.id);

    const rows = await notificationsAt(link);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ orgId: orgA.id, userId: editor2A.user.id, kind: "ASSIGNED", title: `You were assigned “${name}”`, body: `Due ${isoDay(180)}.`, readAt: null, dedupeKey: null });
    expect(rows[0]!.emailedAt).toBeInstanceOf(Date);
    expect(await db.notification.count()).toBe(before + 1);

    expect(smtp.messages).toHaveLength(1);
    const [email] = smtp.messages;
    expect(email!.to).toEqual([editor2A.user.email.toLowerCase()]);
    expect(email!.envelopeTo).toEqual([editor2A.user.email.toLowerCase()]);
    expect(email!.subject).toBe(`[Bulwark] You were assigned “${name}”`);
    expect(email!.subject).toContain(name);
    expect(email!.from).toContain("bulwark@localhost");
    expect(email!.text).toContain(`Hello ${editor2A.user.name},`);
    expect(email!.text).toContain(`Due ${isoDay(180)}.`);
    expect(email!.text).toContain(`Open it in Bulwark: http://localhost:3000${link}`);
  });

  it("reassigning tells the new assignee only; keeping the same assignee tells nobody", async () => {
    const m = await create(editorA, worldA, { title: title("Pin TLS"), assigneeId: editor2A.user.id });
    smtp.clear();
    const moved = await update(editorA, m.id, { version: m.version, assigneeId: adminA.user.id });
    const rows = await notificationsAt(mitigationLink(orgA, m.id));
    expect(rows.map((row) => [row.userId, row.kind])).toEqual([
      [editor2A.user.id, "ASSIGNED"],
      [adminA.user.id, "ASSIGNED"],
    ]);
    expect(smtp.messages.map((message) => message.to)).toEqual([[adminA.user.email.toLowerCase()]]);
    smtp.clear();
    await update(editorA, m.id, { version: moved.version, assigneeId: adminA.user.id, priority: 1 });
    expect(await notificationsAt(mitigationLink(orgA, m.id))).toHaveLength(2);
    expect(smtp.messages).toEqual([]);
  });

  it("assigning to yourself notifies nobody", async () => {
    const before = await db.notification.count();
    const created = await create(editorA, worldA, { title: title("Self assigned"), assigneeId: editorA.user.id });
    const later = await create(editorA, worldA, { title: title("Taken later") });
    await update(editorA, later.id, { version: later.version, assigneeId: editorA.user.id });
    expect(created.assigneeId).toBe(editorA.user.id);
    expect(await db.notification.count()).toBe(before);
    expect(smtp.messages).toEqual([]);
  });
});

// ─── comments and mentions ────────────────────────────────────────────────────────────────

describe("comments and mentions", () => {
  it("mentioning a member records a MENTIONED notification and emails them once", async () => {
    const m = await create(editorA, worldA, { title: title("Mentioned on") });
    const body = `Can you look, ${mentionToken(editor2A.user.name, editor2A.user.id)}? Also ${mentionToken("again", editor2A.user.id)}.`;
    const comment = await createComment(editorA.caller, { mitigationId: m.id }, body);
    expect(comment).toMatchObject({ body, author: { id: editorA.user.id }, editedAt: null, deletedAt: null });
    expect(await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).toMatchObject({ orgId: orgA.id, mitigationId: m.id, mentionedUserIds: [editor2A.user.id] });

    const rows = await notificationsAt(mitigationLink(orgA, m.id));
    expect(rows.map((row) => [row.userId, row.kind, row.title])).toEqual([[editor2A.user.id, "MENTIONED", `You were mentioned on the mitigation “${m.title}”`]]);
    expect(smtp.messages.map((message) => [message.to, message.subject])).toEqual([[[editor2A.user.email.toLowerCase()], `[Bulwark] You were mentioned on the mitigation “${m.title}”`]]);
    expect(await db.auditEvent.findFirst({ where: { action: "comment.created", targetId: comment.id } })).toMatchObject({ orgId: orgA.id, actorId: editorA.user.id });
    expect((await getMitigation(editorA.caller, m.id)).commentCount).toBe(1);
  });

  it("a mention on a threat links to the model's threats tab", async () => {
    await createComment(editorA.caller, { threatId: worldA.threatId }, `FYI ${mentionToken("Admin", adminA.user.id)}`);
    const link = `/${orgA.slug}/threat-models/${worldA.modelId}?tab=threats`;
    const rows = await notificationsAt(link);
    expect(rows.map((row) => [row.userId, row.kind])).toEqual([[adminA.user.id, "MENTIONED"]]);
    expect(rows[0]!.title).toMatch(/^You were mentioned on the threat “Replay of signed requests [0-9a-f]{8}”$/);
    expect(smtp.messages.map((message) => message.to)).toEqual([[adminA.user.email.toLowerCase()]]);
  });

  it("a mention of someone from another organisation is ignored: not stored, not notified, not emailed", async () => {
    const m = await create(editorA, worldA, { title: title("Outsider mention") });
    const outsiderCount = await countFor(editorB.user.id);
    const comment = await createComment(editorA.caller, { mitigationId: m.id }, `${mentionToken("Bea", editorB.user.id)} and ${mentionToken("Eddie", editor2A.user.id)} and me ${mentionToken("Me", editorA.user.id)}`);
    const stored = await db.comment.findUniqueOrThrow({ where: { id: comment.id } });
    expect(stored.mentionedUserIds).not.toContain(editorB.user.id);
    expect([...stored.mentionedUserIds].sort()).toEqual([editorA.user.id, editor2A.user.id].sort());
    expect(await countFor(editorB.user.id)).toBe(outsiderCount);
    // Only the other member is told: not the outsider, not the author.
    expect((await notificationsAt(mitigationLink(orgA, m.id))).map((row) => row.userId)).toEqual([editor2A.user.id]);
    expect(smtp.messages.flatMap((message) => message.to)).toEqual([editor2A.user.email.toLowerCase()]);
  });

  it("editing a comment notifies only the people it newly mentions", async () => {
    const m = await create(editorA, worldA, { title: title("Edited mention") });
    const link = mitigationLink(orgA, m.id);
    const comment = await createComment(editorA.caller, { mitigationId: m.id }, `Ping ${mentionToken("E2", editor2A.user.id)}`);
    expect((await notificationsAt(link)).map((row) => row.userId)).toEqual([editor2A.user.id]);
    smtp.clear();

    const edited = await updateComment(editorA.caller, comment.id, `Ping ${mentionToken("E2", editor2A.user.id)} and ${mentionToken("Owner", ownerA.user.id)} (and ${mentionToken("Bea", ownerB.user.id)})`);
    expect(edited.editedAt).toBeInstanceOf(Date);
    expect((await notificationsAt(link)).map((row) => row.userId)).toEqual([editor2A.user.id, ownerA.user.id]);
    expect(smtp.messages.flatMap((message) => message.to)).toEqual([ownerA.user.email.toLowerCase()]);
    expect([...(await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).mentionedUserIds].sort()).toEqual([editor2A.user.id, ownerA.user.id].sort());
    smtp.clear();

    // Saving it again (or with a typo fixed) tells nobody.
    await updateComment(editorA.caller, comment.id, `Ping ${mentionToken("E2", editor2A.user.id)} and ${mentionToken("Owner", ownerA.user.id)}!`);
    expect(await notificationsAt(link)).toHaveLength(2);
    expect(smtp.messages).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "comment.edited", targetId: comment.id } })).toBe(2);
  });

  it("only the author can edit or delete a comment", async () => {
    const m = await create(editorA, worldA, { title: title("Guarded comment") });
    const comment = await createComment(editorA.caller, { mitigationId: m.id }, "Original words");
    for (const other of [editor2A, adminA, ownerA]) {
      expect((await appErrorOf(updateComment(other.caller, comment.id, "Changed by someone else"))).code, other.role).toBe("FORBIDDEN");
      expect((await appErrorOf(deleteComment(other.caller, comment.id))).code, other.role).toBe("FORBIDDEN");
    }
    // Another organisation cannot even see it.
    expect((await appErrorOf(updateComment(editorB.caller, comment.id, "x"))).code).toBe("NOT_FOUND");
    expect((await appErrorOf(deleteComment(ownerB.caller, comment.id))).code).toBe("NOT_FOUND");
    expect(await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).toMatchObject({ body: "Original words", editedAt: null, deletedAt: null });
    expect(await updateComment(editorA.caller, comment.id, "Author's own edit")).toMatchObject({ body: "Author's own edit" });
  });

  it("a deleted comment keeps its place in the thread with an empty body", async () => {
    const m = await create(editorA, worldA, { title: title("Thread") });
    const first = await createComment(editorA.caller, { mitigationId: m.id }, "first");
    const second = await createComment(editor2A.caller, { mitigationId: m.id }, `second, for ${mentionToken("A", editorA.user.id)}`);
    const third = await createComment(editorA.caller, { mitigationId: m.id }, "third");
    await deleteComment(editor2A.caller, second.id);

    const thread = await listComments(viewerA.caller, { mitigationId: m.id });
    expect(thread.map((comment) => [comment.id, comment.body, comment.deletedAt === null])).toEqual([
      [first.id, "first", true],
      [second.id, "", false],
      [third.id, "third", true],
    ]);
    expect(thread[1]!.author).toEqual({ id: editor2A.user.id, name: editor2A.user.name });
    expect(await db.comment.findUniqueOrThrow({ where: { id: second.id } })).toMatchObject({ body: "", mentionedUserIds: [] });
    expect((await getMitigation(editorA.caller, m.id)).commentCount).toBe(2);
    expect(await db.auditEvent.count({ where: { action: "comment.deleted", targetId: second.id, actorId: editor2A.user.id } })).toBe(1);
    // Gone is gone: no editing or deleting it again.
    expect((await appErrorOf(updateComment(editor2A.caller, second.id, "back"))).code).toBe("NOT_FOUND");
    expect((await appErrorOf(deleteComment(editor2A.caller, second.id))).code).toBe("NOT_FOUND");
  });
});

// ─── review requests ──────────────────────────────────────────────────────────────────────

describe("review requests", () => {
  it("submitting with a named reviewer notifies that reviewer only", async () => {
    const world = await newWorld(editorA, orgA);
    await submitForReview(editorA.caller, world.modelId, { reviewerId: editor2A.user.id, comment: "Ready when you are." });
    const link = `/${orgA.slug}/threat-models/${world.modelId}?tab=review`;
    const rows = await notificationsAt(link);
    expect(rows.map((row) => [row.userId, row.kind, row.title, row.body])).toEqual([[editor2A.user.id, "REVIEW_REQUESTED", `Review requested: ${world.modelTitle}`, "Ready when you are."]]);
    expect(smtp.messages.map((message) => [message.to, message.subject])).toEqual([[[editor2A.user.email.toLowerCase()], `[Bulwark] Review requested: ${world.modelTitle}`]]);
  });

  it("submitting without a reviewer notifies every admin and owner except the author", async () => {
    const world = await newWorld(editorA, orgA);
    await submitForReview(editorA.caller, world.modelId, { reviewerId: null, comment: "" });
    const rows = await notificationsAt(`/${orgA.slug}/threat-models/${world.modelId}?tab=review`);
    const admins = [ownerA, adminA, admin2A].map((member) => member.user.id).sort();
    expect(rows.map((row) => row.userId).sort()).toEqual(admins);
    expect(rows.every((row) => row.kind === "REVIEW_REQUESTED" && row.orgId === orgA.id)).toBe(true);
    expect(smtp.messages.flatMap((message) => message.to).sort()).toEqual([ownerA, adminA, admin2A].map((member) => member.user.email.toLowerCase()).sort());

    // An admin's own model goes to the other admins and the owner, never back to its author.
    smtp.clear();
    const own = await newWorld(adminA, orgA);
    await submitForReview(adminA.caller, own.modelId, { reviewerId: null, comment: "" });
    const ownRows = await notificationsAt(`/${orgA.slug}/threat-models/${own.modelId}?tab=review`);
    expect(ownRows.map((row) => row.userId).sort()).toEqual([ownerA, admin2A].map((member) => member.user.id).sort());
    expect(smtp.messages).toHaveLength(2);
  });
});

// ─── preferences ──────────────────────────────────────────────────────────────────────────

describe("preferences", () => {
  it("defaults to both channels for every kind; saved choices are returned", async () => {
    const member = await addMember(orgA, "EDITOR");
    expect(await getNotificationPreferences(member.user.id)).toEqual(
      (["ASSIGNED", "MENTIONED", "DUE_SOON", "OVERDUE", "REVIEW_REQUESTED"] as const).map((kind) => ({ kind, inApp: true, email: true })),
    );
    const saved = await setNotificationPreferences(member.user.id, [{ kind: "OVERDUE", inApp: false, email: true }]);
    expect(saved.find((preference) => preference.kind === "OVERDUE")).toEqual({ kind: "OVERDUE", inApp: false, email: true });
    expect(saved.filter((preference) => preference.inApp && preference.email)).toHaveLength(4);
  });

  it("email off for a kind: the notification is recorded, but no email is sent for that kind", async () => {
    const member = await addMember(orgA, "EDITOR");
    await setNotificationPreferences(member.user.id, [{ kind: "ASSIGNED", inApp: true, email: false }]);
    const m = await create(editorA, worldA, { title: title("Quiet assignment"), assigneeId: member.user.id });
    const rows = await notificationsAt(mitigationLink(orgA, m.id));
    expect(rows.map((row) => [row.userId, row.kind])).toEqual([[member.user.id, "ASSIGNED"]]);
    expect((await listNotifications(member.caller)).items.map((item) => item.id)).toEqual([rows[0]!.id]);
    expect(smtp.messages).toEqual([]);
    // Other kinds still email.
    await createComment(editorA.caller, { mitigationId: m.id }, `See ${mentionToken("M", member.user.id)}`);
    expect(smtp.messages.map((message) => [message.to, message.subject])).toEqual([[[member.user.email.toLowerCase()], `[Bulwark] You were mentioned on the mitigation “${m.title}”`]]);
  });

  it("in-app off for a kind: listNotifications hides that kind and does not count it as unread", async () => {
    const member = await addMember(orgA, "EDITOR");
    await setNotificationPreferences(member.user.id, [{ kind: "MENTIONED", inApp: false, email: true }]);
    const m = await create(editorA, worldA, { title: title("Hidden mention"), assigneeId: member.user.id });
    await createComment(editorA.caller, { mitigationId: m.id }, `See ${mentionToken("M", member.user.id)}`);
    expect(await countFor(member.user.id)).toBe(2);
    const inbox = await listNotifications(member.caller);
    expect(inbox.items.map((item) => item.kind)).toEqual(["ASSIGNED"]);
    expect(inbox.unread).toBe(1);
    // The email still went out (email stays on): one for the assignment, one for the mention.
    expect(smtp.messages.map((message) => message.subject)).toEqual([`[Bulwark] You were assigned “${m.title}”`, `[Bulwark] You were mentioned on the mitigation “${m.title}”`]);
    // Switching it back on shows it again.
    await setNotificationPreferences(member.user.id, [{ kind: "MENTIONED", inApp: true, email: true }]);
    const again = await listNotifications(member.caller);
    expect(again.items.map((item) => item.kind)).toEqual(["MENTIONED", "ASSIGNED"]);
    expect(again.unread).toBe(2);
  });
});

// ─── the inbox ────────────────────────────────────────────────────────────────────────────

describe("the inbox: listing, unread counts, marking read, isolation", () => {
  let reader: TMemberFixture;
  let readerInB: TMemberFixture;
  let inA: string[];
  let inB: string[];

  beforeAll(async () => {
    reader = await addMember(orgA, "EDITOR");
    readerInB = await addMember(orgB, "VIEWER", reader.user);
    const ms = [];
    for (const name of ["first", "second", "third"]) ms.push(await create(editorA, worldA, { title: title(`Inbox ${name}`), assigneeId: reader.user.id }));
    inA = [];
    for (const m of ms) inA.push((await notificationsAt(mitigationLink(orgA, m.id)))[0]!.id);
    const mb = await create(editorB, worldB, { title: title("Inbox in B"), assigneeId: reader.user.id });
    inB = (await notificationsAt(mitigationLink(orgB, mb.id))).map((row) => row.id);
    expect(inB).toHaveLength(1);
  });

  it("lists the caller's notifications in this organisation only, newest first", async () => {
    const a = await listNotifications(reader.caller);
    expect(a.items.map((item) => item.id)).toEqual([...inA].reverse());
    expect(a.unread).toBe(3);
    expect(a.items[0]).toMatchObject({ kind: "ASSIGNED", readAt: null });
    expect(a.items[0]!.title).toMatch(/^You were assigned “Inbox third [0-9a-f]{8}”$/);
    const b = await listNotifications(readerInB.caller);
    expect(b.items.map((item) => item.id)).toEqual(inB);
    expect(b.unread).toBe(1);
  });

  it("never shows one user's notifications to another user", async () => {
    for (const other of [editorA, editor2A, ownerA, adminA]) {
      const ids = (await listNotifications(other.caller)).items.map((item) => item.id);
      expect(ids.filter((id) => inA.includes(id) || inB.includes(id)), other.role).toEqual([]);
    }
    for (const other of [ownerB, editorB]) {
      const ids = (await listNotifications(other.caller)).items.map((item) => item.id);
      expect(ids.filter((id) => inA.includes(id) || inB.includes(id))).toEqual([]);
    }
  });

  it("marks chosen ids read, ignores other people's and other organisations' ids, then marks all", async () => {
    expect(await markNotificationsRead(reader.caller, { ids: [inA[0]!] })).toEqual({ marked: 1 });
    expect((await listNotifications(reader.caller)).unread).toBe(2);
    expect((await db.notification.findUniqueOrThrow({ where: { id: inA[0]! } })).readAt).toBeInstanceOf(Date);
    // Already read, someone else's, or from the other organisation: nothing to mark.
    const someoneElses = (await db.notification.findFirstOrThrow({ where: { userId: editor2A.user.id, readAt: null } })).id;
    expect(await markNotificationsRead(reader.caller, { ids: [inA[0]!, someoneElses, inB[0]!] })).toEqual({ marked: 0 });
    expect((await db.notification.findUniqueOrThrow({ where: { id: someoneElses } })).readAt).toBeNull();
    expect((await db.notification.findUniqueOrThrow({ where: { id: inB[0]! } })).readAt).toBeNull();
    expect(await markNotificationsRead(editor2A.caller, { ids: [inA[1]!] })).toEqual({ marked: 0 });
    expect(await markNotificationsRead(reader.caller, {})).toEqual({ marked: 0 });

    expect(await markNotificationsRead(reader.caller, { all: true })).toEqual({ marked: 2 });
    const after = await listNotifications(reader.caller);
    expect(after.unread).toBe(0);
    expect(after.items.every((item) => item.readAt instanceof Date)).toBe(true);
    // "All" means all in this organisation.
    expect((await listNotifications(readerInB.caller)).unread).toBe(1);
    expect(await markNotificationsRead(reader.caller, { all: true })).toEqual({ marked: 0 });
  });
});

/** tests/support/reminder-instance.ts in a child process against this file's database and SMTP catcher. */
function startReminderInstance(clock: string) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "tests/support/reminder-instance.ts", clock], {
    env: { ...process.env, DATABASE_URL: process.env.DATABASE_URL, SMTP_URL: smtp.url, LOG_LEVEL: "error" },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const next = () => new Promise<string>((resolve, reject) => {
    lines.once("line", resolve);
    child.once("exit", (code) => reject(new Error(`reminder instance exited with ${code}`)));
  });
  const ready = next().then((line) => expect(line).toBe("ready"));
  const result = ready.then(next).then((line) => JSON.parse(line) as { ran: boolean; dueSoon: number; overdue: number; emailed: number });
  return { ready, result, go: () => child.stdin!.write("go\n") };
}

// ─── reminders ────────────────────────────────────────────────────────────────────────────

describe("the reminder job (fake clock)", () => {
  let assignee: TMemberFixture;
  let other: TMemberFixture;
  const tracked: string[] = [];

  beforeAll(async () => {
    assignee = await addMember(orgA, "EDITOR");
    other = await addMember(orgA, "EDITOR");
  });

  /** An assigned mitigation with a manual due date (long past, so no other test's work is near it). */
  async function dueOn(day: string, to: TMemberFixture | null = assignee) {
    const m = await create(editorA, worldA, { title: title(`Due ${day}`), dueDate: day, ...(to ? { assigneeId: to.user.id } : {}) });
    tracked.push(m.id);
    return m;
  }

  // Each scenario's work is finished afterwards, so a later scenario's clock does not see it.
  afterEach(async () => {
    await db.mitigation.updateMany({ where: { id: { in: tracked } }, data: { status: "WONT_DO", wontDoReason: "test finished" } });
  });

  it("due in 2 days: one DUE_SOON and one email; repeating creates and sends nothing; 3 days on, one OVERDUE, then nothing", async () => {
    const m = await dueOn("2011-03-10");
    const link = mitigationLink(orgA, m.id);
    expect((await notificationsAt(link)).map((row) => row.kind)).toEqual(["ASSIGNED"]);
    smtp.clear();
    const now = new Date("2011-03-08T00:00:00.000Z");

    expect(await unsafeRunReminders(now)).toEqual({ ran: true, dueSoon: 1, overdue: 0, reopened: 0, emailed: 1 });
    const soon = (await notificationsAt(link)).filter((row) => row.kind === "DUE_SOON");
    expect(soon.map((row) => [row.userId, row.title, row.dedupeKey])).toEqual([[assignee.user.id, `“${m.title}” is due on 2011-03-10`, `due-soon:${m.id}:2011-03-10:${assignee.user.id}`]]);
    expect(smtp.messages.map((message) => [message.to, message.subject])).toEqual([[[assignee.user.email.toLowerCase()], `[Bulwark] “${m.title}” is due on 2011-03-10`]]);

    smtp.clear();
    expect(await unsafeRunReminders(now)).toEqual({ ran: true, dueSoon: 0, overdue: 0, reopened: 0, emailed: 0 });
    expect(await unsafeRunReminders(new Date(now.getTime() + 60_000))).toEqual({ ran: true, dueSoon: 0, overdue: 0, reopened: 0, emailed: 0 });
    expect((await notificationsAt(link)).filter((row) => row.kind === "DUE_SOON")).toHaveLength(1);
    expect(smtp.messages).toEqual([]);

    const later = new Date(now.getTime() + 3 * DAY);
    expect(await unsafeRunReminders(later)).toEqual({ ran: true, dueSoon: 0, overdue: 1, reopened: 0, emailed: 1 });
    const overdue = (await notificationsAt(link)).filter((row) => row.kind === "OVERDUE");
    expect(overdue.map((row) => [row.userId, row.title, row.dedupeKey])).toEqual([[assignee.user.id, `“${m.title}” is overdue (due 2011-03-10)`, `overdue:${m.id}:2011-03-10:${assignee.user.id}`]]);
    expect(smtp.messages.map((message) => [message.to, message.subject])).toEqual([[[assignee.user.email.toLowerCase()], `[Bulwark] “${m.title}” is overdue (due 2011-03-10)`]]);

    smtp.clear();
    expect(await unsafeRunReminders(later)).toEqual({ ran: true, dueSoon: 0, overdue: 0, reopened: 0, emailed: 0 });
    expect(await unsafeRunReminders(new Date(later.getTime() + DAY))).toEqual({ ran: true, dueSoon: 0, overdue: 0, reopened: 0, emailed: 0 });
    expect((await notificationsAt(link)).map((row) => row.kind)).toEqual(["ASSIGNED", "DUE_SOON", "OVERDUE"]);
    expect(smtp.messages).toEqual([]);
  });

  it("moving the due date earns a fresh reminder; so does a new assignee", async () => {
    const m = await dueOn("2011-09-10");
    const link = mitigationLink(orgA, m.id);
    await unsafeRunReminders(new Date("2011-09-08T00:00:00.000Z"));
    const moved = await update(editorA, m.id, { version: (await getMitigation(editorA.caller, m.id)).version, dueDate: "2011-09-12" });
    expect(await unsafeRunReminders(new Date("2011-09-10T00:00:00.000Z"))).toMatchObject({ dueSoon: 1, overdue: 0 });
    await update(editorA, m.id, { version: moved.version, assigneeId: other.user.id });
    expect(await unsafeRunReminders(new Date("2011-09-10T00:00:00.000Z"))).toMatchObject({ dueSoon: 1, overdue: 0 });
    const soon = (await notificationsAt(link)).filter((row) => row.kind === "DUE_SOON");
    expect(soon.map((row) => [row.userId, row.dedupeKey])).toEqual([
      [assignee.user.id, `due-soon:${m.id}:2011-09-10:${assignee.user.id}`],
      [assignee.user.id, `due-soon:${m.id}:2011-09-12:${assignee.user.id}`],
      [other.user.id, `due-soon:${m.id}:2011-09-12:${other.user.id}`],
    ]);
  });

  it("two runs started at once create exactly one notification and send exactly one email per reminder", async () => {
    const soon = await dueOn("2012-06-10");
    const late = await dueOn("2012-06-05", other);
    smtp.clear();
    const now = new Date("2012-06-08T00:00:00.000Z");
    const runs = await Promise.all([unsafeRunReminders(now), unsafeRunReminders(now)]);
    expect(runs.some((run) => run.ran)).toBe(true);
    expect(runs.reduce((sum, run) => sum + run.dueSoon, 0)).toBe(1);
    expect(runs.reduce((sum, run) => sum + run.overdue, 0)).toBe(1);
    expect(runs.reduce((sum, run) => sum + run.emailed, 0)).toBe(2);

    expect((await remindersAt(mitigationLink(orgA, soon.id))).map((row) => [row.kind, row.userId])).toEqual([["DUE_SOON", assignee.user.id]]);
    expect((await remindersAt(mitigationLink(orgA, late.id))).map((row) => [row.kind, row.userId])).toEqual([["OVERDUE", other.user.id]]);
    expect(smtp.messages.map((message) => message.subject).sort()).toEqual([`[Bulwark] “${late.title}” is overdue (due 2012-06-05)`, `[Bulwark] “${soon.title}” is due on 2012-06-10`].sort());
    expect(smtp.to(assignee.user.email)).toHaveLength(1);
    expect(smtp.to(other.user.email)).toHaveLength(1);

    // And again, many at once, on a later day: still one each.
    smtp.clear();
    const later = new Date("2012-06-11T00:00:00.000Z");
    const more = await Promise.all(Array.from({ length: 5 }, () => unsafeRunReminders(later)));
    expect(more.reduce((sum, run) => sum + run.overdue, 0)).toBe(1);
    expect(more.reduce((sum, run) => sum + run.dueSoon, 0)).toBe(0);
    expect((await remindersAt(mitigationLink(orgA, soon.id))).map((row) => row.kind)).toEqual(["DUE_SOON", "OVERDUE"]);
    expect((await remindersAt(mitigationLink(orgA, late.id))).map((row) => row.kind)).toEqual(["OVERDUE"]);
    expect(smtp.messages.map((message) => message.subject)).toEqual([`[Bulwark] “${soon.title}” is overdue (due 2012-06-10)`]);
  });

  it("two app instances (separate processes and pools) started together send each reminder exactly once", async () => {
    const soon = await dueOn("2012-09-10");
    const late = await dueOn("2012-09-05", other);
    smtp.clear();
    const clock = "2012-09-08T00:00:00.000Z";
    const instances = [startReminderInstance(clock), startReminderInstance(clock)];
    await Promise.all(instances.map((instance) => instance.ready));
    for (const instance of instances) instance.go();
    const runs = await Promise.all(instances.map((instance) => instance.result));

    expect(runs.reduce((sum, run) => sum + run.dueSoon, 0)).toBe(1);
    expect(runs.reduce((sum, run) => sum + run.overdue, 0)).toBe(1);
    expect(runs.reduce((sum, run) => sum + run.emailed, 0)).toBe(2);
    expect((await remindersAt(mitigationLink(orgA, soon.id))).map((row) => [row.kind, row.userId])).toEqual([["DUE_SOON", assignee.user.id]]);
    expect((await remindersAt(mitigationLink(orgA, late.id))).map((row) => [row.kind, row.userId])).toEqual([["OVERDUE", other.user.id]]);
    await expect.poll(() => smtp.messages.length).toBe(2);
    expect(smtp.to(assignee.user.email)).toHaveLength(1);
    expect(smtp.to(other.user.email)).toHaveLength(1);
  }, 60_000);

  it("done work (VERIFIED, WONT_DO) and unassigned work get no reminders", async () => {
    const verified = await dueOn("2013-01-05");
    await update(editorA, verified.id, { version: verified.version, status: "VERIFIED", evidenceNote: "Done." });
    const declined = await dueOn("2013-01-05");
    await update(editorA, declined.id, { version: declined.version, status: "WONT_DO", wontDoReason: "Retired." });
    const unassigned = await dueOn("2013-01-05", null);
    const started = await dueOn("2013-01-05", null);
    await update(editorA, started.id, { version: started.version, status: "IN_PROGRESS" });
    expect(await getMitigation(editorA.caller, unassigned.id)).toMatchObject({ assigneeId: null, status: "PROPOSED", dueDate: new Date("2013-01-05T00:00:00.000Z") });
    smtp.clear();
    const before = await db.notification.count();

    expect(await unsafeRunReminders(new Date("2013-01-03T00:00:00.000Z"))).toEqual({ ran: true, dueSoon: 0, overdue: 0, reopened: 0, emailed: 0 });
    expect(await unsafeRunReminders(new Date("2013-02-01T00:00:00.000Z"))).toEqual({ ran: true, dueSoon: 0, overdue: 0, reopened: 0, emailed: 0 });
    expect(await db.notification.count()).toBe(before);
    expect(smtp.messages).toEqual([]);
  });

  it("an expired acceptance reopens the threat (audited); one that has not expired is untouched", async () => {
    const world = await newWorld(editorA, orgA);
    const accept = (name: string, days: number) =>
      createThreat(editorA.caller, world.modelId, ZCreateThreat.parse({ title: title(name), status: "ACCEPTED", acceptanceJustification: "Behind the VPN until the rewrite.", acceptanceExpiresAt: isoDay(days) }));
    const expiring = await accept("Expiring acceptance", 10);
    const lasting = await accept("Lasting acceptance", 400);
    const lastingBefore = await db.threat.findUniqueOrThrow({ where: { id: lasting.id } });
    // Thirty days from now: the first acceptance has run out, the second has not, and no
    // mitigation in this file is due (assignments here are 180 days out; reminder work is done).
    const now = new Date(Date.now() + 30 * DAY);
    smtp.clear();

    expect(await unsafeRunReminders(now)).toEqual({ ran: true, dueSoon: 0, overdue: 0, reopened: 1, emailed: 0 });
    expect(await db.threat.findUniqueOrThrow({ where: { id: expiring.id } })).toMatchObject({ status: "OPEN", acceptanceJustification: null, acceptanceExpiresAt: null, version: expiring.version + 1 });
    const events = await db.auditEvent.findMany({ where: { action: "threat.acceptance_expired" } });
    expect(events.map((event) => [event.orgId, event.targetType, event.targetId, event.actorId])).toEqual([[orgA.id, "threat", expiring.id, null]]);
    expect(events[0]!.metadata).toEqual({ title: expiring.title, expiredAt: new Date(`${isoDay(10)}T00:00:00.000Z`).toISOString() });
    expect(await db.threat.findUniqueOrThrow({ where: { id: lasting.id } })).toEqual(lastingBefore);

    // Once reopened, it stays reopened once: no second event.
    expect(await unsafeRunReminders(now)).toEqual({ ran: true, dueSoon: 0, overdue: 0, reopened: 0, emailed: 0 });
    expect(await db.auditEvent.count({ where: { action: "threat.acceptance_expired" } })).toBe(1);
    expect(smtp.messages).toEqual([]);
  });
});
