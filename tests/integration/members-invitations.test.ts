import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";
import { verifyPassword } from "@/lib/core/auth/password";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { acceptInvitation } from "@/lib/server/invitations/accept-invitation";
import { createInvitation } from "@/lib/server/invitations/create-invitation";
import { findPendingInvitation } from "@/lib/server/invitations/find-pending-invitation";
import { listPendingInvitations } from "@/lib/server/invitations/list-pending-invitations";
import { revokeInvitation } from "@/lib/server/invitations/revoke-invitation";
import { listMembers } from "@/lib/server/members/list-members";
import { removeMember } from "@/lib/server/members/remove-member";
import { updateMemberRole } from "@/lib/server/members/update-member-role";
import type { TCaller } from "@/lib/server/scope";
import { ZAcceptInvitation, ZCreateInvitation } from "@/lib/validation/invitations";
import {
  addMember,
  appErrorOf,
  createOrgWithMembers,
  createUser,
  missingId,
  PASSWORD,
  signedInAs,
  uniqueSuffix,
  visible,
  type TMemberFixture,
  type TOrgFixture,
} from "../support/fixtures";

const meta = { ip: "198.51.100.20", userAgent: "vitest-invitee" };
const NEW_PASSWORD = "a brand new passphrase";

const freshEmail = (label = "invitee") => `${label}.${uniqueSuffix()}@example.test`;
const invite = (caller: TCaller, email: string, role: Role) => createInvitation(caller, ZCreateInvitation.parse({ email, role }));
const accept = (input: { token: string; name?: string; password?: string }, signedIn: TSignedInUser | null = null) =>
  acceptInvitation(meta, ZAcceptInvitation.parse(input), signedIn);

function tokenOf(link: string): string {
  const match = /\/invite\/([A-Za-z0-9_-]+)$/.exec(link);
  if (!match) throw new Error(`not an invitation link: ${link}`);
  return match[1]!;
}


async function membershipOf(orgId: string, userId: string) {
  return db.membership.findUnique({ where: { orgId_userId: { orgId, userId } }, select: { role: true } });
}

let orgA: TOrgFixture;
let ownerA: TMemberFixture;
let adminA: TMemberFixture;
let editorA: TMemberFixture;
let orgB: TOrgFixture;
let ownerB: TMemberFixture;

beforeAll(async () => {
  ({ org: orgA, owner: ownerA, admin: adminA, editor: editorA } = await createOrgWithMembers("Invites A", ["OWNER", "ADMIN", "EDITOR"]));
  ({ org: orgB, owner: ownerB } = await createOrgWithMembers("Invites B", ["OWNER"]));
});

describe("createInvitation", () => {
  it("returns a link with a random token and stores only its sha256", async () => {
    const email = freshEmail();
    const invitation = await invite(adminA.caller, email, "EDITOR");
    const token = tokenOf(invitation.link);
    expect(token.length).toBeGreaterThanOrEqual(32);
    expect(invitation).toMatchObject({ email, role: "EDITOR" });

    const row = await db.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row).toMatchObject({ orgId: orgA.id, email, role: "EDITOR", invitedById: adminA.user.id, acceptedAt: null, revokedAt: null });
    expect(row.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    for (const value of Object.values(row)) {
      expect(String(value instanceof Date ? value.toISOString() : value)).not.toContain(token);
    }
    // Valid for about a week.
    const days = (row.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);

    const second = await invite(adminA.caller, freshEmail(), "VIEWER");
    expect(tokenOf(second.link)).not.toBe(token);

    const events = await db.auditEvent.findMany({ where: { targetId: invitation.id } });
    expect(events.map((e) => [e.action, e.orgId, e.actorId])).toEqual([["member.invited", orgA.id, adminA.user.id]]);
    expect(events[0]!.metadata).toEqual({ email, role: "EDITOR" });
  });

  it("lets an owner invite an owner but refuses an admin (FORBIDDEN) and an editor", async () => {
    const byOwner = await invite(ownerA.caller, freshEmail("owner"), "OWNER");
    expect(byOwner.role).toBe("OWNER");

    const email = freshEmail("would-be-owner");
    expect(await appErrorOf(invite(adminA.caller, email, "OWNER"))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await appErrorOf(invite(editorA.caller, email, "VIEWER"))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await db.invitation.count({ where: { email } })).toBe(0);
  });

  it("refuses to invite someone who is already a member (CONFLICT on email)", async () => {
    const error = await appErrorOf(invite(adminA.caller, editorA.user.email, "VIEWER"));
    expect(error).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(error.fieldErrors?.map((f) => f.field)).toEqual(["email"]);
    expect(await db.invitation.count({ where: { email: editorA.user.email } })).toBe(0);
  });

  it("invites a user who only belongs to another org", async () => {
    const invitation = await invite(adminA.caller, ownerB.user.email, "VIEWER");
    expect(invitation.email).toBe(ownerB.user.email);
  });
});

