import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { MitigationStatus, Severity } from "@/lib/generated/prisma/enums";
import { createApi } from "@/lib/server/apis/create-api";
import { createComment } from "@/lib/server/comments/create-comment";
import { listComments } from "@/lib/server/comments/list-comments";
import { bulkUpdateMitigations, updateMitigation } from "@/lib/server/mitigations/update-mitigation";
import { createMitigation } from "@/lib/server/mitigations/create-mitigation";
import { deleteMitigation } from "@/lib/server/mitigations/delete-mitigation";
import { getMitigation } from "@/lib/server/mitigations/get-mitigation";
import { getMyWork } from "@/lib/server/mitigations/get-my-work";
import { listMitigations } from "@/lib/server/mitigations/list-mitigations";
import { getSlaSettings } from "@/lib/server/settings/get-sla-settings";
import { updateSlaSettings } from "@/lib/server/settings/update-sla-settings";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { approveThreatModel } from "@/lib/server/threat-models/approve-threat-model";
import { submitForReview } from "@/lib/server/threat-models/submit-for-review";
import { createThreat } from "@/lib/server/threats/create-threat";
import { getThreat } from "@/lib/server/threats/get-threat";
import { updateThreat } from "@/lib/server/threats/update-threat";
import { ZCreateApi } from "@/lib/validation/apis";
import { ZBulkMitigations, ZCreateMitigation, ZListMitigationsQuery, ZUpdateMitigation } from "@/lib/validation/mitigations";
import { ZCreateThreat, ZUpdateThreat } from "@/lib/validation/threats";
import { ZCreateThreatModel } from "@/lib/validation/threat-models";
import type { z } from "zod";
import { addMember, appErrorOf, createOrgWithMembers, missingId, uniqueSuffix, visible, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// Mitigation tracking at the data layer: links to threats, SLA due dates, the status rules
// (won't do needs a reason, verified needs evidence and maybe someone else), bulk changes,
// the list and "my work", threat tracking after approval, and tenant isolation.

// ─── helpers ──────────────────────────────────────────────────────────────────────────────

/** Likelihood × impact for each default band (medium ≥ 5, high ≥ 10, critical ≥ 20). */
const RATING: Record<Severity, { likelihood: number; impact: number }> = {
  CRITICAL: { likelihood: 5, impact: 4 },
  HIGH: { likelihood: 4, impact: 3 },
  MEDIUM: { likelihood: 3, impact: 3 },
  LOW: { likelihood: 1, impact: 2 },
};
const DEFAULT_DAYS: Record<Severity, number> = { CRITICAL: 7, HIGH: 30, MEDIUM: 90, LOW: 180 };

/** YYYY-MM-DD, `days` after today (UTC). */
function isoDay(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}
/** Midnight UTC `days` after today: what an SLA due date looks like. */
function utcDay(days: number): Date {
  return new Date(`${isoDay(days)}T00:00:00.000Z`);
}
const at = (isoDate: string) => new Date(`${isoDate}T00:00:00.000Z`);

type TWorld = { member: TMemberFixture; apiId: string; modelId: string };

/** A fresh API (internal, nothing for the rules to pre-answer) with a draft threat model. */
async function newModel(member: TMemberFixture): Promise<TWorld> {
  const api = await createApi(member.caller, ZCreateApi.parse({ name: `Payments ${uniqueSuffix()}` }));
  const model = await createThreatModel(member.caller, ZCreateThreatModel.parse({ apiId: api.id }));
  return { member, apiId: api.id, modelId: model.id };
}

async function addThreat(world: TWorld, severity: Severity, title = `${severity.toLowerCase()} threat ${uniqueSuffix()}`) {
  const threat = await createThreat(world.member.caller, world.modelId, ZCreateThreat.parse({ title, ...RATING[severity] }));
  expect(threat.severity).toBe(severity);
  return threat;
}

const create = (member: TMemberFixture, input: z.input<typeof ZCreateMitigation>) => createMitigation(member.caller, ZCreateMitigation.parse(input));
const update = (member: TMemberFixture, id: string, input: z.input<typeof ZUpdateMitigation>) => updateMitigation(member.caller, id, ZUpdateMitigation.parse(input));
const bulk = (member: TMemberFixture, input: z.input<typeof ZBulkMitigations>) => bulkUpdateMitigations(member.caller, ZBulkMitigations.parse(input));
const list = (member: TMemberFixture, query: Record<string, string> = {}) => listMitigations(member.caller, ZListMitigationsQuery.parse(query));
const title = (what: string) => `${what} ${uniqueSuffix()}`;

/** Drives a mitigation to `status` through the public functions (evidence and reasons included). */
async function moveTo(member: TMemberFixture, id: string, status: MitigationStatus) {
  const current = await getMitigation(member.caller, id);
  const extra = status === "VERIFIED" ? { evidenceNote: "Checked in staging." } : status === "WONT_DO" ? { wontDoReason: "Out of scope." } : {};
  return update(member, id, { version: current.version, status, ...extra });
}

const mitigationRow = (id: string) => db.mitigation.findUniqueOrThrow({ where: { id }, include: { threats: { orderBy: { threatId: "asc" } } } });

// ─── fixtures ─────────────────────────────────────────────────────────────────────────────

let orgA: TOrgFixture;
let ownerA: TMemberFixture;
let adminA: TMemberFixture;
let editorA: TMemberFixture;
let editor2A: TMemberFixture;
let viewerA: TMemberFixture;
let worldA: TWorld;
let criticalA: Awaited<ReturnType<typeof addThreat>>;
let highA: Awaited<ReturnType<typeof addThreat>>;
let mediumA: Awaited<ReturnType<typeof addThreat>>;
let lowA: Awaited<ReturnType<typeof addThreat>>;

let orgB: TOrgFixture;
let ownerB: TMemberFixture;
let editorB: TMemberFixture;
let worldB: TWorld;
let threatB: Awaited<ReturnType<typeof addThreat>>;
let mitigationB: Awaited<ReturnType<typeof create>>;

beforeAll(async () => {
  ({ org: orgA, owner: ownerA, admin: adminA, editor: editorA, viewer: viewerA } = await createOrgWithMembers("Mitig A", ["OWNER", "ADMIN", "EDITOR", "VIEWER"]));
  editor2A = await addMember(orgA, "EDITOR");
  ({ org: orgB, owner: ownerB, editor: editorB } = await createOrgWithMembers("Mitig B", ["OWNER", "EDITOR"]));

  worldA = await newModel(editorA);
  criticalA = await addThreat(worldA, "CRITICAL");
  highA = await addThreat(worldA, "HIGH");
  mediumA = await addThreat(worldA, "MEDIUM");
  lowA = await addThreat(worldA, "LOW");
  // The fixture API gives the rules nothing to pre-answer, so no mitigations exist yet.
  expect(await db.mitigation.count({ where: { orgId: orgA.id } })).toBe(0);

  worldB = await newModel(editorB);
  threatB = await addThreat(worldB, "HIGH");
  mitigationB = await create(editorB, { title: title("B's own fix"), threatIds: [threatB.id], assigneeId: ownerB.user.id });
});

// ─── creating and linking ─────────────────────────────────────────────────────────────────

describe("creating a mitigation linked to threats", () => {
  it("links the given threats, starts PROPOSED without an assignee or due date, and audits it", async () => {
    const name = title("Enforce object-level authorisation");
    const created = await create(editorA, { title: name, description: "Check ownership on every read.", priority: 2, threatIds: [criticalA.id, lowA.id, lowA.id] });
    expect(created).toMatchObject({ title: name, description: "Check ownership on every read.", priority: 2, status: "PROPOSED", assigneeId: null, dueDate: null, dueDateManual: false, version: 1, severity: "CRITICAL", commentCount: 0, overdue: false });
    expect(created.threats.map((threat) => threat.id).sort()).toEqual([criticalA.id, lowA.id].sort());
    const row = await mitigationRow(created.id);
    expect(row).toMatchObject({ orgId: orgA.id, createdById: editorA.user.id });
    expect(row.threats.map((link) => ({ orgId: link.orgId, threatId: link.threatId }))).toEqual([criticalA.id, lowA.id].sort().map((threatId) => ({ orgId: orgA.id, threatId })));
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "mitigation.created", targetId: created.id } });
    expect(event).toMatchObject({ orgId: orgA.id, actorId: editorA.user.id, targetType: "mitigation", metadata: { title: name } });
    expect(((event.metadata as { severities: string[] }).severities).sort()).toEqual(["CRITICAL", "LOW"]);
    // The threat sees the mitigation too.
    expect((await getThreat(editorA.caller, criticalA.id)).mitigations.map((m) => m.id)).toContain(created.id);
  });

  it("needs at least one threat (schema)", () => {
    const parsed = ZCreateMitigation.safeParse({ title: "x", threatIds: [] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toEqual(["threatIds"]);
  });

  it.each([
    ["an unknown threat id", () => [missingId()]],
    ["another organisation's threat", () => [threatB.id]],
    ["a known threat together with a foreign one", () => [criticalA.id, threatB.id]],
  ])("refuses %s with VALIDATION_FAILED and creates nothing", async (_name, ids) => {
    const before = await db.mitigation.count();
    const error = await appErrorOf(create(editorA, { title: title("Linked wrongly"), threatIds: ids() }));
    expect(visible(error)).toMatchObject({ code: "VALIDATION_FAILED", status: 422, fields: ["threatIds"] });
    expect(await db.mitigation.count()).toBe(before);
  });

  it("re-linking replaces the links; foreign threats are refused and the old links stay", async () => {
    const m = await create(editorA, { title: title("Relink"), threatIds: [lowA.id] });
    const relinked = await update(editorA, m.id, { version: 1, threatIds: [highA.id, mediumA.id] });
    expect(relinked.threats.map((threat) => threat.id).sort()).toEqual([highA.id, mediumA.id].sort());
    expect(relinked.severity).toBe("HIGH");
    const error = await appErrorOf(update(editorA, m.id, { version: 2, threatIds: [threatB.id] }));
    expect(visible(error)).toMatchObject({ code: "VALIDATION_FAILED", fields: ["threatIds"] });
    expect((await mitigationRow(m.id)).threats.map((link) => link.threatId)).toEqual([highA.id, mediumA.id].sort());
    expect((await mitigationRow(m.id)).version).toBe(2);
  });
});

