import { NextRequest } from "next/server";
import { parse as parseYaml } from "yaml";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { generateSpec } from "@/bench/generate-spec";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";
import { db } from "@/lib/db";
import { createApi } from "@/lib/server/apis/create-api";
import { createOrgEntry } from "@/lib/server/catalog/create-org-entry";
import { createMitigation } from "@/lib/server/mitigations/create-mitigation";
import { exportOrganization } from "@/lib/server/exports/export-organization";
import { type TOrganizationExport } from "@/lib/server/exports/organization-file";
import { importSpec } from "@/lib/server/specs/import-spec";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { createThreat } from "@/lib/server/threats/create-threat";
import { ZCreateApi } from "@/lib/validation/apis";
import { ZCreateMitigation } from "@/lib/validation/mitigations";
import { ZCreateThreat } from "@/lib/validation/threats";
import { ZCatalogEntryInput } from "@/lib/validation/catalog";
import { ZCreateThreatModel } from "@/lib/validation/threat-models";
import { PATCH as patchApi } from "@/app/api/v1/apis/[id]/route";
import { GET as listApisRoute } from "@/app/api/v1/apis/route";
import { GET as listOperationsRoute } from "@/app/api/v1/apis/[id]/operations/route";
import { POST as uploadSpecRoute } from "@/app/api/v1/apis/[id]/spec/route";
import { GET as listAuditRoute } from "@/app/api/v1/audit-events/route";
import { PATCH as patchCatalogEntry } from "@/app/api/v1/catalog/[key]/route";
import { POST as importOrganizationRoute } from "@/app/api/v1/imports/organization/route";
import { POST as importOtmRoute } from "@/app/api/v1/imports/otm/route";
import { GET as listMitigationsRoute } from "@/app/api/v1/mitigations/route";
import { PATCH as patchMitigation } from "@/app/api/v1/mitigations/[id]/route";
import { PUT as putRiskBands } from "@/app/api/v1/settings/risk-bands/route";
import { PUT as putSla } from "@/app/api/v1/settings/sla/route";
import { POST as previewSpecRoute } from "@/app/api/v1/spec-preview/route";
import { PATCH as patchThreatModel } from "@/app/api/v1/threat-models/[id]/route";
import { GET as listThreatsRoute } from "@/app/api/v1/threats/route";
import { PATCH as patchThreat } from "@/app/api/v1/threats/[id]/route";
import { createOrgWithMembers, uniqueSuffix, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// Regression tests for findings 2, 3, 4 and 7 of the outside security assessment. They call the
// real route handlers (guard, zod, data function, error mapping), so a status here is the status
// a client gets; only the session lookup is replaced, by the member the test signs in as.

const session = vi.hoisted(() => ({ user: null as TSignedInUser | null }));
vi.mock("@/lib/api/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api/auth/session")>()),
  getSignedInUser: async () => session.user,
}));

type TRoute = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type TCall = { as: TMemberFixture; org: TOrgFixture; params?: Record<string, string>; body?: unknown; raw?: string | Uint8Array; contentType?: string };

function signIn(member: TMemberFixture) {
  session.user = { userId: member.user.id, email: member.user.email, name: member.user.name, sessionId: `session-${member.user.id}`, activeOrgId: null, authMethod: "PASSWORD", mfaEnabled: false };
}