describe("acceptInvitation", () => {
  it("creates the account and the membership for a new email", async () => {
    const email = freshEmail("newcomer");
    const { link } = await invite(adminA.caller, email, "EDITOR");
    const token = tokenOf(link);

    expect(await findPendingInvitation(token)).toMatchObject({ email, role: "EDITOR", accountExists: false, org: { name: orgA.name } });
    const result = await accept({ token, name: "New Comer", password: NEW_PASSWORD });
    expect(result).toEqual({ orgSlug: orgA.slug, email, newUser: true });

    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, name: true, passwordHash: true } });
    expect(user.name).toBe("New Comer");
    expect(await verifyPassword(user.passwordHash, NEW_PASSWORD)).toBe(true);
    expect(await verifyPassword(user.passwordHash, PASSWORD)).toBe(false);
    expect(await membershipOf(orgA.id, user.id)).toEqual({ role: "EDITOR" });

    const joined = await db.auditEvent.findMany({ where: { action: "member.joined", targetId: user.id } });
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({ orgId: orgA.id, actorId: user.id, ip: meta.ip, userAgent: meta.userAgent });

    // The link is single-use.
    const again = await appErrorOf(accept({ token, name: "Again", password: NEW_PASSWORD }));
    expect(again).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(await findPendingInvitation(token)).toBeNull();
    expect(await db.membership.count({ where: { userId: user.id } })).toBe(1);
  });

  it("asks a new user for a name and a password", async () => {
    const email = freshEmail();
    const { link } = await invite(adminA.caller, email, "VIEWER");
    const error = await appErrorOf(accept({ token: tokenOf(link) }));
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(error.fieldErrors?.map((f) => f.field).sort()).toEqual(["name", "password"]);
    expect(await db.user.count({ where: { email } })).toBe(0);
    // The failed attempt did not use the link up.
    expect(await accept({ token: tokenOf(link), name: "Later", password: NEW_PASSWORD })).toMatchObject({ newUser: true });
  });

  it("answers NOT_FOUND for an unknown, revoked or expired link, and creates nothing", async () => {
    const unknown = await appErrorOf(accept({ token: "x".repeat(43), name: "Nobody", password: NEW_PASSWORD }));
    expect(unknown).toMatchObject({ code: "NOT_FOUND", status: 404 });

    const revokedEmail = freshEmail("revoked");
    const revoked = await invite(adminA.caller, revokedEmail, "VIEWER");
    await revokeInvitation(adminA.caller, revoked.id);
    const revokedError = await appErrorOf(accept({ token: tokenOf(revoked.link), name: "Revoked", password: NEW_PASSWORD }));
    expect(visible(revokedError)).toEqual(visible(unknown));

    const expiredEmail = freshEmail("expired");
    const expired = await invite(adminA.caller, expiredEmail, "VIEWER");
    await db.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expiredError = await appErrorOf(accept({ token: tokenOf(expired.link), name: "Expired", password: NEW_PASSWORD }));
    expect(visible(expiredError)).toEqual(visible(unknown));

    expect(await db.user.count({ where: { email: { in: [revokedEmail, expiredEmail] } } })).toBe(0);
    expect(await findPendingInvitation(tokenOf(revoked.link))).toBeNull();
    expect(await findPendingInvitation(tokenOf(expired.link))).toBeNull();
  });

  it("requires an existing account holder to be signed in as that account", async () => {
    const existing = await createUser({ name: "Existing Person" });
    const { link } = await invite(adminA.caller, existing.email, "VIEWER");
    const token = tokenOf(link);
    const hashBefore = (await db.user.findUniqueOrThrow({ where: { id: existing.id }, select: { passwordHash: true } })).passwordHash;

    expect(await findPendingInvitation(token)).toMatchObject({ accountExists: true });
    // Signed out, even with a name and password: no way to take over the account.
    expect(await appErrorOf(accept({ token, name: "Attacker", password: NEW_PASSWORD }))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    // Signed in as somebody else.
    expect(await appErrorOf(accept({ token }, signedInAs(ownerB.user)))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await membershipOf(orgA.id, existing.id)).toBeNull();
    expect(await membershipOf(orgA.id, ownerB.user.id)).toBeNull();
    const after = await db.user.findUniqueOrThrow({ where: { id: existing.id }, select: { name: true, passwordHash: true } });
    expect(after).toEqual({ name: "Existing Person", passwordHash: hashBefore });

    const result = await accept({ token }, signedInAs(existing));
    expect(result).toEqual({ orgSlug: orgA.slug, email: existing.email, newUser: false });
    expect(await membershipOf(orgA.id, existing.id)).toEqual({ role: "VIEWER" });
  });

  it("lets only one of two concurrent accepts of the same link succeed (existing account)", async () => {
    const existing = await createUser({ name: "Double Clicker" });
    const { link, id } = await invite(adminA.caller, existing.email, "EDITOR");
    const results = await Promise.allSettled([accept({ token: tokenOf(link) }, signedInAs(existing)), accept({ token: tokenOf(link) }, signedInAs(existing))]);

    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(AppError);
    expect(rejected[0]!.reason).toMatchObject({ code: "NOT_FOUND" });
    expect(await db.membership.count({ where: { orgId: orgA.id, userId: existing.id } })).toBe(1);
    expect(await db.auditEvent.count({ where: { action: "member.joined", targetId: existing.id } })).toBe(1);
    expect((await db.invitation.findUniqueOrThrow({ where: { id } })).acceptedAt).toBeInstanceOf(Date);
  });

  // Several rounds, because who wins the race varies; every round must hold.
  it("lets only one of two concurrent accepts of the same link succeed (new account), and the other gets 404", async () => {
    const ROUNDS = 8;
    const losers: unknown[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const email = freshEmail("racer");
      const { link } = await invite(adminA.caller, email, "VIEWER");
      const token = tokenOf(link);
      const results = await Promise.allSettled([
        accept({ token, name: "Racer One", password: NEW_PASSWORD }),
        accept({ token, name: "Racer Two", password: NEW_PASSWORD }),
      ]);
      expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
      const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
      expect(await db.membership.count({ where: { userId: user.id } })).toBe(1);
      losers.push(...results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason));
    }
    // The loser must hear what any used link answers (404), not a 500 from the unique email
    // constraint, nor "sign in as …" for an account that the winner created a moment ago.
    const seen = losers.map((reason) => (reason instanceof AppError ? reason.code : `${(reason as Error).name} ${(reason as { code?: string }).code ?? ""}`.trim()));
    expect(seen).toEqual(Array(ROUNDS).fill("NOT_FOUND"));
  });
});