// ─── SLA due dates ────────────────────────────────────────────────────────────────────────

describe("SLA due dates", () => {
  it("creating with an assignee sets the due date from the worst linked threat and makes it PLANNED", async () => {
    const m = await create(editorA, { title: title("Rotate keys"), threatIds: [lowA.id, criticalA.id, mediumA.id], assigneeId: editor2A.user.id });
    expect(m).toMatchObject({ status: "PLANNED", assigneeId: editor2A.user.id, dueDate: utcDay(7), dueDateManual: false, severity: "CRITICAL" });
    expect(m.assignee).toMatchObject({ id: editor2A.user.id, email: editor2A.user.email });
  });

  it.each(["CRITICAL", "HIGH", "MEDIUM", "LOW"] as Severity[])("assigning later uses the default SLA for a %s threat", async (severity) => {
    const threatId = { CRITICAL: () => criticalA.id, HIGH: () => highA.id, MEDIUM: () => mediumA.id, LOW: () => lowA.id }[severity]();
    const m = await create(editorA, { title: title(`SLA ${severity}`), threatIds: [threatId] });
    expect(m).toMatchObject({ status: "PROPOSED", dueDate: null });
    const assigned = await update(editorA, m.id, { version: m.version, assigneeId: editor2A.user.id });
    expect(assigned).toMatchObject({ status: "PLANNED", assigneeId: editor2A.user.id, dueDate: utcDay(DEFAULT_DAYS[severity]), dueDateManual: false, version: m.version + 1 });
  });

  it("uses the organisation's own SLA after updateSlaSettings", async () => {
    const { org, owner, editor } = await createOrgWithMembers("Custom SLA", ["OWNER", "EDITOR"]);
    const world = await newModel(editor);
    const threats = { CRITICAL: await addThreat(world, "CRITICAL"), HIGH: await addThreat(world, "HIGH"), MEDIUM: await addThreat(world, "MEDIUM"), LOW: await addThreat(world, "LOW") };
    expect(await getSlaSettings(owner.caller)).toMatchObject({ slaCriticalDays: 7, slaHighDays: 30, slaMediumDays: 90, slaLowDays: 180, independentVerification: false, version: 0 });
    const saved = await updateSlaSettings(owner.caller, { version: 0, slaCriticalDays: 2, slaHighDays: 14, slaMediumDays: 45, slaLowDays: 365, independentVerification: false });
    expect(saved).toMatchObject({ slaCriticalDays: 2, slaHighDays: 14, slaMediumDays: 45, slaLowDays: 365, version: 1 });
    expect(await db.auditEvent.count({ where: { orgId: org.id, action: "settings.sla_changed" } })).toBe(1);
    const custom: Record<Severity, number> = { CRITICAL: 2, HIGH: 14, MEDIUM: 45, LOW: 365 };
    for (const severity of ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as Severity[]) {
      const m = await create(editor, { title: title(`Custom ${severity}`), threatIds: [threats[severity].id], assigneeId: owner.user.id });
      expect(m.dueDate, severity).toEqual(utcDay(custom[severity]));
    }
    // A stale settings version is refused.
    expect((await appErrorOf(updateSlaSettings(owner.caller, { version: 0, slaCriticalDays: 1, slaHighDays: 2, slaMediumDays: 3, slaLowDays: 4, independentVerification: false }))).code).toBe("CONFLICT");
    // Org A still uses the defaults.
    const m = await create(editorA, { title: title("Still default"), threatIds: [highA.id], assigneeId: editor2A.user.id });
    expect(m.dueDate).toEqual(utcDay(30));
  });

  it("a manual due date sticks through reassignment; clearing it hands the date back to the SLA", async () => {
    const m = await create(editorA, { title: title("Manual date"), threatIds: [highA.id], assigneeId: editor2A.user.id, dueDate: "2031-05-01" });
    expect(m).toMatchObject({ status: "PLANNED", dueDate: at("2031-05-01"), dueDateManual: true });
    const reassigned = await update(editorA, m.id, { version: m.version, assigneeId: adminA.user.id });
    expect(reassigned).toMatchObject({ assigneeId: adminA.user.id, dueDate: at("2031-05-01"), dueDateManual: true });
    const relinked = await update(editorA, m.id, { version: reassigned.version, threatIds: [criticalA.id] });
    expect(relinked).toMatchObject({ dueDate: at("2031-05-01"), dueDateManual: true });
    const cleared = await update(editorA, m.id, { version: relinked.version, dueDate: null });
    expect(cleared).toMatchObject({ dueDate: utcDay(7), dueDateManual: false });
  });

  it("setting a date on an SLA-dated mitigation makes it manual", async () => {
    const m = await create(editorA, { title: title("Override"), threatIds: [lowA.id], assigneeId: editor2A.user.id });
    expect(m).toMatchObject({ dueDate: utcDay(180), dueDateManual: false });
    const moved = await update(editorA, m.id, { version: m.version, dueDate: "2030-01-31" });
    expect(moved).toMatchObject({ dueDate: at("2030-01-31"), dueDateManual: true, status: "PLANNED" });
  });

  it("without an assignee, clearing the date leaves no date", async () => {
    const m = await create(editorA, { title: title("Unassigned with date"), threatIds: [lowA.id], dueDate: "2030-03-03" });
    expect(m).toMatchObject({ status: "PROPOSED", dueDate: at("2030-03-03"), dueDateManual: true });
    expect(await update(editorA, m.id, { version: 1, dueDate: null })).toMatchObject({ dueDate: null, dueDateManual: false, status: "PROPOSED" });
  });

  it("a status set with the assignment wins over PROPOSED → PLANNED", async () => {
    const m = await create(editorA, { title: title("Straight to work"), threatIds: [mediumA.id] });
    const started = await update(editorA, m.id, { version: 1, assigneeId: editorA.user.id, status: "IN_PROGRESS" });
    expect(started).toMatchObject({ status: "IN_PROGRESS", assigneeId: editorA.user.id, dueDate: utcDay(90) });
  });

  it("refuses an assignee who is not a member of the organisation", async () => {
    const before = await db.mitigation.count();
    for (const assigneeId of [ownerB.user.id, missingId()]) {
      const error = await appErrorOf(create(editorA, { title: title("Outsider"), threatIds: [lowA.id], assigneeId }));
      expect(visible(error)).toMatchObject({ code: "VALIDATION_FAILED", fields: ["assigneeId"] });
    }
    expect(await db.mitigation.count()).toBe(before);
    const m = await create(editorA, { title: title("Inside"), threatIds: [lowA.id] });
    const error = await appErrorOf(update(editorA, m.id, { version: 1, assigneeId: ownerB.user.id }));
    expect(visible(error)).toMatchObject({ code: "VALIDATION_FAILED", fields: ["assigneeId"] });
    expect(await mitigationRow(m.id)).toMatchObject({ assigneeId: null, status: "PROPOSED", dueDate: null, version: 1 });
    // A viewer is a member, so may be assigned.
    expect(await update(editorA, m.id, { version: 1, assigneeId: viewerA.user.id })).toMatchObject({ assigneeId: viewerA.user.id, status: "PLANNED" });
  });
});

