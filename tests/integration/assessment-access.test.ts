import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";

// Findings 6, 10 and 11 of the outside assessment, through the real route handlers (guard,
// session cookie, membership and sign-in policy checks) where the answer a client sees matters:
// 6, four-eyes review: nobody who wrote any part of a version approves it;
// 10, removing a member from one organisation leaves their other organisations alone, and an
//     organisation's audit log shows only what happened in that organisation;
// 11, requiring MFA: the admin must have it, members get a grace period, then enrolment is forced.

const cookie = vi.hoisted(() => {
  // Before lib/env is first imported: the guard reads the session cookie with this secret.
  process.env.NEXTAUTH_SECRET = "assessment-access-secret-0123456789abcdef";
  return { name: "", token: null as string | null };
});

// Route handlers read the cookie through next/headers, which needs Next's request scope.
vi.mock("next/headers", () => {
  const entries = () => (cookie.token ? [{ name: cookie.name, value: cookie.token }] : []);
  return {
    cookies: async () => ({ get: (name: string) => entries().find((entry) => entry.name === name), getAll: entries }),
    headers: async () => new Headers(),
  };
});

const { GET: listApisRoute } = await import("@/app/api/v1/apis/route");
const { GET: listAuditRoute } = await import("@/app/api/v1/audit-events/route");
const { DELETE: removeMemberRoute } = await import("@/app/api/v1/members/[id]/route");
const { GET: getSecurityRoute, PUT: putSecurityRoute } = await import("@/app/api/v1/settings/security/route");
const { POST: approveRoute } = await import("@/app/api/v1/threat-models/[id]/approve/route");
const { SESSION_COOKIE_NAME } = await import("@/lib/api/auth/session");
cookie.name = SESSION_COOKIE_NAME;
const { db } = await import("@/lib/db");
const { env } = await import("@/lib/env");
const { createApi } = await import("@/lib/server/apis/create-api");
const { recordAuditEvent } = await import("@/lib/server/audit/record-audit-event");
const { listAuditEvents } = await import("@/lib/server/audit/list-audit-events");
const { exportAuditEventsCsv } = await import("@/lib/server/audit/export-audit-events-csv");
const { startSession } = await import("@/lib/server/auth/start-session");
const { createThreatModel } = await import("@/lib/server/threat-models/create-threat-model");
const { approveThreatModel } = await import("@/lib/server/threat-models/approve-threat-model");
const { requestChanges } = await import("@/lib/server/threat-models/request-changes");
const { submitForReview } = await import("@/lib/server/threat-models/submit-for-review");
const { saveAnswer } = await import("@/lib/server/threat-models/save-answer");
const { updateThreatModel } = await import("@/lib/server/threat-models/update-threat-model");
const { createThreat } = await import("@/lib/server/threats/create-threat");
const { updateThreat } = await import("@/lib/server/threats/update-threat");
const { ZCreateApi } = await import("@/lib/validation/apis");
const { ZCreateThreat, ZUpdateThreat } = await import("@/lib/validation/threats");
const { ZCreateThreatModel, ZSaveAnswer, ZUpdateThreatModel } = await import("@/lib/validation/threat-models");
const { addMember, appErrorOf, createOrgWithMembers, uniqueSuffix } = await import("../support/fixtures");

type TMember = Awaited<ReturnType<typeof addMember>>;
type THandler = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

/** A signed-in browser of `user`: a server-side session and the cookie next-auth would have set. */
async function signIn(user: { id: string }): Promise<{ token: string; sessionId: string }> {
  const session = await startSession(user.id, { ip: "203.0.113.50", userAgent: "vitest", maxAgeSeconds: 3600, method: "PASSWORD" });
  const token = await encode({ token: { sub: user.id, sid: session.id }, secret: env.NEXTAUTH_SECRET!, maxAge: 3600 });
  return { token, sessionId: session.id };
}