async function call(route: TRoute, method: string, path: string, options: TCall): Promise<{ status: number; body: Record<string, unknown> }> {
  signIn(options.as);
  const headers = new Headers({ "x-bulwark-org": options.org.slug });
  let body: BodyInit | undefined;
  if (options.raw !== undefined) {
    body = options.raw as BodyInit;
    headers.set("content-type", options.contentType ?? "application/json");
  } else if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers.set("content-type", "application/json");
  }
  const response = await route(new NextRequest(`http://localhost:3000/api/v1${path}`, { method, headers, body }), { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const fieldsOf = (body: Record<string, unknown>) => ((body.errors as { field: string }[] | undefined) ?? []).map((error) => error.field);

const TOO_BIG = 2_147_483_648;

let org: TOrgFixture;
let owner: TMemberFixture;
let apiId: string;
let modelId: string;
let threatId: string;
let mitigationId: string;
let entryKey: string;

const ORG_ENTRY = {
  category: "injection",
  title: "GraphQL batching abuse",
  question: "Can a caller send hundreds of operations in one batched GraphQL request?",
  mitigations: [{ title: "Limit batch size" }],
  references: [{ label: "OWASP", url: "https://owasp.org/API-Security/" }],
  stride: ["D"],
};

beforeAll(async () => {
  ({ org, owner } = await createOrgWithMembers("Assessment", ["OWNER"]));
  const api = await createApi(
    owner.caller,
    ZCreateApi.parse({ name: "Payments", specUrl: "https://specs.example.com/payments.yaml", environments: [{ name: "production", baseUrl: "https://pay.example.com" }] }),
  );
  apiId = api.id;
  modelId = (await createThreatModel(owner.caller, ZCreateThreatModel.parse({ apiId }))).id;
  threatId = (await createThreat(owner.caller, modelId, ZCreateThreat.parse({ title: "Broken object level authorisation" }))).id;
  mitigationId = (await createMitigation(owner.caller, ZCreateMitigation.parse({ title: "Check the owner", threatIds: [threatId], ticketUrl: "https://tickets.example.com/SEC-1" }))).id;
  await db.mitigation.update({ where: { id: mitigationId }, data: { evidenceUrl: "https://ci.example.com/run/1" } });
  entryKey = (await createOrgEntry(owner.caller, ZCatalogEntryInput.parse(ORG_ENTRY))).key;
});

describe("finding 2: a version above int4 is a 422, not a 500", () => {
  const cases: [string, () => Promise<{ status: number; body: Record<string, unknown> }>][] = [
    ["PATCH /apis/{id}", () => call(patchApi as TRoute, "PATCH", `/apis/${apiId}`, { as: owner, org, params: { id: apiId }, body: { version: TOO_BIG, name: "Renamed" } })],
    ["PATCH /threats/{id}", () => call(patchThreat as TRoute, "PATCH", `/threats/${threatId}`, { as: owner, org, params: { id: threatId }, body: { version: TOO_BIG, title: "Renamed" } })],
    ["PATCH /threat-models/{id}", () => call(patchThreatModel as TRoute, "PATCH", `/threat-models/${modelId}`, { as: owner, org, params: { id: modelId }, body: { version: TOO_BIG, title: "Renamed" } })],
    ["PATCH /mitigations/{id}", () => call(patchMitigation as TRoute, "PATCH", `/mitigations/${mitigationId}`, { as: owner, org, params: { id: mitigationId }, body: { version: TOO_BIG, title: "Renamed" } })],
    ["PATCH /catalog/{key}", () => call(patchCatalogEntry as TRoute, "PATCH", `/catalog/${entryKey}`, { as: owner, org, params: { key: entryKey }, body: { version: TOO_BIG, disabled: true } })],
    ["PUT /settings/risk-bands", () => call(putRiskBands as TRoute, "PUT", "/settings/risk-bands", { as: owner, org, body: { version: TOO_BIG, mediumFrom: 5, highFrom: 10, criticalFrom: 20 } })],
    [
      "PUT /settings/sla",
      () => call(putSla as TRoute, "PUT", "/settings/sla", { as: owner, org, body: { version: TOO_BIG, slaCriticalDays: 7, slaHighDays: 30, slaMediumDays: 90, slaLowDays: 180, independentVerification: false } }),
    ],
  ];

  it.each(cases)("finding 2: %s with version 2147483648 answers 422 naming the version field", async (_name, run) => {
    const { status, body } = await run();
    expect({ status, fields: fieldsOf(body) }).toEqual({ status: 422, fields: ["version"] });
  });

  it("finding 2: nothing was changed by those requests", async () => {
    expect(await db.api.findUniqueOrThrow({ where: { id: apiId }, select: { name: true, version: true } })).toEqual({ name: "Payments", version: 1 });
    expect(await db.threat.findUniqueOrThrow({ where: { id: threatId }, select: { title: true, version: true } })).toEqual({ title: "Broken object level authorisation", version: 1 });
    expect(await db.mitigation.findUniqueOrThrow({ where: { id: mitigationId }, select: { title: true, version: true } })).toEqual({ title: "Check the owner", version: 1 });
  });

  it("finding 2: the largest int4 is an ordinary stale version (409)", async () => {
    const { status } = await call(patchApi as TRoute, "PATCH", `/apis/${apiId}`, { as: owner, org, params: { id: apiId }, body: { version: TOO_BIG - 1, name: "Renamed" } });
    expect(status).toBe(409);
  });

  it("finding 2: a threat's likelihood above int4 is a 422 too", async () => {
    const { status, body } = await call(patchThreat as TRoute, "PATCH", `/threats/${threatId}`, { as: owner, org, params: { id: threatId }, body: { version: 1, likelihood: TOO_BIG } });
    expect({ status, fields: fieldsOf(body) }).toEqual({ status: 422, fields: ["likelihood"] });
  });
});

describe("finding 3: deeply nested and oversized specs are refused with a 422, quickly", () => {
  const header = '{"openapi":"3.0.3","info":{"title":"Nested","version":"1"},"paths":{},"x-deep":';
  const nestedJson = `${header}${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
  const nestedYaml = `openapi: 3.0.3\ninfo:\n  title: Nested\n  version: "1"\npaths: {}\nx-deep: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
  const upload = (raw: string, contentType: string) =>
    call(uploadSpecRoute as TRoute, "POST", `/apis/${apiId}/spec?dryRun=true`, { as: owner, org, params: { id: apiId }, raw, contentType });
  const preview = (raw: string, contentType: string) => call(previewSpecRoute as TRoute, "POST", "/spec-preview", { as: owner, org, raw, contentType });

  it("finding 3: the nested JSON body is about 20 KB", () => {
    expect(nestedJson.length).toBeGreaterThan(20_000);
    expect(nestedJson.length).toBeLessThan(21_000);
  });

  it.each([
    ["upload, JSON", () => upload(nestedJson, "application/json")],
    ["upload, YAML", () => upload(nestedYaml, "application/yaml")],
    ["preview, JSON", () => preview(nestedJson, "application/json")],
    ["preview, YAML", () => preview(nestedYaml, "application/yaml")],
  ])("finding 3: %s, 10,000 nested arrays: 422 saying how deep a spec may nest", async (_name, run) => {
    const { status, body } = await run();
    expect(status).toBe(422);
    expect(body.detail).toMatch(/nested more than \d+ levels deep/);
    expect(body.detail).not.toMatch(/call stack/i);
  });

  // 37,000 operations, under the 10 MB upload cap; before the fix the count was only checked
  // after full parsing (about 20 s of CPU on this machine).
  const bigYaml = generateSpec(37_000);
  const bigJson = JSON.stringify(parseYaml(bigYaml));

  it("finding 3: the big specs are under the 10 MB cap", () => {
    expect(Buffer.byteLength(bigYaml)).toBeLessThan(10 * 1024 * 1024);
    expect(Buffer.byteLength(bigJson)).toBeLessThan(10 * 1024 * 1024);
  });

  it.each([
    ["upload, JSON", () => upload(bigJson, "application/json")],
    ["upload, YAML", () => upload(bigYaml, "application/yaml")],
    ["preview, JSON", () => preview(bigJson, "application/json")],
    ["preview, YAML", () => preview(bigYaml, "application/yaml")],
  ])("finding 3: %s, 37,000 operations: 422 in well under 2 s", async (_name, run) => {
    const started = performance.now();
    const { status, body } = await run();
    const elapsed = performance.now() - started;
    expect({ status, detail: body.detail }).toEqual({ status: 422, detail: expect.stringMatching(/at most 5,000 per API/) });
    expect(elapsed).toBeLessThan(2_000);
  });
});

describe("finding 4: imports refuse URLs that are not http(s)", () => {
  let exported: TOrganizationExport;

  beforeAll(async () => {
    exported = JSON.parse(JSON.stringify(await exportOrganization(owner.caller))) as TOrganizationExport;
  });

  const tampered = (edit: (file: Record<string, Record<string, unknown>[]>) => void) => {
    const copy = JSON.parse(JSON.stringify(exported)) as Record<string, Record<string, unknown>[]>;
    edit(copy);
    return copy;
  };

  async function emptyTarget() {
    return createOrgWithMembers(`Import target ${uniqueSuffix()}`, ["OWNER"]);
  }

  it("finding 4: the untouched export imports (so a refusal below is the URL's doing)", async () => {
    const target = await emptyTarget();
    const { status } = await call(importOrganizationRoute as TRoute, "POST", "/imports/organization", { as: target.owner, org: target.org, body: exported });
    expect(status).toBe(201);
  });

  it.each([
    ["apis.0.specUrl", (file: Record<string, Record<string, unknown>[]>) => (file.apis![0]!.specUrl = "javascript:alert(document.cookie)")],
    ["environments.0.baseUrl", (file: Record<string, Record<string, unknown>[]>) => (file.environments![0]!.baseUrl = "JavaScript:alert(1)")],
    ["mitigations.0.ticketUrl", (file: Record<string, Record<string, unknown>[]>) => (file.mitigations![0]!.ticketUrl = "javascript:alert(1)")],
    ["mitigations.0.evidenceUrl", (file: Record<string, Record<string, unknown>[]>) => (file.mitigations![0]!.evidenceUrl = "data:text/html,<script>alert(1)</script>")],
    ["catalogEntries.0.references.0.url", (file: Record<string, Record<string, unknown>[]>) => ((file.catalogEntries![0]!.references as { url: string }[])[0]!.url = "javascript:alert(1)")],
  ])("finding 4: organisation import with a bad %s: 422 naming it, nothing saved", async (field, edit) => {
    const target = await emptyTarget();
    const { status, body } = await call(importOrganizationRoute as TRoute, "POST", "/imports/organization", { as: target.owner, org: target.org, body: tampered(edit) });
    expect({ status, fields: fieldsOf(body) }).toEqual({ status: 422, fields: [field] });
    const counts = await Promise.all([db.api.count({ where: { orgId: target.org.id } }), db.mitigation.count({ where: { orgId: target.org.id } }), db.orgCatalogEntry.count({ where: { orgId: target.org.id } })]);
    expect(counts).toEqual([0, 0, 0]);
  });

  it("finding 4: OTM import with a javascript: ticket URL: 422 naming it, no model or API created", async () => {
    const target = await emptyTarget();
    const otm = {
      otmVersion: "0.2.0",
      project: { id: "shop", name: `Shop ${uniqueSuffix()}` },
      components: [{ id: "web", name: "Web", type: "web-service", parent: { trustZone: "internet" }, threats: [{ threat: "t1", state: "open", mitigations: [{ mitigation: "m1", state: "planned" }] }] }],
      trustZones: [{ id: "internet", name: "Internet", risk: { trustRating: 10 } }],
      threats: [{ id: "t1", name: "Session fixation", risk: { likelihood: 50, impact: 50 } }],
      mitigations: [{ id: "m1", name: "Rotate session ids", riskReduction: 80, attributes: { "bulwark:ticketUrl": "javascript:alert(document.cookie)" } }],
    };
    const { status, body } = await call(importOtmRoute as TRoute, "POST", "/imports/otm", { as: target.owner, org: target.org, body: otm });
    expect({ status, fields: fieldsOf(body) }).toEqual({ status: 422, fields: ["mitigations.0.attributes.bulwark:ticketUrl"] });
    expect(await db.api.count({ where: { orgId: target.org.id } })).toBe(0);
    expect(await db.threatModel.count({ where: { orgId: target.org.id } })).toBe(0);
    expect(await db.mitigation.count({ where: { orgId: target.org.id } })).toBe(0);
  });
});

describe("finding 7: % and _ in a search match themselves, not everything", () => {
  let search: { org: TOrgFixture; owner: TMemberFixture };
  let searchApiId: string;

  beforeAll(async () => {
    search = await createOrgWithMembers("Search", ["OWNER"]);
    const caller = search.owner.caller;
    const apis = [];
    for (const name of ["100% uptime", "snake_case gateway", "Plain billing", "Other ledger", "C:\\logs collector"]) apis.push(await createApi(caller, ZCreateApi.parse({ name })));
    searchApiId = apis[0]!.id;
    const model = await createThreatModel(caller, ZCreateThreatModel.parse({ apiId: searchApiId }));
    const threats = [];
    for (const title of ["50% of tokens leak", "rate_limit missing", "Plain threat"]) threats.push(await createThreat(caller, model.id, ZCreateThreat.parse({ title })));
    for (const title of ["Cut 90% of scopes", "add_owner_check", "Plain mitigation"]) await createMitigation(caller, ZCreateMitigation.parse({ title, threatIds: [threats[0]!.id] }));
    const spec = [
      "openapi: 3.0.3",
      "info: { title: Search, version: '1' }",
      "paths:",
      "  /percent:",
      "    get: { operationId: get100Percent, summary: 'Returns 100% of it', responses: { '200': { description: ok } } }",
      "  /snake:",
      "    get: { operationId: get_snake, summary: Snake, responses: { '200': { description: ok } } }",
      "  /plain:",
      "    get: { operationId: getPlain, summary: Plain, responses: { '200': { description: ok } } }",
      "",
    ].join("\n");
    await importSpec(caller, searchApiId, { text: spec, source: "API" }, { dryRun: false });
  });

  const get = async (route: TRoute, path: string, params: Record<string, string> = {}) => {
    const result = await call(route, "GET", path, { as: search.owner, org: search.org, params });
    expect(result.status, JSON.stringify(result.body)).toBe(200);
    return result.body.data as Record<string, unknown>[];
  };

  it.each([
    ["%", ["100% uptime"]],
    ["_", ["snake_case gateway"]],
    ["0%", ["100% uptime"]],
    ["e_c", ["snake_case gateway"]],
    ["\\", ["C:\\logs collector"]],
  ])("finding 7: GET /apis?q=%s", async (q, names) => {
    expect((await get(listApisRoute as TRoute, `/apis?q=${encodeURIComponent(q)}`)).map((api) => api.name)).toEqual(names);
  });

  it.each([
    ["%", ["50% of tokens leak"]],
    ["_", ["rate_limit missing"]],
  ])("finding 7: GET /threats?q=%s", async (q, titles) => {
    expect((await get(listThreatsRoute as TRoute, `/threats?q=${encodeURIComponent(q)}`)).map((threat) => threat.title)).toEqual(titles);
  });

  it.each([
    ["%", ["Cut 90% of scopes"]],
    ["_", ["add_owner_check"]],
  ])("finding 7: GET /mitigations?q=%s", async (q, titles) => {
    expect((await get(listMitigationsRoute as TRoute, `/mitigations?q=${encodeURIComponent(q)}`)).map((mitigation) => mitigation.title)).toEqual(titles);
  });

  it.each([
    ["%", ["/percent"]],
    ["_", ["/snake"]],
  ])("finding 7: GET /apis/{id}/operations?q=%s", async (q, paths) => {
    const found = await get(listOperationsRoute as TRoute, `/apis/${searchApiId}/operations?q=${encodeURIComponent(q)}`, { id: searchApiId });
    expect(found.map((operation) => operation.path)).toEqual(paths);
  });

  it("finding 7: GET /audit-events?action= matches a literal prefix", async () => {
    // Every action is dotted ("api.created"); "api_" as a LIKE pattern would match "api." too.
    expect(await get(listAuditRoute as TRoute, "/audit-events?action=api_")).toEqual([]);
    expect((await get(listAuditRoute as TRoute, "/audit-events?action=api.")).length).toBeGreaterThan(0);
  });
});