// ─── status rules ─────────────────────────────────────────────────────────────────────────

describe("status rules", () => {
  it("WONT_DO needs a reason; the reason goes when the mitigation leaves WONT_DO", async () => {
    const m = await create(editorA, { title: title("Won't do"), threatIds: [lowA.id], assigneeId: editor2A.user.id });
    for (const reason of [undefined, "   "]) {
      const error = await appErrorOf(update(editorA, m.id, { version: m.version, status: "WONT_DO", ...(reason !== undefined ? { wontDoReason: reason } : {}) }));
      expect(visible(error)).toMatchObject({ code: "VALIDATION_FAILED", fields: ["wontDoReason"] });
    }
    expect(await mitigationRow(m.id)).toMatchObject({ status: "PLANNED", version: m.version });
    const declined = await update(editorA, m.id, { version: m.version, status: "WONT_DO", wontDoReason: "The endpoint is being retired in March." });
    expect(declined).toMatchObject({ status: "WONT_DO", wontDoReason: "The endpoint is being retired in March." });
    const reopened = await update(editorA, m.id, { version: declined.version, status: "PLANNED" });
    expect(reopened).toMatchObject({ status: "PLANNED", wontDoReason: null });
  });

  it("VERIFIED needs evidence (a note or a link); verifier and time are recorded and cleared when it moves back", async () => {
    const m = await create(editorA, { title: title("Verify me"), threatIds: [highA.id], assigneeId: editor2A.user.id });
    const error = await appErrorOf(update(editorA, m.id, { version: m.version, status: "VERIFIED" }));
    expect(visible(error)).toMatchObject({ code: "VALIDATION_FAILED", status: 422, fields: ["evidenceUrl", "evidenceNote"] });
    const blank = await appErrorOf(update(editorA, m.id, { version: m.version, status: "VERIFIED", evidenceNote: "  ", evidenceUrl: null }));
    expect(visible(blank).fields).toEqual(["evidenceUrl", "evidenceNote"]);
    expect(await mitigationRow(m.id)).toMatchObject({ status: "PLANNED", verifiedById: null, verifiedAt: null, version: m.version });

    const startedAt = Date.now();
    const verified = await update(adminA, m.id, { version: m.version, status: "VERIFIED", evidenceNote: "Pen-test retest passed." });
    expect(verified).toMatchObject({ status: "VERIFIED", evidenceNote: "Pen-test retest passed.", verifiedBy: { id: adminA.user.id, name: adminA.user.name } });
    expect(verified.verifiedAt!.getTime()).toBeGreaterThanOrEqual(startedAt - 1000);
    expect((await mitigationRow(m.id)).verifiedById).toBe(adminA.user.id);

    const back = await update(adminA, m.id, { version: verified.version, status: "IN_PROGRESS" });
    expect(back).toMatchObject({ status: "IN_PROGRESS", verifiedBy: null, verifiedAt: null });
    expect((await mitigationRow(m.id)).verifiedById).toBeNull();

    // A link alone is evidence too (the old note is cleared to prove it).
    const byLink = await update(editorA, m.id, { version: back.version, status: "VERIFIED", evidenceNote: null, evidenceUrl: "https://ci.example.test/runs/42" });
    expect(byLink).toMatchObject({ status: "VERIFIED", evidenceUrl: "https://ci.example.test/runs/42", evidenceNote: null, verifiedBy: { id: editorA.user.id } });
  });

  it("evidence and ticket links must be http(s) (schema)", () => {
    const parsed = ZUpdateMitigation.safeParse({ version: 1, evidenceUrl: "javascript:alert(1)", ticketUrl: "ftp://x.test/y" });
    expect(parsed.error?.issues.map((issue) => issue.path.join(".")).sort()).toEqual(["evidenceUrl", "ticketUrl"]);
  });

  it("with independent verification on, the assignee cannot verify but another member can", async () => {
    const { owner, editor, admin } = await createOrgWithMembers("Independent", ["OWNER", "EDITOR", "ADMIN"]);
    await updateSlaSettings(owner.caller, { version: 0, slaCriticalDays: 7, slaHighDays: 30, slaMediumDays: 90, slaLowDays: 180, independentVerification: true });
    const world = await newModel(editor);
    const threat = await addThreat(world, "HIGH");
    const m = await create(editor, { title: title("Four eyes"), threatIds: [threat.id], assigneeId: editor.user.id });
    const error = await appErrorOf(update(editor, m.id, { version: m.version, status: "VERIFIED", evidenceNote: "I checked it myself." }));
    expect(visible(error)).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await mitigationRow(m.id)).toMatchObject({ status: "PLANNED", evidenceNote: null, version: m.version });
    // The assignee may still move their own work along short of verifying it.
    const implemented = await update(editor, m.id, { version: m.version, status: "IMPLEMENTED", evidenceNote: "Deployed in 2.3.1." });
    expect(implemented.status).toBe("IMPLEMENTED");
    const verified = await update(admin, m.id, { version: implemented.version, status: "VERIFIED" });
    expect(verified).toMatchObject({ status: "VERIFIED", verifiedBy: { id: admin.user.id } });
  });

  it("a stale version is a CONFLICT and changes nothing", async () => {
    const m = await create(editorA, { title: title("Contended"), threatIds: [lowA.id] });
    await update(editorA, m.id, { version: 1, priority: 1 });
    const error = await appErrorOf(update(editor2A, m.id, { version: 1, priority: 5, title: "Overwritten" }));
    expect(visible(error)).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(await mitigationRow(m.id)).toMatchObject({ priority: 1, title: m.title, version: 2 });
  });

  it("each update is audited with the fields changed and the status move", async () => {
    const m = await create(editorA, { title: title("Audited"), threatIds: [lowA.id] });
    await update(editor2A, m.id, { version: 1, status: "IN_PROGRESS", priority: 1 });
    const events = await db.auditEvent.findMany({ where: { targetId: m.id, action: "mitigation.updated" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ orgId: orgA.id, actorId: editor2A.user.id, targetType: "mitigation", ip: "203.0.113.7", userAgent: "vitest" });
    expect(events[0]!.metadata).toMatchObject({ status: { from: "PROPOSED", to: "IN_PROGRESS" } });
    expect(((events[0]!.metadata as { fields: string[] }).fields).sort()).toEqual(["priority", "status"]);
  });

  it("deleting removes the mitigation and its links, and is audited", async () => {
    const m = await create(editorA, { title: title("Delete me"), threatIds: [lowA.id, highA.id] });
    await deleteMitigation(editorA.caller, m.id);
    expect(await db.mitigation.findUnique({ where: { id: m.id } })).toBeNull();
    expect(await db.threatMitigation.count({ where: { mitigationId: m.id } })).toBe(0);
    expect((await appErrorOf(getMitigation(editorA.caller, m.id))).code).toBe("NOT_FOUND");
    expect(await db.auditEvent.findFirst({ where: { action: "mitigation.deleted", targetId: m.id } })).toMatchObject({ orgId: orgA.id, actorId: editorA.user.id, metadata: { title: m.title } });
    expect((await appErrorOf(deleteMitigation(editorA.caller, m.id))).code).toBe("NOT_FOUND");
  });
});

