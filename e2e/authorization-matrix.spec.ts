import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { storageStateFor, type UserKey } from "./support/constants";
import { apiIdByName, createMember, sql } from "./support/db";

// Every /api route × every kind of caller, from one table. A route file that exports a method
// this table does not list fails the build (see the last test), so no endpoint ships without a
// declared policy.

type Caller = "anonymous" | "viewer" | "editor" | "admin" | "otherOrgAdmin";
const CALLERS: Caller[] = ["anonymous", "viewer", "editor", "admin", "otherOrgAdmin"];
const STORAGE: Record<Exclude<Caller, "anonymous">, UserKey> = { viewer: "viewer", editor: "editor", admin: "admin", otherOrgAdmin: "globex" };

/** Acme's admin and editor (to create what a call needs) and the caller under test. */
type Ctx = { admin: APIRequestContext; editor: APIRequestContext; self: APIRequestContext };

type Row = {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Route file under app/, e.g. "api/v1/apis/[id]/route.ts". */
  file: string;
  /** Builds the concrete path; may create a fresh Acme record so destructive calls never collide. */
  path: (ctx: Ctx) => Promise<string>;
  body?: (ctx: Ctx) => unknown;
  headers?: Record<string, string>;
  expect: Record<Caller, number>;
};

const KENNEL_SPEC = readFileSync(path.join(process.cwd(), "tests/fixtures/specs/kennel-3.0.yaml"));
const yaml = { "content-type": "application/yaml" };

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