/** One request to a route handler, as the browser holding `token`, acting in organisation `org`. */
async function call(handler: THandler, input: { method?: string; path: string; token: string; org?: string; params?: Record<string, string>; body?: unknown }) {
  cookie.token = input.token;
  const headers = new Headers({ host: "localhost:3000" });
  if (input.org) headers.set("x-bulwark-org", input.org);
  if (input.body !== undefined) headers.set("content-type", "application/json");
  const req = new NextRequest(`http://localhost:3000${input.path}`, { method: input.method ?? "GET", headers, body: input.body === undefined ? undefined : JSON.stringify(input.body) });
  const res = await handler(req, { params: Promise.resolve(input.params ?? {}) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, unknown> | null };
}

const enrolMfa = (user: { id: string }) => db.user.update({ where: { id: user.id }, data: { mfaEnabledAt: new Date() } });

describe("finding 6: four-eyes review covers everyone who wrote the version", () => {
  async function draftByAuthor() {
    const team = await createOrgWithMembers("Four Eyes", ["OWNER", "ADMIN", "EDITOR"]);
    const thirdAdmin = await addMember(team.org, "ADMIN");
    const api = await createApi(team.editor.caller, ZCreateApi.parse({ name: `Payments ${uniqueSuffix()}`, exposure: "INTERNET" }));
    const model = await createThreatModel(team.editor.caller, ZCreateThreatModel.parse({ apiId: api.id }));
    const full = await db.threatModel.findUniqueOrThrow({ where: { id: model.id }, select: { entryKeys: true } });
    return { ...team, thirdAdmin, modelId: model.id, entryKey: full.entryKeys[0]! };
  }
  const status = async (id: string) => (await db.threatModel.findUniqueOrThrow({ where: { id }, select: { status: true } })).status;
  const submit = (member: TMember, id: string) => submitForReview(member.caller, id, { reviewerId: null, comment: "" });

  it("an admin who added a threat to someone else's draft cannot approve it (403 that says why); a third person can", async () => {
    const { admin, editor, thirdAdmin, org, modelId } = await draftByAuthor();
    await createThreat(admin.caller, modelId, ZCreateThreat.parse({ title: "Tokens never expire" }));
    await submit(editor, modelId);

    const { token } = await signIn(admin.user);
    const refused = await call(approveRoute as THandler, { method: "POST", path: `/api/v1/threat-models/${modelId}/approve`, token, org: org.slug, params: { id: modelId }, body: { comment: "" } });
    expect(refused.status).toBe(403);
    expect(refused.body?.detail).toMatch(/you added or changed threats or answers in this version/i);
    expect(refused.body?.detail).toMatch(/nobody who created, submitted or wrote part of a version/i);
    expect(await appErrorOf(requestChanges(admin.caller, modelId, "please"))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(await status(modelId)).toBe("IN_REVIEW");

    await approveThreatModel(thirdAdmin.caller, modelId, "Looks right");
    expect(await db.threatModel.findUniqueOrThrow({ where: { id: modelId }, select: { status: true, approvedById: true } })).toEqual({ status: "APPROVED", approvedById: thirdAdmin.user.id });
  });

  it("an admin who answered checklist entries cannot approve, even after someone else overwrote the answer", async () => {
    const { admin, editor, owner, modelId, entryKey } = await draftByAuthor();
    await saveAnswer(admin.caller, modelId, ZSaveAnswer.parse({ entryKey, answer: "YES" }));
    // The answer row now names the editor; the admin's part in the version is still on record.
    await saveAnswer(editor.caller, modelId, ZSaveAnswer.parse({ entryKey, answer: "NO" }));
    await submit(editor, modelId);
    expect(await appErrorOf(approveThreatModel(admin.caller, modelId, ""))).toMatchObject({ code: "FORBIDDEN", status: 403 });
    // The owner wrote nothing in this version: they may.
    await approveThreatModel(owner.caller, modelId, "");
    expect(await status(modelId)).toBe("APPROVED");
  });

  it("an admin who only changed another's threat, edited the model, or submitted it cannot approve it", async () => {
    const changed = await draftByAuthor();
    const threat = await createThreat(changed.editor.caller, changed.modelId, ZCreateThreat.parse({ title: "Mass assignment" }));
    await updateThreat(changed.admin.caller, threat.id, ZUpdateThreat.parse({ version: threat.version, likelihood: 1, impact: 1 }));
    await submit(changed.editor, changed.modelId);
    expect(await appErrorOf(approveThreatModel(changed.admin.caller, changed.modelId, ""))).toMatchObject({ code: "FORBIDDEN" });
    await approveThreatModel(changed.thirdAdmin.caller, changed.modelId, "");

    const edited = await draftByAuthor();
    const before = await db.threatModel.findUniqueOrThrow({ where: { id: edited.modelId }, select: { version: true } });
    await updateThreatModel(edited.admin.caller, edited.modelId, ZUpdateThreatModel.parse({ version: before.version, scope: "Only the public endpoints" }));
    await submit(edited.editor, edited.modelId);
    expect(await appErrorOf(approveThreatModel(edited.admin.caller, edited.modelId, ""))).toMatchObject({ code: "FORBIDDEN" });

    const submitted = await draftByAuthor();
    await submit(submitted.admin, submitted.modelId);
    const error = await appErrorOf(approveThreatModel(submitted.admin.caller, submitted.modelId, ""));
    expect(error).toMatchObject({ code: "FORBIDDEN", status: 403 });
    expect(error.message).toMatch(/you submitted it/i);
    await approveThreatModel(submitted.thirdAdmin.caller, submitted.modelId, "");
    expect(await status(submitted.modelId)).toBe("APPROVED");
  });
});

describe("finding 10: removal and the audit log stay inside one organisation", () => {
  it("removing a member from org A leaves their session working in org B; the next request in A is refused", async () => {
    const a = await createOrgWithMembers("Removal A", ["OWNER"]);
    const b = await createOrgWithMembers("Removal B", ["OWNER"]);
    const member = await addMember(a.org, "EDITOR");
    await addMember(b.org, "VIEWER", member.user);
    const browser = await signIn(member.user);
    expect((await call(listApisRoute as THandler, { path: "/api/v1/apis", token: browser.token, org: a.org.slug })).status).toBe(200);

    const { token: adminToken } = await signIn(a.owner.user);
    const removed = await call(removeMemberRoute as THandler, { method: "DELETE", path: `/api/v1/members/${member.membershipId}`, token: adminToken, org: a.org.slug, params: { id: member.membershipId } });
    expect(removed.status).toBe(204);

    // The session itself goes on: organisation B still answers…
    expect((await call(listApisRoute as THandler, { path: "/api/v1/apis", token: browser.token, org: b.org.slug })).status).toBe(200);
    expect(await db.authSession.findUniqueOrThrow({ where: { id: browser.sessionId }, select: { revokedAt: true } })).toEqual({ revokedAt: null });
    // …and A does not, on the very next request: the membership is checked on every one.
    const inA = await call(listApisRoute as THandler, { path: "/api/v1/apis", token: browser.token, org: a.org.slug });
    expect(inA.status).toBe(404);
    // Without naming an organisation, the session no longer points at A either.
    expect((await call(listApisRoute as THandler, { path: "/api/v1/apis", token: browser.token })).status).toBe(200);
    expect(await db.authSession.findUniqueOrThrow({ where: { id: browser.sessionId }, select: { activeOrgId: true } })).toEqual({ activeOrgId: null });
  });

  it("org A's admins see no event of a member from org B, and no account-level event", async () => {
    const a = await createOrgWithMembers("Audit A", ["OWNER"]);
    const b = await createOrgWithMembers("Audit B", ["OWNER"]);
    const member = await addMember(a.org, "EDITOR");
    await addMember(b.org, "EDITOR", member.user);
    const meta = { ip: "198.51.100.23", userAgent: "Secret Browser 1.0" };
    await recordAuditEvent({ orgId: null, actorId: member.user.id, action: "auth.sign_in", targetType: "user", targetId: member.user.id, ...meta });
    await recordAuditEvent({ orgId: null, actorId: b.owner.user.id, action: "auth.sign_in", targetType: "user", targetId: member.user.id, ...meta });
    await recordAuditEvent({ orgId: b.org.id, actorId: member.user.id, action: "api.created", targetType: "api", targetId: "api-in-b", ...meta });
    await recordAuditEvent({ orgId: a.org.id, actorId: member.user.id, action: "api.created", targetType: "api", targetId: "api-in-a", ip: "192.0.2.1", userAgent: "vitest" });

    const { token } = await signIn(a.owner.user);
    const listed = await call(listAuditRoute as THandler, { path: "/api/v1/audit-events", token, org: a.org.slug });
    expect(listed.status).toBe(200);
    const events = listed.body!.data as { action: string; targetId: string | null; ip: string | null }[];
    expect(events.map((event) => [event.action, event.targetId, event.ip])).toEqual([["api.created", "api-in-a", "192.0.2.1"]]);

    const page = await listAuditEvents({ orgId: a.org.id, userId: a.owner.user.id }, { filters: { actor: member.user.id }, limit: 50 });
    expect(page.data.map((event) => event.targetId)).toEqual(["api-in-a"]);

    const csv = await new Response(await exportAuditEventsCsv({ ...a.owner.caller }, {})).text();
    expect(csv).toContain("api-in-a");
    expect(csv).not.toContain("auth.sign_in");
    expect(csv).not.toContain("Secret Browser");
    expect(csv).not.toContain("api-in-b");
  });
});

describe("finding 11: requiring MFA never locks everyone out at once", () => {
  async function orgWithPasswordMembers() {
    const team = await createOrgWithMembers("Mfa Policy", ["OWNER", "EDITOR"]);
    const owner = await signIn(team.owner.user);
    const editor = await signIn(team.editor.user);
    return { ...team, ownerToken: owner.token, editorToken: editor.token };
  }
  const putPolicy = (token: string, org: string, body: Record<string, unknown>) => call(putSecurityRoute as THandler, { method: "PUT", path: "/api/v1/settings/security", token, org, body });

  it("an admin without MFA cannot switch the requirement on (4xx that says what to do)", async () => {
    const { org, ownerToken } = await orgWithPasswordMembers();
    const refused = await putPolicy(ownerToken, org.slug, { requireMfa: true, ssoOnly: false });
    expect(refused.status).toBe(409);
    expect(refused.body?.detail).toMatch(/set up two-factor authentication for your own account first/i);
    expect(await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { requireMfa: true } })).toEqual({ requireMfa: false });
    // The admin still reaches everything.
    expect((await call(listApisRoute as THandler, { path: "/api/v1/apis", token: ownerToken, org: org.slug })).status).toBe(200);
  });

  it("with MFA the admin can; members without it keep working until the grace period ends, then must enrol", async () => {
    const { org, owner, ownerToken, editorToken } = await orgWithPasswordMembers();
    await enrolMfa(owner.user);
    const before = Date.now();
    const saved = await putPolicy(ownerToken, org.slug, { requireMfa: true, ssoOnly: false });
    expect(saved.status).toBe(200);
    // In the grace period the member without MFA is not locked out.
    expect((await call(listApisRoute as THandler, { path: "/api/v1/apis", token: editorToken, org: org.slug })).status).toBe(200);
    const data = saved.body!.data as { requireMfa: boolean; mfaRequiredFrom: string; members: number; membersWithMfa: number };
    expect(data).toMatchObject({ requireMfa: true, members: 2, membersWithMfa: 1 });
    // Seven days by default, stored as the moment enrolment becomes compulsory.
    const deadline = (await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { mfaRequiredFrom: true } })).mfaRequiredFrom!;
    expect(deadline.getTime()).toBeGreaterThanOrEqual(before + 7 * 86_400_000 - 1000);
    expect(deadline.getTime()).toBeLessThanOrEqual(Date.now() + 7 * 86_400_000 + 1000);
    expect(new Date(data.mfaRequiredFrom).getTime()).toBe(deadline.getTime());

    const settings = await call(getSecurityRoute as THandler, { path: "/api/v1/settings/security", token: editorToken, org: org.slug });
    expect(settings.body?.data).toMatchObject({ requireMfa: true, membersWithMfa: 1, members: 2 });

    // Saving the same policy again does not move the deadline.
    const again = await putPolicy(ownerToken, org.slug, { requireMfa: true, ssoOnly: false });
    expect(new Date((again.body!.data as { mfaRequiredFrom: string }).mfaRequiredFrom).getTime()).toBe(deadline.getTime());

    // Once the deadline has passed, enrolment is forced for them (and only for them).
    await db.organization.update({ where: { id: org.id }, data: { mfaRequiredFrom: new Date(Date.now() - 60_000) } });
    const forced = await call(listApisRoute as THandler, { path: "/api/v1/apis", token: editorToken, org: org.slug });
    expect(forced.status).toBe(403);
    expect(forced.body).toMatchObject({ code: "MFA_ENROLMENT_REQUIRED" });
    expect((await call(listApisRoute as THandler, { path: "/api/v1/apis", token: ownerToken, org: org.slug })).status).toBe(200);
  });

  it("an admin may choose a shorter grace period, zero included; switching off clears the deadline", async () => {
    const { org, owner, ownerToken, editorToken } = await orgWithPasswordMembers();
    await enrolMfa(owner.user);
    expect((await putPolicy(ownerToken, org.slug, { requireMfa: true, ssoOnly: false, mfaGraceDays: 91 })).status).toBe(422);
    expect((await putPolicy(ownerToken, org.slug, { requireMfa: true, ssoOnly: false, mfaGraceDays: 0 })).status).toBe(200);
    expect((await call(listApisRoute as THandler, { path: "/api/v1/apis", token: editorToken, org: org.slug })).status).toBe(403);
    expect((await putPolicy(ownerToken, org.slug, { requireMfa: false, ssoOnly: false })).status).toBe(200);
    expect(await db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { requireMfa: true, mfaRequiredFrom: true } })).toEqual({ requireMfa: false, mfaRequiredFrom: null });
    expect((await call(listApisRoute as THandler, { path: "/api/v1/apis", token: editorToken, org: org.slug })).status).toBe(200);
  });
});