// ─── threats: the "mitigated" proposal and tracking after approval ─────────────────────────

describe("threat tracking", () => {
  it("mitigatedProposal is true only for an OPEN threat whose mitigations are all VERIFIED", async () => {
    const world = await newModel(editorA);
    const threat = await addThreat(world, "HIGH");
    const bare = await addThreat(world, "LOW");
    expect((await getThreat(editorA.caller, bare.id)).mitigatedProposal).toBe(false);
    const one = await create(editorA, { title: title("Part one"), threatIds: [threat.id] });
    const two = await create(editorA, { title: title("Part two"), threatIds: [threat.id] });
    expect((await getThreat(editorA.caller, threat.id)).mitigatedProposal).toBe(false);
    await moveTo(editorA, one.id, "VERIFIED");
    expect((await getThreat(editorA.caller, threat.id)).mitigatedProposal).toBe(false);
    await moveTo(editorA, two.id, "IMPLEMENTED");
    expect((await getThreat(editorA.caller, threat.id)).mitigatedProposal).toBe(false);
    await moveTo(editorA, two.id, "WONT_DO");
    expect((await getThreat(editorA.caller, threat.id)).mitigatedProposal).toBe(false);
    await moveTo(editorA, two.id, "VERIFIED");
    const proposed = await getThreat(editorA.caller, threat.id);
    expect(proposed.mitigatedProposal).toBe(true);
    expect(proposed.mitigations.map((m) => m.status)).toEqual(["VERIFIED", "VERIFIED"]);
    // Once the threat is marked mitigated, there is nothing left to propose.
    await updateThreat(editorA.caller, threat.id, ZUpdateThreat.parse({ version: proposed.version, status: "MITIGATED" }));
    expect((await getThreat(editorA.caller, threat.id)).mitigatedProposal).toBe(false);
  });

  it("on an APPROVED model a threat's status may change (tracking) but its likelihood may not", async () => {
    const world = await newModel(editorA);
    const threat = await addThreat(world, "HIGH");
    const m = await create(editorA, { title: title("After approval"), threatIds: [threat.id], assigneeId: editor2A.user.id });
    await submitForReview(editorA.caller, world.modelId, { reviewerId: null, comment: "" });
    await approveThreatModel(adminA.caller, world.modelId, "ok");
    expect((await db.threatModel.findUniqueOrThrow({ where: { id: world.modelId } })).status).toBe("APPROVED");

    const frozen = await appErrorOf(updateThreat(editorA.caller, threat.id, ZUpdateThreat.parse({ version: 1, likelihood: 1 })));
    expect(frozen.code).toBe("CONFLICT");
    const mixed = await appErrorOf(updateThreat(editorA.caller, threat.id, ZUpdateThreat.parse({ version: 1, status: "MITIGATED", impact: 1 })));
    expect(mixed.code).toBe("CONFLICT");
    expect(await db.threat.findUniqueOrThrow({ where: { id: threat.id } })).toMatchObject({ likelihood: 4, impact: 3, status: "OPEN", version: 1 });

    // Mitigations keep moving after approval.
    await moveTo(editor2A, m.id, "IN_PROGRESS");
    await moveTo(adminA, m.id, "VERIFIED");
    expect((await getThreat(editorA.caller, threat.id)).mitigatedProposal).toBe(true);
    const tracked = await updateThreat(editorA.caller, threat.id, ZUpdateThreat.parse({ version: 1, status: "MITIGATED" }));
    expect(tracked).toMatchObject({ status: "MITIGATED", likelihood: 4, impact: 3, severity: "HIGH", version: 2, mitigatedProposal: false });
  });
});