describe("invitations of another organisation", () => {
  it("are not listed, cannot be revoked, and stay usable", async () => {
    const email = freshEmail("b-invitee");
    const foreign = await invite(ownerB.caller, email, "EDITOR");

    expect((await listPendingInvitations(ownerA.caller)).map((i) => i.id)).not.toContain(foreign.id);
    expect((await listPendingInvitations(ownerB.caller)).map((i) => i.id)).toContain(foreign.id);

    const error = await appErrorOf(revokeInvitation(ownerA.caller, foreign.id));
    const missing = await appErrorOf(revokeInvitation(ownerA.caller, missingId()));
    expect(visible(error)).toEqual(visible(missing));
    expect(error).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(await db.invitation.findUniqueOrThrow({ where: { id: foreign.id }, select: { revokedAt: true } })).toEqual({ revokedAt: null });
    expect(await db.auditEvent.count({ where: { targetId: foreign.id, action: "member.invitation_revoked" } })).toBe(0);

    const result = await accept({ token: tokenOf(foreign.link), name: "B Person", password: NEW_PASSWORD });
    expect(result.orgSlug).toBe(orgB.slug);
  });

  it("revoking one's own invitation works once and is audited", async () => {
    const mine = await invite(adminA.caller, freshEmail(), "VIEWER");
    expect((await listPendingInvitations(adminA.caller)).map((i) => i.id)).toContain(mine.id);
    await revokeInvitation(adminA.caller, mine.id);
    expect((await listPendingInvitations(adminA.caller)).map((i) => i.id)).not.toContain(mine.id);
    expect(await appErrorOf(revokeInvitation(adminA.caller, mine.id))).toMatchObject({ code: "NOT_FOUND" });
    const events = await db.auditEvent.findMany({ where: { targetId: mine.id, action: "member.invitation_revoked" } });
    expect(events.map((e) => [e.orgId, e.actorId])).toEqual([[orgA.id, adminA.user.id]]);
  });
});