async function freshAcmeApi(admin: APIRequestContext): Promise<string> {
  const response = await admin.post("/api/v1/apis", { data: { name: `Matrix ${unique()}` } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

async function freshAcmeMembership(): Promise<string> {
  const email = await createMember("acme-payments", "VIEWER", "matrix-password-1");
  const rows = await sql<{ id: string }>(`SELECT m.id FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, [email]);
  return rows[0]!.id;
}

/** A signed-in session of a fresh Acme member, by id: the rows above try to end it as someone else. */
async function freshSessionOfAnotherUser(): Promise<string> {
  const email = await createMember("acme-payments", "VIEWER", "matrix-password-1");
  const rows = await sql<{ id: string }>(
    `INSERT INTO "AuthSession" (id, "userId", "expiresAt") SELECT $1, id, now() + interval '1 hour' FROM "User" WHERE email = $2 RETURNING id`,
    [`matrixsession${unique()}`, email],
  );
  return rows[0]!.id;
}

async function freshAcmeInvitation(admin: APIRequestContext): Promise<string> {
  const response = await admin.post("/api/v1/invitations", { data: { email: `matrix-${unique()}@example.test`, role: "VIEWER" } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

const created = async (response: import("@playwright/test").APIResponse) => {
  expect(response.status(), await response.text()).toBeLessThan(300);
  return ((await response.json()) as { data: { id: string; key?: string } }).data;
};

// One entry is enough for these fixtures, and keeps creating them fast.
let templateId: string | undefined;
async function smallTemplate(admin: APIRequestContext): Promise<string> {
  templateId ??= (await created(await admin.post("/api/v1/checklist-templates", { data: { name: `Matrix small ${unique()}`, entryKeys: ["api1-object-id-in-path"] } }))).id;
  return templateId;
}

/** A threat model written by Acme's editor, taken to the requested stage. */
async function freshModel(ctx: Ctx, stage: "DRAFT" | "IN_REVIEW" | "APPROVED" | "VERSION_2" = "DRAFT"): Promise<string> {
  const model = await created(await ctx.editor.post("/api/v1/threat-models", { data: { apiId: await freshAcmeApi(ctx.admin), templateId: await smallTemplate(ctx.admin) } }));
  if (stage === "DRAFT") return model.id;
  await created(await ctx.editor.post(`/api/v1/threat-models/${model.id}/submit`, { data: {} }));
  if (stage === "IN_REVIEW") return model.id;
  await created(await ctx.admin.post(`/api/v1/threat-models/${model.id}/approve`, { data: {} }));
  if (stage === "APPROVED") return model.id;
  return (await created(await ctx.editor.post(`/api/v1/threat-models/${model.id}/versions`))).id;
}

async function freshThreat(ctx: Ctx): Promise<string> {
  const model = await freshModel(ctx);
  return (await created(await ctx.editor.post(`/api/v1/threat-models/${model}/threats`, { data: { title: `Matrix threat ${unique()}` } }))).id;
}

const customEntry = () => ({ category: "authentication", title: `Matrix entry ${unique()}`, question: "Does the matrix pass?", mitigations: [{ title: "Keep it green" }], stride: ["S"] });

async function freshCustomEntry(admin: APIRequestContext): Promise<string> {
  return (await created(await admin.post("/api/v1/catalog", { data: customEntry() }))).key!;
}

async function freshTemplate(admin: APIRequestContext): Promise<string> {
  return (await created(await admin.post("/api/v1/checklist-templates", { data: { name: `Matrix ${unique()}`, entryKeys: ["api1-object-id-in-path"] } }))).id;
}

/** A mitigation for a fresh threat, created by Acme's editor. */
async function freshMitigation(ctx: Ctx): Promise<string> {
  return (await created(await ctx.editor.post("/api/v1/mitigations", { data: { title: `Matrix mitigation ${unique()}`, threatIds: [await freshThreat(ctx)] } }))).id;
}

/** A comment by Acme's editor: only its author may change it, so Acme's admin gets 403. */
async function freshComment(ctx: Ctx): Promise<string> {
  return (await created(await ctx.editor.post(`/api/v1/threats/${await freshThreat(ctx)}/comments`, { data: { body: "Matrix comment" } }))).id;
}

/** A finished export asked for by Acme's admin: only its requester may see or download it. */
async function freshExport(admin: APIRequestContext): Promise<string> {
  const job = await created(await admin.post("/api/v1/exports", { data: { kind: "inventory", format: "csv" } }));
  // Waiting also keeps Acme's admin under the limit of exports in progress at once.
  for (let tries = 0; tries < 100; tries++) {
    const status = ((await (await admin.get(`/api/v1/exports/${job.id}`)).json()) as { data: { status: string } }).data.status;
    if (status === "READY") break;
    if (status === "FAILED") throw new Error("the matrix export failed");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return job.id;
}

const smallOtm = () => ({ otmVersion: "0.2.0", project: { id: "matrix", name: `Matrix OTM ${unique()}` }, threats: [{ id: "t1", name: "Matrix threat", risk: { likelihood: 40, impact: 60 } }] });

async function currentSla(self: APIRequestContext) {
  const response = await self.get("/api/v1/settings/sla");
  return response.ok() ? ((await response.json()) as { data: Record<string, unknown> }).data : { version: 0, slaCriticalDays: 7, slaHighDays: 30, slaMediumDays: 90, slaLowDays: 180, independentVerification: false };
}

async function currentBands(self: APIRequestContext) {
  const response = await self.get("/api/v1/settings/risk-bands");
  return response.ok() ? ((await response.json()) as { data: { version: number } }).data : { version: 0 };
}

const all = (status: number): Record<Caller, number> => ({ anonymous: status, viewer: status, editor: status, admin: status, otherOrgAdmin: status });

const MATRIX: Row[] = [
  { method: "GET", file: "api/health/route.ts", path: async () => "/api/health", expect: all(200) },
  { method: "GET", file: "api/v1/apis/route.ts", path: async () => "/api/v1/apis", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "POST", file: "api/v1/apis/route.ts", path: async () => "/api/v1/apis", body: () => ({ name: `Matrix create ${unique()}` }), expect: { anonymous: 401, viewer: 403, editor: 201, admin: 201, otherOrgAdmin: 201 } },
  { method: "GET", file: "api/v1/apis/[id]/route.ts", path: async () => `/api/v1/apis/${await apiIdByName("Payments API")}`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "PATCH", file: "api/v1/apis/[id]/route.ts", path: async ({ admin }) => `/api/v1/apis/${await freshAcmeApi(admin)}`, body: () => ({ version: 1, description: "matrix" }), expect: { anonymous: 401, viewer: 403, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "DELETE", file: "api/v1/apis/[id]/route.ts", path: async ({ admin }) => `/api/v1/apis/${await freshAcmeApi(admin)}`, expect: { anonymous: 401, viewer: 403, editor: 204, admin: 204, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/members/route.ts", path: async () => "/api/v1/members", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "PATCH", file: "api/v1/members/[id]/route.ts", path: async () => `/api/v1/members/${await freshAcmeMembership()}`, body: () => ({ role: "EDITOR" }), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 404 } },
  { method: "DELETE", file: "api/v1/members/[id]/route.ts", path: async () => `/api/v1/members/${await freshAcmeMembership()}`, expect: { anonymous: 401, viewer: 403, editor: 403, admin: 204, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/invitations/route.ts", path: async () => "/api/v1/invitations", expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 200 } },
  { method: "POST", file: "api/v1/invitations/route.ts", path: async () => "/api/v1/invitations", body: () => ({ email: `matrix-${unique()}@example.test`, role: "VIEWER" }), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 201, otherOrgAdmin: 201 } },
  { method: "DELETE", file: "api/v1/invitations/[id]/route.ts", path: async ({ admin }) => `/api/v1/invitations/${await freshAcmeInvitation(admin)}`, expect: { anonymous: 401, viewer: 403, editor: 403, admin: 204, otherOrgAdmin: 404 } },
  // Public: a well-formed token that names no invitation is a 404 for everyone.
  { method: "POST", file: "api/v1/invitations/accept/route.ts", path: async () => "/api/v1/invitations/accept", body: () => ({ token: "A".repeat(43) }), expect: all(404) },
  { method: "GET", file: "api/v1/teams/route.ts", path: async () => "/api/v1/teams", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  // Public: an incomplete body proves the route needs no session, without creating accounts.
  { method: "POST", file: "api/v1/signup/route.ts", path: async () => "/api/v1/signup", body: () => ({ email: "someone@example.test" }), expect: all(422) },
  { method: "GET", file: "api/v1/me/route.ts", path: async () => "/api/v1/me", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  // A wrong current password: reaches the check, changes nothing.
  { method: "POST", file: "api/v1/me/password/route.ts", path: async () => "/api/v1/me/password", body: () => ({ currentPassword: "not-my-password", newPassword: "another-password-123" }), expect: { anonymous: 401, viewer: 422, editor: 422, admin: 422, otherOrgAdmin: 422 } },
  { method: "PUT", file: "api/v1/me/active-org/route.ts", path: async () => "/api/v1/me/active-org", body: () => ({ slug: "acme-payments" }), expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "POST", file: "api/v1/apis/[id]/spec/route.ts", path: async ({ admin }) => `/api/v1/apis/${await freshAcmeApi(admin)}/spec`, body: () => KENNEL_SPEC, headers: yaml, expect: { anonymous: 401, viewer: 403, editor: 201, admin: 201, otherOrgAdmin: 404 } },
  // A loopback URL: refused by the SSRF checks (422) once the caller is allowed to import at all.
  { method: "POST", file: "api/v1/apis/[id]/spec/url/route.ts", path: async ({ admin }) => `/api/v1/apis/${await freshAcmeApi(admin)}/spec/url`, body: () => ({ url: "http://127.0.0.1:9/spec.yaml" }), expect: { anonymous: 401, viewer: 403, editor: 422, admin: 422, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/apis/[id]/operations/route.ts", path: async () => `/api/v1/apis/${await apiIdByName("Payments API")}/operations`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/apis/[id]/findings/route.ts", path: async () => `/api/v1/apis/${await apiIdByName("Payments API")}/findings`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/apis/[id]/spec-imports/route.ts", path: async () => `/api/v1/apis/${await apiIdByName("Payments API")}/spec-imports`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "POST", file: "api/v1/spec-preview/route.ts", path: async () => "/api/v1/spec-preview", body: () => KENNEL_SPEC, headers: yaml, expect: { anonymous: 401, viewer: 403, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "POST", file: "api/v1/spec-preview/url/route.ts", path: async () => "/api/v1/spec-preview/url", body: () => ({ url: "http://10.0.0.1/spec.yaml" }), expect: { anonymous: 401, viewer: 403, editor: 422, admin: 422, otherOrgAdmin: 422 } },
  // Threat models. Fixtures are authored by Acme's editor, so Acme's admin may review them.
  { method: "GET", file: "api/v1/threat-models/route.ts", path: async () => "/api/v1/threat-models", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "POST", file: "api/v1/threat-models/route.ts", path: async () => "/api/v1/threat-models", body: async ({ admin }) => ({ apiId: await freshAcmeApi(admin), templateId: await smallTemplate(admin) }), expect: { anonymous: 401, viewer: 403, editor: 201, admin: 201, otherOrgAdmin: 422 } },
  { method: "GET", file: "api/v1/threat-models/[id]/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx)}`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "PATCH", file: "api/v1/threat-models/[id]/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx)}`, body: () => ({ version: 1, title: "Renamed" }), expect: { anonymous: 401, viewer: 403, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "DELETE", file: "api/v1/threat-models/[id]/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx)}`, expect: { anonymous: 401, viewer: 403, editor: 204, admin: 204, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/threat-models/[id]/answers/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx)}/answers`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "PUT", file: "api/v1/threat-models/[id]/answers/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx)}/answers`, body: () => ({ entryKey: "api1-object-id-in-path", answer: "UNSURE" }), expect: { anonymous: 401, viewer: 403, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/threat-models/[id]/threats/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx)}/threats`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "POST", file: "api/v1/threat-models/[id]/threats/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx)}/threats`, body: () => ({ title: "Matrix threat" }), expect: { anonymous: 401, viewer: 403, editor: 201, admin: 201, otherOrgAdmin: 404 } },
  { method: "POST", file: "api/v1/threat-models/[id]/submit/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx)}/submit`, body: () => ({}), expect: { anonymous: 401, viewer: 403, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  // The editor wrote the model, so even with review rights it may not approve it.
  { method: "POST", file: "api/v1/threat-models/[id]/approve/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx, "IN_REVIEW")}/approve`, body: () => ({}), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 404 } },
  { method: "POST", file: "api/v1/threat-models/[id]/request-changes/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx, "IN_REVIEW")}/request-changes`, body: () => ({ comment: "Please score the threats." }), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 404 } },
  { method: "POST", file: "api/v1/threat-models/[id]/versions/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx, "APPROVED")}/versions`, expect: { anonymous: 401, viewer: 403, editor: 201, admin: 201, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/threat-models/[id]/diff/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx, "VERSION_2")}/diff`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/threats/[id]/route.ts", path: async (ctx) => `/api/v1/threats/${await freshThreat(ctx)}`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "PATCH", file: "api/v1/threats/[id]/route.ts", path: async (ctx) => `/api/v1/threats/${await freshThreat(ctx)}`, body: () => ({ version: 1, likelihood: 4 }), expect: { anonymous: 401, viewer: 403, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "DELETE", file: "api/v1/threats/[id]/route.ts", path: async (ctx) => `/api/v1/threats/${await freshThreat(ctx)}`, expect: { anonymous: 401, viewer: 403, editor: 204, admin: 204, otherOrgAdmin: 404 } },
  // Catalogue, templates and risk bands belong to each organisation: Globex's admin changes Globex's.
  { method: "GET", file: "api/v1/catalog/route.ts", path: async () => "/api/v1/catalog", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "POST", file: "api/v1/catalog/route.ts", path: async () => "/api/v1/catalog", body: () => customEntry(), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 201, otherOrgAdmin: 201 } },
  { method: "PATCH", file: "api/v1/catalog/[key]/route.ts", path: async () => "/api/v1/catalog/api1-object-id-in-path", body: () => ({ disabled: false }), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 204, otherOrgAdmin: 204 } },
  { method: "DELETE", file: "api/v1/catalog/[key]/route.ts", path: async ({ admin }) => `/api/v1/catalog/${await freshCustomEntry(admin)}`, expect: { anonymous: 401, viewer: 403, editor: 403, admin: 204, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/checklist-templates/route.ts", path: async () => "/api/v1/checklist-templates", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "POST", file: "api/v1/checklist-templates/route.ts", path: async () => "/api/v1/checklist-templates", body: () => ({ name: `Matrix ${unique()}`, entryKeys: ["api1-object-id-in-path"] }), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 201, otherOrgAdmin: 201 } },
  { method: "DELETE", file: "api/v1/checklist-templates/[id]/route.ts", path: async ({ admin }) => `/api/v1/checklist-templates/${await freshTemplate(admin)}`, expect: { anonymous: 401, viewer: 403, editor: 403, admin: 204, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/settings/risk-bands/route.ts", path: async () => "/api/v1/settings/risk-bands", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  // Unchanged bands, with the caller's own organisation's current version.
  { method: "PUT", file: "api/v1/settings/risk-bands/route.ts", path: async () => "/api/v1/settings/risk-bands", body: async ({ self }) => ({ ...(await currentBands(self)), mediumFrom: 5, highFrom: 10, criticalFrom: 20 }), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 200 } },
  // Mitigations and comments. A foreign threat id in a body is a validation error (422), a foreign id in the path is 404.
  { method: "GET", file: "api/v1/mitigations/route.ts", path: async () => "/api/v1/mitigations", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "POST", file: "api/v1/mitigations/route.ts", path: async () => "/api/v1/mitigations", body: async (ctx) => ({ title: "Matrix mitigation", threatIds: [await freshThreat(ctx)] }), expect: { anonymous: 401, viewer: 403, editor: 201, admin: 201, otherOrgAdmin: 422 } },
  { method: "GET", file: "api/v1/mitigations/[id]/route.ts", path: async (ctx) => `/api/v1/mitigations/${await freshMitigation(ctx)}`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "PATCH", file: "api/v1/mitigations/[id]/route.ts", path: async (ctx) => `/api/v1/mitigations/${await freshMitigation(ctx)}`, body: () => ({ version: 1, priority: 2 }), expect: { anonymous: 401, viewer: 403, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "DELETE", file: "api/v1/mitigations/[id]/route.ts", path: async (ctx) => `/api/v1/mitigations/${await freshMitigation(ctx)}`, expect: { anonymous: 401, viewer: 403, editor: 204, admin: 204, otherOrgAdmin: 404 } },
  { method: "POST", file: "api/v1/mitigations/bulk/route.ts", path: async () => "/api/v1/mitigations/bulk", body: async (ctx) => ({ ids: [await freshMitigation(ctx)], status: "IN_PROGRESS" }), expect: { anonymous: 401, viewer: 403, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/mitigations/[id]/comments/route.ts", path: async (ctx) => `/api/v1/mitigations/${await freshMitigation(ctx)}/comments`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "POST", file: "api/v1/mitigations/[id]/comments/route.ts", path: async (ctx) => `/api/v1/mitigations/${await freshMitigation(ctx)}/comments`, body: () => ({ body: "Matrix comment" }), expect: { anonymous: 401, viewer: 403, editor: 201, admin: 201, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/threats/[id]/comments/route.ts", path: async (ctx) => `/api/v1/threats/${await freshThreat(ctx)}/comments`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  { method: "POST", file: "api/v1/threats/[id]/comments/route.ts", path: async (ctx) => `/api/v1/threats/${await freshThreat(ctx)}/comments`, body: () => ({ body: "Matrix comment" }), expect: { anonymous: 401, viewer: 403, editor: 201, admin: 201, otherOrgAdmin: 404 } },
  { method: "PATCH", file: "api/v1/comments/[id]/route.ts", path: async (ctx) => `/api/v1/comments/${await freshComment(ctx)}`, body: () => ({ body: "Edited" }), expect: { anonymous: 401, viewer: 403, editor: 200, admin: 403, otherOrgAdmin: 404 } },
  { method: "DELETE", file: "api/v1/comments/[id]/route.ts", path: async (ctx) => `/api/v1/comments/${await freshComment(ctx)}`, expect: { anonymous: 401, viewer: 403, editor: 204, admin: 403, otherOrgAdmin: 404 } },
  // Notifications, preferences and my work are the caller's own, in every role.
  { method: "GET", file: "api/v1/notifications/route.ts", path: async () => "/api/v1/notifications", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "POST", file: "api/v1/notifications/read/route.ts", path: async () => "/api/v1/notifications/read", body: () => ({ all: true }), expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "GET", file: "api/v1/me/notification-preferences/route.ts", path: async () => "/api/v1/me/notification-preferences", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "PUT", file: "api/v1/me/notification-preferences/route.ts", path: async () => "/api/v1/me/notification-preferences", body: () => ({ preferences: [{ kind: "OVERDUE", inApp: true, email: true }] }), expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "GET", file: "api/v1/me/work/route.ts", path: async () => "/api/v1/me/work", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "GET", file: "api/v1/settings/sla/route.ts", path: async () => "/api/v1/settings/sla", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  // The caller's own organisation's current SLAs, unchanged.
  { method: "PUT", file: "api/v1/settings/sla/route.ts", path: async () => "/api/v1/settings/sla", body: async ({ self }) => currentSla(self), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 200 } },
  // Dashboard and the threat register: every member reads their own organisation's.
  { method: "GET", file: "api/v1/dashboard/route.ts", path: async () => "/api/v1/dashboard?exposure=INTERNET", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "GET", file: "api/v1/threats/route.ts", path: async () => "/api/v1/threats?severity=CRITICAL,HIGH", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  // Account security: the caller's own MFA and sessions. Shared demo users must stay as they
  // are, so every write here is refused by validation or names nothing of the caller's.
  { method: "GET", file: "api/v1/me/mfa/route.ts", path: async () => "/api/v1/me/mfa", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  // Starting enrolment asks for the password again: a wrong one reaches the check, changes nothing.
  { method: "POST", file: "api/v1/me/mfa/enrolment/route.ts", path: async () => "/api/v1/me/mfa/enrolment", body: () => ({ password: "not-my-password" }), expect: { anonymous: 401, viewer: 422, editor: 422, admin: 422, otherOrgAdmin: 422 } },
  { method: "POST", file: "api/v1/me/mfa/enrolment/confirm/route.ts", path: async () => "/api/v1/me/mfa/enrolment/confirm", body: () => ({ code: "not-a-code" }), expect: { anonymous: 401, viewer: 422, editor: 422, admin: 422, otherOrgAdmin: 422 } },
  { method: "POST", file: "api/v1/me/mfa/disable/route.ts", path: async () => "/api/v1/me/mfa/disable", body: () => ({ password: "not-my-password" }), expect: { anonymous: 401, viewer: 422, editor: 422, admin: 422, otherOrgAdmin: 422 } },
  { method: "POST", file: "api/v1/me/mfa/recovery-codes/route.ts", path: async () => "/api/v1/me/mfa/recovery-codes", body: () => ({ password: "" }), expect: { anonymous: 401, viewer: 422, editor: 422, admin: 422, otherOrgAdmin: 422 } },
  { method: "GET", file: "api/v1/me/sessions/route.ts", path: async () => "/api/v1/me/sessions", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "DELETE", file: "api/v1/me/sessions/route.ts", path: async () => "/api/v1/me/sessions?keep=bogus", expect: { anonymous: 401, viewer: 422, editor: 422, admin: 422, otherOrgAdmin: 422 } },
  // Someone else's live session: nobody but its owner can end it, and it looks like a missing one.
  { method: "DELETE", file: "api/v1/me/sessions/[id]/route.ts", path: async () => `/api/v1/me/sessions/${await freshSessionOfAnotherUser()}`, expect: { anonymous: 401, viewer: 404, editor: 404, admin: 404, otherOrgAdmin: 404 } },
  // Public: an address with no account gets the same 202 as one with an account, and no email.
  { method: "POST", file: "api/v1/password-reset/route.ts", path: async () => "/api/v1/password-reset", body: () => ({ email: `nobody-${unique()}@example.test` }), expect: all(202) },
  { method: "POST", file: "api/v1/password-reset/confirm/route.ts", path: async () => "/api/v1/password-reset/confirm", body: () => ({ token: "A".repeat(43), password: "a perfectly fine passphrase" }), expect: all(404) },
  { method: "GET", file: "api/v1/settings/security/route.ts", path: async () => "/api/v1/settings/security", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  // Unchanged: no MFA requirement, no SSO-only, in the caller's own organisation.
  { method: "PUT", file: "api/v1/settings/security/route.ts", path: async () => "/api/v1/settings/security", body: () => ({ requireMfa: false, ssoOnly: false }), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 200 } },
  { method: "GET", file: "api/v1/settings/spec-rules/route.ts", path: async () => "/api/v1/settings/spec-rules", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  // Switching a rule on that is on changes nothing another test could notice.
  { method: "PUT", file: "api/v1/settings/spec-rules/[ruleId]/route.ts", path: async () => "/api/v1/settings/spec-rules/unbounded-collection-response", body: () => ({ enabled: true }), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 200 } },
  { method: "GET", file: "api/v1/audit-events/route.ts", path: async () => "/api/v1/audit-events?action=auth.", expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 200 } },
  { method: "GET", file: "api/v1/audit-events/export/route.ts", path: async () => "/api/v1/audit-events/export?action=api.", expect: { anonymous: 401, viewer: 403, editor: 403, admin: 200, otherOrgAdmin: 200 } },
  // Not under /api, but a route file all the same: public by design (RFC 9116).
  { method: "GET", file: ".well-known/security.txt/route.ts", path: async () => "/.well-known/security.txt", expect: all(200) },
  // Reports and exports: every member may export what they can read; a job and its file belong to whoever asked.
  { method: "GET", file: "api/v1/exports/route.ts", path: async () => "/api/v1/exports", expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 200 } },
  { method: "POST", file: "api/v1/exports/route.ts", path: async () => "/api/v1/exports", body: () => ({ kind: "mitigations", format: "json" }), expect: { anonymous: 401, viewer: 202, editor: 202, admin: 202, otherOrgAdmin: 202 } },
  { method: "GET", file: "api/v1/exports/[id]/route.ts", path: async ({ admin }) => `/api/v1/exports/${await freshExport(admin)}`, expect: { anonymous: 401, viewer: 404, editor: 404, admin: 200, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/exports/[id]/file/route.ts", path: async ({ admin }) => `/api/v1/exports/${await freshExport(admin)}/file`, expect: { anonymous: 401, viewer: 404, editor: 404, admin: 200, otherOrgAdmin: 404 } },
  { method: "GET", file: "api/v1/threat-models/[id]/otm/route.ts", path: async (ctx) => `/api/v1/threat-models/${await freshModel(ctx)}/otm`, expect: { anonymous: 401, viewer: 200, editor: 200, admin: 200, otherOrgAdmin: 404 } },
  // OTM import creates a draft model (on a new API named after the project): writers only.
  { method: "POST", file: "api/v1/imports/otm/route.ts", path: async () => "/api/v1/imports/otm", body: () => smallOtm(), expect: { anonymous: 401, viewer: 403, editor: 201, admin: 201, otherOrgAdmin: 201 } },
  // Admins only, and only into an empty organisation: Acme and Globex both hold data, so 409.
  { method: "POST", file: "api/v1/imports/organization/route.ts", path: async () => "/api/v1/imports/organization", body: () => ({ format: "bulwark-organization-export", formatVersion: 1 }), expect: { anonymous: 401, viewer: 403, editor: 403, admin: 409, otherOrgAdmin: 409 } },
  // A name that is too short: reaches validation after authentication, creates nothing.
  { method: "POST", file: "api/v1/orgs/route.ts", path: async () => "/api/v1/orgs", body: () => ({ name: "x" }), expect: { anonymous: 401, viewer: 422, editor: 422, admin: 422, otherOrgAdmin: 422 } },
];

/** next-auth's own endpoints: CSRF-token and cookie based, exercised by auth.spec.ts. */
const OUTSIDE_MATRIX = new Set(["GET api/auth/[...nextauth]/route.ts", "POST api/auth/[...nextauth]/route.ts"]);

async function requestFor(browser: Browser, caller: Caller) {
  const context = await browser.newContext(caller === "anonymous" ? {} : { storageState: storageStateFor(STORAGE[caller]) });
  return { context, request: context.request };
}

test.describe("authorization matrix", () => {
  for (const row of MATRIX) {
    test(`${row.method} ${row.file}`, async ({ browser }) => {
      const admin = await requestFor(browser, "admin");
      const editor = await requestFor(browser, "editor");
      const results: Record<string, number> = {};
      for (const caller of CALLERS) {
        const { context, request } = await requestFor(browser, caller);
        const ctx: Ctx = { admin: admin.request, editor: editor.request, self: request };
        const url = await row.path(ctx);
        const response = await request.fetch(url, { method: row.method, data: await row.body?.(ctx), headers: row.headers });
        results[caller] = response.status();
        if (response.status() >= 400) {
          expect(response.headers()["content-type"], `${caller} ${row.method} ${url}`).toContain("application/problem+json");
        }
        await context.close();
      }
      await admin.context.close();
      await editor.context.close();
      expect(results).toEqual(row.expect);
    });
  }

  test("another organisation's list never contains Acme's APIs", async ({ browser }) => {
    const { context, request } = await requestFor(browser, "otherOrgAdmin");
    const body = (await (await request.get("/api/v1/apis?limit=100")).json()) as { data: { name: string }[] };
    expect(body.data.map((api) => api.name)).not.toContain("Payments API");
    expect(body.data.map((api) => api.name)).toContain("Globex Orders");
    await context.close();
  });

  test("every route file and method has a row in the matrix", () => {
    const appDir = path.join(process.cwd(), "app");
    const declared = new Set([...MATRIX.map((row) => `${row.method} ${row.file}`), ...OUTSIDE_MATRIX]);
    const found: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name === "route.ts") {
          const source = readFileSync(full, "utf8");
          const methods = new Set<string>();
          for (const match of source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) methods.add(match[1]!);
          for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
            for (const part of match[1]!.split(",")) {
              const name = part.trim().split(/\s+as\s+/).pop()!.trim();
              if (/^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)$/.test(name)) methods.add(name);
            }
          }
          const relative = path.relative(appDir, full).split(path.sep).join("/");
          for (const method of methods) found.push(`${method} ${relative}`);
        }
      }
    };
    walk(appDir);
    expect(found.length).toBeGreaterThan(15);
    expect(found.filter((entry) => !declared.has(entry))).toEqual([]);
    expect([...declared].filter((entry) => !found.includes(entry))).toEqual([]);
  });
});