// ─── bulk changes ─────────────────────────────────────────────────────────────────────────

describe("bulk changes", () => {
  it("assigns three at once: each gets an SLA date and PLANNED, and the assignee is notified of each", async () => {
    const ms = [
      await create(editorA, { title: title("Bulk critical"), threatIds: [criticalA.id] }),
      await create(editorA, { title: title("Bulk high"), threatIds: [highA.id] }),
      await create(editorA, { title: title("Bulk low"), threatIds: [lowA.id] }),
    ];
    const assignedTo = (userId: string) => db.notification.count({ where: { userId, kind: "ASSIGNED" } });
    const before = { editor2: await assignedTo(editor2A.user.id), all: await db.notification.count() };
    // A repeated id is one mitigation, counted once.
    expect(await bulk(editorA, { ids: [...ms.map((m) => m.id), ms[0]!.id], assigneeId: editor2A.user.id })).toEqual({ updated: 3 });
    const after = await Promise.all(ms.map((m) => getMitigation(editorA.caller, m.id)));
    expect(after.map((m) => [m.status, m.assigneeId, m.dueDate])).toEqual([
      ["PLANNED", editor2A.user.id, utcDay(7)],
      ["PLANNED", editor2A.user.id, utcDay(30)],
      ["PLANNED", editor2A.user.id, utcDay(180)],
    ]);
    const links = ms.map((m) => `/${orgA.slug}/mitigations/${m.id}`);
    const notifications = await db.notification.findMany({ where: { link: { in: links } }, orderBy: { link: "asc" } });
    expect(notifications.map((n) => [n.link, n.userId, n.kind, n.orgId, n.title])).toEqual(
      ms.map((m, i) => [links[i], editor2A.user.id, "ASSIGNED", orgA.id, `You were assigned “${m.title}”`]).sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
    );
    expect(notifications.map((n) => n.body).sort()).toEqual([`Due ${isoDay(180)}.`, `Due ${isoDay(30)}.`, `Due ${isoDay(7)}.`].sort());
    // Exactly one each, and nobody else was told.
    expect(await assignedTo(editor2A.user.id)).toBe(before.editor2 + 3);
    expect(await db.notification.count()).toBe(before.all + 3);
  });

  it("all or nothing: one item without evidence fails VERIFIED for the batch, naming that item", async () => {
    // Created first, so the database is likely to return it first; it is last in the request.
    const bare = await create(editorA, { title: title("No evidence"), threatIds: [lowA.id], assigneeId: editor2A.user.id });
    const withNote = await create(editorA, { title: title("Has a note"), threatIds: [lowA.id], assigneeId: editor2A.user.id });
    const withLink = await create(editorA, { title: title("Has a link"), threatIds: [lowA.id], assigneeId: editor2A.user.id });
    const a = await update(editorA, withNote.id, { version: withNote.version, evidenceNote: "Retested." });
    const b = await update(editorA, withLink.id, { version: withLink.version, evidenceUrl: "https://ci.example.test/1" });

    const error = await appErrorOf(bulk(editorA, { ids: [withNote.id, withLink.id, bare.id], status: "VERIFIED" }));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toContain("1 of 3");
    expect(error.fieldErrors).toHaveLength(1);
    expect(error.fieldErrors![0]!.detail).toContain(bare.title);
    expect(error.fieldErrors![0]!.field).toMatch(/^ids\.[0-2]$/);

    for (const [id, version] of [[withNote.id, a.version], [withLink.id, b.version], [bare.id, bare.version]] as const) {
      expect(await mitigationRow(id)).toMatchObject({ status: "PLANNED", verifiedById: null, verifiedAt: null, version });
    }
    expect(await db.auditEvent.count({ where: { targetId: { in: [withNote.id, withLink.id] }, action: "mitigation.updated", metadata: { path: ["status", "to"], equals: "VERIFIED" } } })).toBe(0);

    // Without the bare one, the batch goes through.
    expect(await bulk(editorA, { ids: [withNote.id, withLink.id], status: "VERIFIED" })).toEqual({ updated: 2 });
    expect((await mitigationRow(withNote.id))).toMatchObject({ status: "VERIFIED", verifiedById: editorA.user.id });
  });

  it("the refused item's field error points at its place in the request, not at the database's row order", async () => {
    // Created first, so the database returns it first; it is last in the request.
    const bare = await create(editorA, { title: title("Bare"), threatIds: [lowA.id] });
    const noted = [
      await create(editorA, { title: title("Noted 1"), threatIds: [lowA.id] }),
      await create(editorA, { title: title("Noted 2"), threatIds: [lowA.id] }),
    ];
    for (const m of noted) await update(editorA, m.id, { version: 1, evidenceNote: "Retested." });
    const error = await appErrorOf(bulk(editorA, { ids: [noted[0]!.id, noted[1]!.id, bare.id], status: "VERIFIED" }));
    expect(error.fieldErrors).toEqual([{ field: "ids.2", pointer: "/ids/2", detail: expect.stringContaining(bare.title) }]);
  });

  it("a foreign or unknown id in the batch is NOT_FOUND and nothing changes, here or there", async () => {
    const own = await create(editorA, { title: title("Own"), threatIds: [lowA.id] });
    const bRow = await mitigationRow(mitigationB.id);
    for (const stranger of [mitigationB.id, missingId()]) {
      const error = await appErrorOf(bulk(editorA, { ids: [own.id, stranger], assigneeId: editor2A.user.id }));
      expect(error.code).toBe("NOT_FOUND");
      expect(await mitigationRow(own.id)).toMatchObject({ assigneeId: null, status: "PROPOSED", version: 1 });
    }
    expect(await mitigationRow(mitigationB.id)).toEqual(bRow);
  });

  it("bulk status change to WONT_DO is refused for all (no reason can be given in bulk)", async () => {
    const m = await create(editorA, { title: title("Bulk wont"), threatIds: [lowA.id] });
    const error = await appErrorOf(bulk(editorA, { ids: [m.id], status: "WONT_DO" }));
    expect(visible(error)).toMatchObject({ code: "VALIDATION_FAILED", fields: ["ids.0"] });
    expect((await mitigationRow(m.id)).status).toBe("PROPOSED");
  });
});