describe("updateMemberRole and removeMember", () => {
  // A fresh org per test: these tests change who owns what.
  async function team() {
    return createOrgWithMembers("Members", ["OWNER", "ADMIN", "EDITOR", "VIEWER"]);
  }
  const roleOf = async (membershipId: string) => (await db.membership.findUnique({ where: { id: membershipId }, select: { role: true } }))?.role ?? null;

  it("an admin changes an editor's role, and the change is audited", async () => {
    const { org, admin, editor } = await team();
    const updated = await updateMemberRole(admin.caller, editor.membershipId, "VIEWER");
    expect(updated).toMatchObject({ id: editor.membershipId, role: "VIEWER", user: { id: editor.user.id } });
    expect(await roleOf(editor.membershipId)).toBe("VIEWER");
    const events = await db.auditEvent.findMany({ where: { orgId: org.id, action: "member.role_changed" } });
    expect(events.map((e) => [e.actorId, e.targetId, e.metadata])).toEqual([[admin.user.id, editor.user.id, { email: editor.user.email, from: "EDITOR", to: "VIEWER" }]]);
  });

  it("an admin can neither grant ownership nor change or remove an owner", async () => {
    const { org, owner, admin, editor } = await team();
    expect(await appErrorOf(updateMemberRole(admin.caller, editor.membershipId, "OWNER"))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await appErrorOf(updateMemberRole(admin.caller, owner.membershipId, "VIEWER"))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await appErrorOf(removeMember(admin.caller, owner.membershipId))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await roleOf(editor.membershipId)).toBe("EDITOR");
    expect(await roleOf(owner.membershipId)).toBe("OWNER");
    expect(await db.auditEvent.count({ where: { orgId: org.id } })).toBe(0);
  });

  it("editors and viewers cannot manage members", async () => {
    const { editor, viewer } = await team();
    expect(await appErrorOf(updateMemberRole(editor.caller, viewer.membershipId, "EDITOR"))).toMatchObject({ code: "FORBIDDEN" });
    expect(await appErrorOf(removeMember(viewer.caller, editor.membershipId))).toMatchObject({ code: "FORBIDDEN" });
    expect(await roleOf(viewer.membershipId)).toBe("VIEWER");
    expect(await roleOf(editor.membershipId)).toBe("EDITOR");
  });

  it("the last owner cannot be demoted or removed; with a second owner both work", async () => {
    const { org, owner } = await team();
    const demote = await appErrorOf(updateMemberRole(owner.caller, owner.membershipId, "ADMIN"));
    expect(demote).toMatchObject({ code: "CONFLICT", status: 409 });
    const remove = await appErrorOf(removeMember(owner.caller, owner.membershipId));
    expect(remove).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(await roleOf(owner.membershipId)).toBe("OWNER");

    const second = await addMember(org, "OWNER");
    await updateMemberRole(owner.caller, owner.membershipId, "ADMIN");
    expect(await roleOf(owner.membershipId)).toBe("ADMIN");
    // Now `second` is the only owner again.
    expect(await appErrorOf(removeMember(second.caller, second.membershipId))).toMatchObject({ code: "CONFLICT" });
    expect(await db.membership.count({ where: { orgId: org.id, role: "OWNER" } })).toBe(1);
  });

  // Two owners demoting (or removing) each other at the same moment must not leave the org
  // without an owner: one of the two calls has to fail with CONFLICT. Several rounds, because
  // the interleaving varies; every round must hold.
  it.each(["demote", "remove"] as const)("two owners who %s each other concurrently leave one owner", async (action) => {
    const ROUNDS = 10;
    const outcomes: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { org, owner } = await team();
      const second = await addMember(org, "OWNER");
      const results = await Promise.allSettled(
        action === "demote"
          ? [updateMemberRole(owner.caller, second.membershipId, "ADMIN"), updateMemberRole(second.caller, owner.membershipId, "ADMIN")]
          : [removeMember(owner.caller, second.membershipId), removeMember(second.caller, owner.membershipId)],
      );
      const owners = await db.membership.count({ where: { orgId: org.id, role: "OWNER" } });
      const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason instanceof AppError ? r.reason.code : String(r.reason)] : []));
      outcomes.push(`owners=${owners} failures=${failures.join(",")}`);
    }
    expect(outcomes).toEqual(Array(ROUNDS).fill("owners=1 failures=CONFLICT"));
  });

  it("an owner removes a member: the membership goes, their session stops pointing at the org, and it is audited", async () => {
    const { org, owner, editor } = await team();
    const other = await createOrgWithMembers("Elsewhere", ["OWNER"]);
    const session = await db.authSession.create({ data: { userId: editor.user.id, expiresAt: new Date(Date.now() + 3_600_000), activeOrgId: org.id } });
    const elsewhere = await db.authSession.create({ data: { userId: other.owner.user.id, expiresAt: new Date(Date.now() + 3_600_000), activeOrgId: other.org.id } });

    await removeMember(owner.caller, editor.membershipId);
    expect(await roleOf(editor.membershipId)).toBeNull();
    expect((await listMembers(owner.caller)).map((m) => m.user.id)).not.toContain(editor.user.id);
    expect(await db.authSession.findUniqueOrThrow({ where: { id: session.id } })).toMatchObject({ activeOrgId: null });
    expect(await db.authSession.findUniqueOrThrow({ where: { id: elsewhere.id } })).toMatchObject({ activeOrgId: other.org.id });
    const events = await db.auditEvent.findMany({ where: { orgId: org.id, action: "member.removed" } });
    expect(events.map((e) => [e.actorId, e.targetId, e.metadata])).toEqual([[owner.user.id, editor.user.id, { email: editor.user.email, role: "EDITOR" }]]);
    expect(await appErrorOf(removeMember(owner.caller, editor.membershipId))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("membership ids of another organisation answer NOT_FOUND and stay unchanged", async () => {
    const { owner } = await team();
    const foreign = await createOrgWithMembers("Foreign", ["OWNER", "EDITOR"]);

    for (const call of [
      () => updateMemberRole(owner.caller, foreign.editor.membershipId, "VIEWER"),
      () => updateMemberRole(owner.caller, foreign.owner.membershipId, "VIEWER"),
      () => removeMember(owner.caller, foreign.editor.membershipId),
      () => removeMember(owner.caller, foreign.owner.membershipId),
    ]) {
      const error = await appErrorOf(call());
      expect(visible(error)).toEqual(visible(await appErrorOf(removeMember(owner.caller, missingId()))));
      expect(error).toMatchObject({ code: "NOT_FOUND", status: 404 });
    }
    expect(await roleOf(foreign.editor.membershipId)).toBe("EDITOR");
    expect(await roleOf(foreign.owner.membershipId)).toBe("OWNER");
    expect((await listMembers(owner.caller)).map((m) => m.user.id)).not.toContain(foreign.editor.user.id);
    expect(await db.auditEvent.count({ where: { targetId: { in: [foreign.editor.user.id, foreign.owner.user.id] } } })).toBe(0);
  });
});

describe("what leaving or losing rights takes with it", () => {
  const revokedAtOf = async (id: string) => (await db.invitation.findUniqueOrThrow({ where: { id }, select: { revokedAt: true } })).revokedAt;
  const technicalOwnerOf = async (id: string) => (await db.api.findUniqueOrThrow({ where: { id }, select: { technicalOwnerId: true } })).technicalOwnerId;
  const api = (orgId: string, technicalOwnerId: string | null) =>
    db.api.create({ data: { orgId, name: `API ${uniqueSuffix()}`, technicalOwnerId }, select: { id: true } });

  it("removeMember clears the member's technical ownership in this org only", async () => {
    const { org, owner, editor } = await createOrgWithMembers("Owned APIs", ["OWNER", "EDITOR"]);
    const other = await createOrgWithMembers("Other APIs", ["OWNER"]);
    await addMember(other.org, "EDITOR", editor.user);

    const hisHere = [await api(org.id, editor.user.id), await api(org.id, editor.user.id)];
    const ownersHere = await api(org.id, owner.user.id);
    const unowned = await api(org.id, null);
    const hisThere = await api(other.org.id, editor.user.id);

    await removeMember(owner.caller, editor.membershipId);

    for (const { id } of hisHere) expect(await technicalOwnerOf(id)).toBeNull();
    expect(await technicalOwnerOf(ownersHere.id)).toBe(owner.user.id);
    expect(await technicalOwnerOf(unowned.id)).toBeNull();
    // Still a member of the other org, and still its technical owner there.
    expect(await membershipOf(other.org.id, editor.user.id)).toEqual({ role: "EDITOR" });
    expect(await technicalOwnerOf(hisThere.id)).toBe(editor.user.id);
  });

  it("removeMember revokes the member's pending invitations in this org, and nothing else", async () => {
    const { owner, admin } = await createOrgWithMembers("Leaving Admin", ["OWNER", "ADMIN"]);
    const other = await createOrgWithMembers("Admin Elsewhere", ["OWNER"]);
    const adminThere = await addMember(other.org, "ADMIN", admin.user);

    const hisHere = [await invite(admin.caller, freshEmail("his-editor"), "EDITOR"), await invite(admin.caller, freshEmail("his-viewer"), "VIEWER")];
    const hisAccepted = await invite(admin.caller, freshEmail("already-in"), "VIEWER");
    const acceptedAt = new Date(Date.now() - 60_000);
    await db.invitation.update({ where: { id: hisAccepted.id }, data: { acceptedAt } });
    const ownersHere = await invite(owner.caller, freshEmail("owners"), "EDITOR");
    const hisThere = await invite(adminThere.caller, freshEmail("his-there"), "EDITOR");

    await removeMember(owner.caller, admin.membershipId);

    for (const invitation of hisHere) {
      expect(await revokedAtOf(invitation.id)).toBeInstanceOf(Date);
      expect(await findPendingInvitation(tokenOf(invitation.link))).toBeNull();
    }
    expect((await listPendingInvitations(owner.caller)).map((i) => i.id)).toEqual([ownersHere.id]);
    // An invitation that was already used keeps its history; revoking it would make no sense.
    expect(await db.invitation.findUniqueOrThrow({ where: { id: hisAccepted.id }, select: { acceptedAt: true, revokedAt: true } })).toEqual({ acceptedAt, revokedAt: null });
    expect(await revokedAtOf(ownersHere.id)).toBeNull();
    // Their links for the org they still belong to keep working.
    expect(await revokedAtOf(hisThere.id)).toBeNull();
    expect(await findPendingInvitation(tokenOf(hisThere.link))).toMatchObject({ role: "EDITOR", org: { name: other.org.name } });
  });

  it("demoting an admin to editor revokes every pending invitation that admin sent, of any role, in this org", async () => {
    const { org, owner, admin } = await createOrgWithMembers("Demoted Admin", ["OWNER", "ADMIN"]);
    const otherAdmin = await addMember(org, "ADMIN");
    const elsewhere = await createOrgWithMembers("Demoted Elsewhere", ["OWNER"]);
    const adminThere = await addMember(elsewhere.org, "ADMIN", admin.user);

    const his = await Promise.all((["ADMIN", "EDITOR", "VIEWER"] as const).map((role) => invite(admin.caller, freshEmail(role.toLowerCase()), role)));
    const colleagues = await invite(otherAdmin.caller, freshEmail("colleague"), "VIEWER");
    const ownerInvite = await invite(owner.caller, freshEmail("owner-sent"), "ADMIN");
    const hisThere = await invite(adminThere.caller, freshEmail("there"), "VIEWER");

    expect(await updateMemberRole(owner.caller, admin.membershipId, "EDITOR")).toMatchObject({ role: "EDITOR" });

    for (const invitation of his) expect(await revokedAtOf(invitation.id), `${invitation.role} invitation`).toBeInstanceOf(Date);
    expect(await revokedAtOf(colleagues.id)).toBeNull();
    expect(await revokedAtOf(ownerInvite.id)).toBeNull();
    expect(await revokedAtOf(hisThere.id)).toBeNull();
    expect((await listPendingInvitations(owner.caller)).map((i) => i.id).sort()).toEqual([colleagues.id, ownerInvite.id].sort());
  });

  it("demoting an owner to admin revokes only the owner invitations that owner sent", async () => {
    const { org, owner } = await createOrgWithMembers("Demoted Owner", ["OWNER"]);
    const coOwner = await addMember(org, "OWNER");
    const ownerRole = await invite(owner.caller, freshEmail("future-owner"), "OWNER");
    const lesser = await Promise.all((["ADMIN", "EDITOR", "VIEWER"] as const).map((role) => invite(owner.caller, freshEmail(role.toLowerCase()), role)));
    const coOwners = await invite(coOwner.caller, freshEmail("co-owner-sent"), "OWNER");

    await updateMemberRole(coOwner.caller, owner.membershipId, "ADMIN");

    expect(await revokedAtOf(ownerRole.id)).toBeInstanceOf(Date);
    expect(await findPendingInvitation(tokenOf(ownerRole.link))).toBeNull();
    for (const invitation of lesser) expect(await revokedAtOf(invitation.id), `${invitation.role} invitation`).toBeNull();
    expect(await revokedAtOf(coOwners.id)).toBeNull();
  });

  it("a role change that keeps every invitation within the new role revokes nothing", async () => {
    const { owner, admin } = await createOrgWithMembers("Promoted Admin", ["OWNER", "ADMIN"]);
    const sent = await invite(admin.caller, freshEmail("kept"), "ADMIN");
    await updateMemberRole(owner.caller, admin.membershipId, "OWNER");
    expect(await revokedAtOf(sent.id)).toBeNull();
  });

  // Two admins change the same member at the same moment, to different roles. Either one call
  // wins and the other gets CONFLICT, or they ran one after the other and the second one saw the
  // first one's role. What must never happen: both succeed while both read the old role (a lost
  // update, with an audit trail that claims two changes from EDITOR). Several rounds, because
  // the interleaving varies; every round must hold.
  it("two concurrent role changes of one member: no lost update", async () => {
    const ROUNDS = 10;
    const seen: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const { org, admin, editor } = await createOrgWithMembers("Race", ["ADMIN", "EDITOR"]);
      const admin2 = await addMember(org, "ADMIN");
      const wanted = ["VIEWER", "ADMIN"] as const;
      const results = await Promise.allSettled([
        updateMemberRole(admin.caller, editor.membershipId, wanted[0]),
        updateMemberRole(admin2.caller, editor.membershipId, wanted[1]),
      ]);
      const finalRole = (await db.membership.findUniqueOrThrow({ where: { id: editor.membershipId }, select: { role: true } })).role;
      const changes = (await db.auditEvent.findMany({ where: { orgId: org.id, action: "member.role_changed", targetId: editor.user.id } })).map(
        (e) => {
          const { from, to } = e.metadata as { from: string; to: string };
          return { from, to };
        },
      );
      const succeeded = results.flatMap((r, i) => (r.status === "fulfilled" ? [wanted[i]!] : []));
      const failures = results.flatMap((r) => (r.status === "rejected" ? [r.reason instanceof AppError ? r.reason.code : String(r.reason)] : []));
      for (const r of results) if (r.status === "fulfilled") expect(wanted).toContain(r.value.role);

      if (succeeded.length === 1) {
        seen.push("one wins, other CONFLICT");
        expect(failures).toEqual(["CONFLICT"]);
        expect(finalRole).toBe(succeeded[0]);
        expect(changes).toEqual([{ from: "EDITOR", to: succeeded[0] }]);
      } else {
        seen.push("sequential");
        expect(succeeded, `round ${round}: failures ${failures.join(",")}`).toHaveLength(2);
        // Sequential: the first changed EDITOR to X, the second changed X to the final role.
        expect(changes).toHaveLength(2);
        const first = changes.find((c) => c.from === "EDITOR");
        const second = changes.find((c) => c !== first);
        expect(first, `round ${round}: ${JSON.stringify(changes)}`).toBeDefined();
        expect(second!.from, `round ${round}: ${JSON.stringify(changes)}`).toBe(first!.to);
        expect(finalRole).toBe(second!.to);
      }
    }
    // For the report: how the races went (not asserted; the interleaving is up to the scheduler).
    console.info(`concurrent role changes: ${JSON.stringify(seen.reduce<Record<string, number>>((acc, s) => ({ ...acc, [s]: (acc[s] ?? 0) + 1 }), {}))}`);
  });
});