// ─── listing ──────────────────────────────────────────────────────────────────────────────

describe("listMitigations", () => {
  let owner: TMemberFixture;
  let editor: TMemberFixture;
  let editor2: TMemberFixture;
  let apiX: string;
  let apiY: string;
  const m: Record<"m1" | "m2" | "m3" | "m4" | "m5", { id: string; title: string }> = {} as never;
  const ids = (page: { data: { id: string }[] }) => page.data.map((row) => row.id);

  beforeAll(async () => {
    const made = await createOrgWithMembers("Listing", ["OWNER", "EDITOR"]);
    ({ owner, editor } = made);
    editor2 = await addMember(made.org, "EDITOR");
    const x = await newModel(editor);
    const y = await newModel(editor);
    apiX = x.apiId;
    apiY = y.apiId;
    const critical = await addThreat(x, "CRITICAL");
    const low = await addThreat(x, "LOW");
    const medium = await addThreat(y, "MEDIUM");
    // m3 2020-01-15 (overdue) < m5 2020-02-01 (verified) < m1 today+7 < m4 today+20 < m2 (no date)
    m.m1 = await create(editor, { title: "Rotate signing keys", threatIds: [critical.id], assigneeId: editor.user.id });
    m.m2 = await create(editor, { title: "Add rate limiting", threatIds: [low.id] });
    m.m3 = await create(editor, { title: "Patch the XML parser", threatIds: [medium.id], assigneeId: editor2.user.id, dueDate: "2020-01-15" });
    m.m4 = await create(editor, { title: "Harden response headers", threatIds: [critical.id, medium.id], assigneeId: editor.user.id, dueDate: isoDay(20) });
    await moveTo(editor, m.m4.id, "IN_PROGRESS");
    m.m5 = await create(editor, { title: "Old parser fix", threatIds: [medium.id], assigneeId: editor.user.id, dueDate: "2020-02-01" });
    await moveTo(owner, m.m5.id, "VERIFIED");
  });

  it("lists everything by due date (no date last), with total and overdue flags", async () => {
    const page = await list(editor);
    expect(ids(page)).toEqual([m.m3.id, m.m5.id, m.m1.id, m.m4.id, m.m2.id]);
    expect(page).toMatchObject({ total: 5, nextCursor: null });
    expect(page.data.map((row) => row.overdue)).toEqual([true, false, false, false, false]);
    expect(page.data.map((row) => row.severity)).toEqual(["MEDIUM", "MEDIUM", "CRITICAL", "CRITICAL", "LOW"]);
  });

  it("filters by status (comma-separated)", async () => {
    expect(ids(await list(editor, { status: "PLANNED,IN_PROGRESS" }))).toEqual([m.m3.id, m.m1.id, m.m4.id]);
    expect(ids(await list(editor, { status: "VERIFIED" }))).toEqual([m.m5.id]);
    expect(ids(await list(editor, { status: "PROPOSED" }))).toEqual([m.m2.id]);
    expect(ZListMitigationsQuery.safeParse({ status: "PLANNED,DONE" }).success).toBe(false);
  });

  it("filters by assignee: me, none, or a member id", async () => {
    expect(ids(await list(editor, { assignee: "me" }))).toEqual([m.m5.id, m.m1.id, m.m4.id]);
    expect(ids(await list(editor2, { assignee: "me" }))).toEqual([m.m3.id]);
    expect(ids(await list(owner, { assignee: "me" }))).toEqual([]);
    expect(ids(await list(editor, { assignee: "none" }))).toEqual([m.m2.id]);
    expect(ids(await list(owner, { assignee: editor2.user.id }))).toEqual([m.m3.id]);
  });

  it("filters by due date (strictly before the day), API, severity and title search", async () => {
    expect(ids(await list(editor, { dueBefore: isoDay(8) }))).toEqual([m.m3.id, m.m5.id, m.m1.id]);
    expect(ids(await list(editor, { dueBefore: isoDay(7) }))).toEqual([m.m3.id, m.m5.id]);
    expect(ids(await list(editor, { dueBefore: "2020-01-15" }))).toEqual([]);
    expect(ids(await list(editor, { apiId: apiX }))).toEqual([m.m1.id, m.m4.id, m.m2.id]);
    expect(ids(await list(editor, { apiId: apiY }))).toEqual([m.m3.id, m.m5.id, m.m4.id]);
    expect(ids(await list(editor, { apiId: worldB.apiId }))).toEqual([]);
    expect(ids(await list(editor, { severity: "CRITICAL" }))).toEqual([m.m1.id, m.m4.id]);
    expect(ids(await list(editor, { severity: "LOW" }))).toEqual([m.m2.id]);
    expect(ids(await list(editor, { severity: "HIGH" }))).toEqual([]);
    // m4 answers a critical and a medium threat: it is a critical mitigation, not a medium one.
    expect(ids(await list(editor, { severity: "MEDIUM" }))).toEqual([m.m3.id, m.m5.id]);
    expect(ids(await list(editor, { severity: "MEDIUM,CRITICAL" }))).toEqual([m.m3.id, m.m5.id, m.m1.id, m.m4.id]);
    expect(ids(await list(editor, { q: "PARSER" }))).toEqual([m.m3.id, m.m5.id]);
    expect(ids(await list(editor, { q: "headers", status: "IN_PROGRESS", assignee: "me" }))).toEqual([m.m4.id]);
  });

  it("pages with a cursor; total is the whole match", async () => {
    const first = await list(editor, { limit: "2" });
    expect(ids(first)).toEqual([m.m3.id, m.m5.id]);
    expect(first).toMatchObject({ total: 5, nextCursor: m.m5.id });
    const second = await list(editor, { limit: "2", cursor: first.nextCursor! });
    expect(ids(second)).toEqual([m.m1.id, m.m4.id]);
    expect(second.nextCursor).toBe(m.m4.id);
    const third = await list(editor, { limit: "2", cursor: second.nextCursor! });
    expect(ids(third)).toEqual([m.m2.id]);
    expect(third.nextCursor).toBeNull();
    const filtered = await list(editor, { limit: "1", assignee: "me" });
    expect(filtered).toMatchObject({ total: 3, nextCursor: m.m5.id });
  });

  it("a cursor from nowhere or from another organisation is a BAD_REQUEST", async () => {
    expect((await appErrorOf(list(editor, { cursor: missingId() }))).code).toBe("BAD_REQUEST");
    expect((await appErrorOf(list(editor, { cursor: mitigationB.id }))).code).toBe("BAD_REQUEST");
  });

  it("never lists another organisation's mitigations", async () => {
    const everything = await list(editorB, { limit: "200" });
    expect(ids(everything)).toEqual([mitigationB.id]);
    expect(everything.total).toBe(1);
  });
});

// ─── my work ──────────────────────────────────────────────────────────────────────────────

describe("getMyWork", () => {
  it("shows only the caller's open work, overdue first", async () => {
    const { org, editor: worker, owner } = await createOrgWithMembers("My work", ["OWNER", "EDITOR"]);
    const other = await addMember(org, "EDITOR");
    const world = await newModel(worker);
    const high = await addThreat(world, "HIGH");
    const w1 = await create(worker, { title: title("Later"), threatIds: [high.id], assigneeId: worker.user.id });
    const w2 = await create(worker, { title: title("Late since May"), threatIds: [high.id], assigneeId: worker.user.id, dueDate: "2020-05-01" });
    await moveTo(worker, w2.id, "IN_PROGRESS");
    const w3 = await create(worker, { title: title("Late since April"), threatIds: [high.id], assigneeId: worker.user.id, dueDate: "2020-04-01" });
    const w4 = await create(worker, { title: title("Undated"), threatIds: [high.id] });
    await update(owner, w4.id, { version: 1, assigneeId: worker.user.id, dueDate: "2031-01-01" });
    const done = await create(worker, { title: title("Done"), threatIds: [high.id], assigneeId: worker.user.id, dueDate: "2020-01-01" });
    await moveTo(owner, done.id, "VERIFIED");
    const declined = await create(worker, { title: title("Declined"), threatIds: [high.id], assigneeId: worker.user.id, dueDate: "2020-01-02" });
    await moveTo(worker, declined.id, "WONT_DO");
    await create(worker, { title: title("Someone else's"), threatIds: [high.id], assigneeId: other.user.id, dueDate: "2020-01-03" });
    await create(worker, { title: title("Nobody's"), threatIds: [high.id] });

    const work = await getMyWork(worker.caller);
    expect(work.mitigations.map((item) => item.id)).toEqual([w3.id, w2.id, w1.id, w4.id]);
    expect(work.mitigations.map((item) => item.overdue)).toEqual([true, true, false, false]);
    expect(work.mitigations.map((item) => item.status)).toEqual(["PLANNED", "IN_PROGRESS", "PLANNED", "PLANNED"]);
    expect((await getMyWork(other.caller)).mitigations).toHaveLength(1);
    expect((await getMyWork(owner.caller)).mitigations).toEqual([]);
    // Another organisation's members see only their own work.
    expect((await getMyWork(editorB.caller)).mitigations).toEqual([]);
    expect((await getMyWork(ownerB.caller)).mitigations.map((item) => item.id)).toEqual([mitigationB.id]);
  });

  it("review requests: named reviewer, or admins when nobody is named; never the caller's own models", async () => {
    const { org, owner, admin, editor: worker } = await createOrgWithMembers("Reviews", ["OWNER", "ADMIN", "EDITOR"]);
    const other = await addMember(org, "EDITOR");
    const model = async (author: TMemberFixture) => (await newModel(author)).modelId;
    const submit = (author: TMemberFixture, id: string, reviewerId: string | null) => submitForReview(author.caller, id, { reviewerId, comment: "" });

    const r1 = await model(worker); // worker's, nobody named
    await submit(worker, r1, null);
    const r2 = await model(other); // other's, worker named
    await submit(other, r2, worker.user.id);
    const r3 = await model(admin); // admin's, nobody named
    await submit(admin, r3, null);
    await model(other); // a draft: nobody's business yet
    const r5 = await model(other); // approved: done
    await submit(other, r5, worker.user.id);
    await approveThreatModel(worker.caller, r5, "fine");
    const r6 = await model(owner); // owner's, other named
    await submit(owner, r6, other.user.id);

    const reviewsOf = async (member: TMemberFixture) => (await getMyWork(member.caller)).reviews.map((review) => review.id);
    expect(await reviewsOf(worker)).toEqual([r2]);
    expect(await reviewsOf(admin)).toEqual([r1]);
    expect(await reviewsOf(owner)).toEqual([r1, r3]);
    expect(await reviewsOf(other)).toEqual([r6]);
    expect(await reviewsOf(ownerB)).toEqual([]);
    const [first] = (await getMyWork(worker.caller)).reviews;
    expect(first).toMatchObject({ id: r2, modelVersion: 1, author: { name: other.user.name } });
    expect(first!.submittedAt).toBeInstanceOf(Date);
  });
});

// ─── tenant isolation ─────────────────────────────────────────────────────────────────────

describe("cross-tenant access", () => {
  it("every mitigation function given org B's ids answers NOT_FOUND (or VALIDATION_FAILED for links) and B is unchanged", async () => {
    const bBefore = await mitigationRow(mitigationB.id);
    const bThreatBefore = await db.threat.findUniqueOrThrow({ where: { id: threatB.id } });
    const own = await create(editorA, { title: title("A's"), threatIds: [lowA.id] });

    const notFound: [string, () => Promise<unknown>][] = [
      ["getMitigation", () => getMitigation(ownerA.caller, mitigationB.id)],
      ["updateMitigation", () => update(ownerA, mitigationB.id, { version: bBefore.version, title: "Hijacked" })],
      ["updateMitigation (status)", () => update(ownerA, mitigationB.id, { version: bBefore.version, status: "WONT_DO", wontDoReason: "x" })],
      ["deleteMitigation", () => deleteMitigation(ownerA.caller, mitigationB.id)],
      ["bulkUpdateMitigations", () => bulk(ownerA, { ids: [mitigationB.id], status: "IN_PROGRESS" })],
      ["getThreat", () => getThreat(ownerA.caller, threatB.id)],
      ["updateThreat", () => updateThreat(ownerA.caller, threatB.id, ZUpdateThreat.parse({ version: bThreatBefore.version, status: "MITIGATED" }))],
      ["listComments", () => listComments(ownerA.caller, { mitigationId: mitigationB.id })],
      ["createComment", () => createComment(ownerA.caller, { mitigationId: mitigationB.id }, "hello from A")],
      ["createComment on a threat", () => createComment(ownerA.caller, { threatId: threatB.id }, "hello from A")],
    ];
    for (const [name, call] of notFound) {
      expect((await appErrorOf(call())).code, name).toBe("NOT_FOUND");
    }
    const invalid: [string, () => Promise<unknown>][] = [
      ["createMitigation with B's threat", () => create(editorA, { title: title("Cross"), threatIds: [threatB.id] })],
      ["updateMitigation linking B's threat", () => update(editorA, own.id, { version: 1, threatIds: [threatB.id] })],
      ["updateMitigation assigning B's member", () => update(editorA, own.id, { version: 1, assigneeId: editorB.user.id })],
      ["bulk assigning B's member", () => bulk(editorA, { ids: [own.id], assigneeId: editorB.user.id })],
    ];
    for (const [name, call] of invalid) {
      expect((await appErrorOf(call())).code, name).toBe("VALIDATION_FAILED");
    }

    expect(await mitigationRow(mitigationB.id)).toEqual(bBefore);
    expect(await db.threat.findUniqueOrThrow({ where: { id: threatB.id } })).toEqual(bThreatBefore);
    expect(await db.comment.count({ where: { orgId: orgB.id } })).toBe(0);
    expect(await db.comment.count({ where: { mitigationId: mitigationB.id } })).toBe(0);
    expect(await mitigationRow(own.id)).toMatchObject({ assigneeId: null, version: 1 });
    expect(await db.auditEvent.count({ where: { orgId: orgA.id, targetId: { in: [mitigationB.id, threatB.id] } } })).toBe(0);
    // B's own people still see it as before.
    expect(await getMitigation(editorB.caller, mitigationB.id)).toMatchObject({ id: mitigationB.id, title: mitigationB.title, assigneeId: ownerB.user.id });
  });
});

describe("comment targets", () => {
  it("the database refuses a comment on nothing or on both a threat and a mitigation", async () => {
    const m = await create(editorA, { title: title("Target check"), threatIds: [lowA.id] });
    const base = { orgId: orgA.id, authorId: editorA.user.id, body: "orphan" };
    await expect(db.comment.create({ data: base })).rejects.toThrow(/Comment_exactly_one_target/);
    await expect(db.comment.create({ data: { ...base, threatId: lowA.id, mitigationId: m.id } })).rejects.toThrow(/Comment_exactly_one_target/);
    await expect(db.comment.create({ data: { ...base, mitigationId: m.id } })).resolves.toMatchObject({ mitigationId: m.id, threatId: null });
  });
});
