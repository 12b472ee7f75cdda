import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db";
import { createApi } from "@/lib/server/apis/create-api";
import type { TCaller } from "@/lib/server/scope";
import { importSpec, type TSpecImportInput } from "@/lib/server/specs/import-spec";
import { listFindings } from "@/lib/server/specs/list-findings";
import { listOperations } from "@/lib/server/specs/list-operations";
import { listSpecImports } from "@/lib/server/specs/list-spec-imports";
import { analyseSpec } from "@/lib/core/specs/analyse-spec";
import { SpecError } from "@/lib/core/specs/spec-error";
import { ZCreateApi } from "@/lib/validation/apis";
import { ZListFindingsQuery, ZListOperationsQuery } from "@/lib/validation/specs";
import { appErrorOf, createOrgWithMembers, missingId, visible, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// The audit recorder is the last write of an import's transaction; making it throw on demand
// shows that a failure after operations, findings and the import row were written rolls them all back.
const audit = vi.hoisted(() => ({ fail: false }));
vi.mock("@/lib/server/audit/record-audit-event", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/server/audit/record-audit-event")>();
  return {
    ...original,
    recordAuditEventBy: async (...args: Parameters<typeof original.recordAuditEventBy>) => {
      if (audit.fail) throw new Error("audit store unavailable (injected by the test)");
      return original.recordAuditEventBy(...args);
    },
  };
});

const FIXTURES = new URL("../fixtures/specs/", import.meta.url);
const fixtureText = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8");
const KENNEL = fixtureText("kennel-3.0.yaml");
const KENNEL_KEYS = ["GET /pets", "POST /pets", "GET /pets/{petId}", "DELETE /pets/{petId}", "PUT /pets/{petId}/photo", "GET /bookings"];

/** Kennel with GET /bookings removed, GET /owners added, a summary and a security requirement changed. */
function editedKennel(): string {
  const edits: [string | RegExp, string][] = [
    ["  version: 1.4.0\n", "  version: 1.5.0\n"],
    ["      summary: One pet\n", "      summary: One pet, by its id\n"],
    ["      operationId: uploadPhoto\n", "      operationId: uploadPhoto\n      security: []\n"],
    [/  \/bookings:\n[\s\S]*?(?=components:\n)/, "  /owners:\n    get:\n      operationId: listOwners\n      summary: Owners\n      responses:\n        '200': { description: ok }\n"],
  ];
  let text = KENNEL;
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`edit ${String(from)} did not apply`);
    text = next;
  }
  return text;
}
/** Kennel plus one new operation, GET /owners. */
const kennelPlusOwners = () => KENNEL.replace("components:\n", "  /owners:\n    get:\n      summary: Owners\n      responses:\n        '200': { description: ok }\ncomponents:\n");

const upload = (text: string, fileName = "kennel.yaml"): TSpecImportInput => ({ text, source: "UPLOAD", fileName });
const apply = (caller: TCaller, apiId: string, text: string) => importSpec(caller, apiId, upload(text), { dryRun: false });
const dryRun = (caller: TCaller, apiId: string, text: string) => importSpec(caller, apiId, upload(text), { dryRun: true });
const operations = (caller: TCaller, apiId: string, query: z.input<typeof ZListOperationsQuery> = {}) => listOperations(caller, apiId, ZListOperationsQuery.parse(query));
const findings = (caller: TCaller, apiId: string, query: z.input<typeof ZListFindingsQuery> = {}) => listFindings(caller, apiId, ZListFindingsQuery.parse(query));
const keysOf = (page: { data: { method: string; path: string }[] }) => page.data.map((operation) => `${operation.method} ${operation.path}`);

async function newApi(caller: TCaller, name: string) {
  return createApi(caller, ZCreateApi.parse({ name: `${name} ${Math.random().toString(36).slice(2, 8)}` }));
}

/** Every row an import can touch for one API, and the size of every table it writes to. */
async function snapshot(apiId: string) {
  const [api, ops, imports, lint, events, counts] = await Promise.all([
    db.api.findUnique({ where: { id: apiId } }),
    db.operation.findMany({ where: { apiId }, orderBy: { id: "asc" } }),
    db.specImport.findMany({ where: { apiId }, orderBy: { id: "asc" } }),
    db.lintFinding.findMany({ where: { apiId }, orderBy: { id: "asc" } }),
    db.auditEvent.findMany({ where: { targetId: apiId }, orderBy: { id: "asc" } }),
    Promise.all([db.operation.count(), db.specImport.count(), db.lintFinding.count(), db.auditEvent.count(), db.api.count()]),
  ]);
  return { api, ops, imports, lint, events, counts };
}

let orgA: TOrgFixture;
let ownerA: TMemberFixture;
let orgB: TOrgFixture;
let ownerB: TMemberFixture;

beforeAll(async () => {
  ({ org: orgA, owner: ownerA } = await createOrgWithMembers("Spec A", ["OWNER"]));
  ({ org: orgB, owner: ownerB } = await createOrgWithMembers("Spec B", ["OWNER"]));
});

describe("importing a spec, then drift on re-import", () => {
  let apiId: string;
  let firstIds: Map<string, string>;
  let firstImportId: string;
  let secondImportId: string;

  beforeAll(async () => {
    apiId = (await newApi(ownerA.caller, "Kennel")).id;
  });

  it("a dry run returns the diff and saves nothing", async () => {
    const before = await snapshot(apiId);
    const result = await dryRun(ownerA.caller, apiId, KENNEL);
    expect(result).toMatchObject({
      dryRun: true,
      importId: null,
      format: "openapi-3.0",
      formatLabel: "OpenAPI 3.0",
      title: "Kennel API",
      specVersion: "1.4.0",
      operationCount: 6,
      findingCount: null,
      servers: [
        { name: "production", baseUrl: "https://kennel.example.com/v1" },
        { name: "sandbox", baseUrl: "https://eu.sandbox.kennel.example.com/v1" },
      ],
    });
    expect(result.diff.added.map((a) => a.key)).toEqual(KENNEL_KEYS);
    expect(result.diff).toMatchObject({ removed: [], changed: [], unchanged: 0 });
    expect(await snapshot(apiId)).toEqual(before);
    expect(before.ops).toEqual([]);
    expect(await db.auditEvent.count({ where: { action: "api.spec_imported" } })).toBe(0);
  });

  it("the first import stores operations, findings, the import and an audit event, and sets the API's version", async () => {
    const analysis = await analyseSpec(KENNEL);
    const apiBefore = await db.api.findUniqueOrThrow({ where: { id: apiId } });
    expect(apiBefore).toMatchObject({ apiVersion: null, version: 1 });

    const result = await apply(ownerA.caller, apiId, KENNEL);
    expect(result).toMatchObject({ dryRun: false, operationCount: 6, findingCount: analysis.findings.length, specVersion: "1.4.0" });
    expect(result.importId).toEqual(expect.any(String));
    firstImportId = result.importId!;

    const stored = await db.operation.findMany({ where: { apiId } });
    expect(stored.map((o) => `${o.method} ${o.path}`).sort()).toEqual([...KENNEL_KEYS].sort());
    for (const extracted of analysis.operations) {
      const row = stored.find((o) => `${o.method} ${o.path}` === extracted.key)!;
      expect(row, extracted.key).toMatchObject({
        orgId: orgA.id,
        operationId: extracted.operationId,
        summary: extracted.summary,
        tags: extracted.tags,
        deprecated: extracted.deprecated,
        requiresAuth: extracted.requiresAuth,
        securitySchemes: extracted.securitySchemes,
        flags: extracted.flags,
        sensitiveFields: extracted.sensitiveFields,
        parameters: extracted.parameters,
        removedAt: null,
        lastImportId: firstImportId,
      });
    }
    firstIds = new Map(stored.map((o) => [`${o.method} ${o.path}`, o.id]));

    const specImport = await db.specImport.findUniqueOrThrow({ where: { id: firstImportId } });
    expect(specImport).toMatchObject({
      orgId: orgA.id,
      apiId,
      importedById: ownerA.user.id,
      source: "UPLOAD",
      sourceUrl: null,
      fileName: "kennel.yaml",
      format: "openapi-3.0",
      title: "Kennel API",
      specVersion: "1.4.0",
      checksum: createHash("sha256").update(KENNEL).digest("hex"),
      sizeBytes: Buffer.byteLength(KENNEL),
      content: KENNEL,
      operationCount: 6,
      added: 6,
      removed: 0,
      changed: 0,
      findingCount: analysis.findings.length,
    });
    expect(specImport.durationMs).toBeGreaterThan(0);

    // Every finding is stored, linked to the operation its key names (or to none).
    const rows = await db.lintFinding.findMany({ where: { apiId }, include: { operation: { select: { method: true, path: true } } } });
    const fromDb = rows.map((f) => JSON.stringify([f.ruleId, f.severity, f.path, f.line, f.message, f.operation ? `${f.operation.method} ${f.operation.path}` : null])).sort();
    const expected = analysis.findings.map((f) => JSON.stringify([f.ruleId, f.severity, f.path, f.line, f.message, f.operationKey])).sort();
    expect(fromDb).toEqual(expected);
    expect(rows.every((f) => f.importId === firstImportId && f.orgId === orgA.id)).toBe(true);
    expect(rows.filter((f) => f.operationId === null).length).toBe(analysis.findings.filter((f) => f.operationKey === null).length);
    const bookingsArrayLimit = rows.find((f) => f.ruleId === "owasp:api4:2023-array-limit")!;
    expect(bookingsArrayLimit.operationId).toBe(firstIds.get("GET /bookings"));

    const events = await db.auditEvent.findMany({ where: { targetId: apiId, action: "api.spec_imported" } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      orgId: orgA.id,
      actorId: ownerA.user.id,
      targetType: "api",
      ip: "203.0.113.7",
      metadata: { importId: firstImportId, source: "UPLOAD", format: "openapi-3.0", operations: 6, added: 6, removed: 0, changed: 0, findings: analysis.findings.length },
    });

    expect(await db.api.findUniqueOrThrow({ where: { id: apiId } })).toMatchObject({ apiVersion: "1.4.0", version: 2 });
  });

  it("listSpecImports, listOperations and listFindings show the import", async () => {
    const imports = await listSpecImports(ownerA.caller, apiId);
    expect(imports).toEqual([
      expect.objectContaining({ id: firstImportId, source: "UPLOAD", fileName: "kennel.yaml", format: "openapi-3.0", specVersion: "1.4.0", operationCount: 6, added: 6, removed: 0, changed: 0, importedBy: { id: ownerA.user.id, name: ownerA.user.name } }),
    ]);
    expect(imports[0]).not.toHaveProperty("content");

    const page = await operations(ownerA.caller, apiId);
    expect(page.total).toBe(6);
    const linked = await db.lintFinding.groupBy({ by: ["operationId"], where: { apiId }, _count: { _all: true } });
    for (const operation of page.data) {
      expect(operation.findingCount, `${operation.method} ${operation.path}`).toBe(linked.find((l) => l.operationId === operation.id)?._count._all ?? 0);
    }
    expect(page.data.find((o) => o.path === "/bookings")!.findingCount).toBeGreaterThan(0);

    const all = await findings(ownerA.caller, apiId, { limit: 500 });
    expect(all.total).toBe(await db.lintFinding.count({ where: { apiId } }));
    expect(all.rules.find((r) => r.ruleId === "owasp:api9:2023-inventory-access")).toEqual({ ruleId: "owasp:api9:2023-inventory-access", severity: "ERROR", count: 2 });
    const bookingsId = firstIds.get("GET /bookings")!;
    const ofBookings = await findings(ownerA.caller, apiId, { operationId: bookingsId });
    expect(ofBookings.data.every((f) => f.operation?.id === bookingsId)).toBe(true);
    expect(ofBookings.total).toBe(page.data.find((o) => o.id === bookingsId)!.findingCount);
    expect((await findings(ownerA.caller, apiId, { rule: "owasp:api4:2023-array-limit" })).data.map((f) => [f.path, f.line, f.operation?.path])).toEqual([
      ["/paths/~1bookings/get/responses/200/content/application~1json/schema/properties/data", 110, "/bookings"],
    ]);
    expect((await findings(ownerA.caller, apiId, { severity: "WARN" })).data.every((f) => f.severity === "WARN")).toBe(true);
  });

  it("re-importing the same spec changes nothing: every operation is unchanged", async () => {
    const result = await dryRun(ownerA.caller, apiId, KENNEL);
    expect(result.diff).toEqual({ added: [], removed: [], changed: [], unchanged: 6 });
  });

  it("a dry run of the edited spec lists exactly the added, removed and changed operations, and saves nothing", async () => {
    const before = await snapshot(apiId);
    const result = await dryRun(ownerA.caller, apiId, editedKennel());
    expect(result.diff).toEqual({
      added: [{ key: "GET /owners", method: "GET", path: "/owners", flags: [] }],
      removed: [{ key: "GET /bookings", method: "GET", path: "/bookings" }],
      changed: [
        { key: "GET /pets/{petId}", method: "GET", path: "/pets/{petId}", fields: ["summary"] },
        { key: "PUT /pets/{petId}/photo", method: "PUT", path: "/pets/{petId}/photo", fields: ["requiresAuth", "securitySchemes"] },
      ],
      unchanged: 3,
    });
    expect(await snapshot(apiId)).toEqual(before);
  });

  it("applying it marks the removed operation, keeps ids stable and replaces every finding", async () => {
    const result = await apply(ownerA.caller, apiId, editedKennel());
    secondImportId = result.importId!;
    expect(await db.specImport.findUniqueOrThrow({ where: { id: secondImportId } })).toMatchObject({ added: 1, removed: 1, changed: 2, operationCount: 6, specVersion: "1.5.0" });

    const stored = await db.operation.findMany({ where: { apiId } });
    const byKey = new Map(stored.map((o) => [`${o.method} ${o.path}`, o]));
    expect(stored).toHaveLength(7);
    expect(byKey.get("GET /bookings")!.removedAt).toBeInstanceOf(Date);
    expect(byKey.get("GET /bookings")!.id).toBe(firstIds.get("GET /bookings"));
    for (const key of KENNEL_KEYS.filter((k) => k !== "GET /bookings")) {
      expect(byKey.get(key)!.id, key).toBe(firstIds.get(key));
      expect(byKey.get(key)!.removedAt, key).toBeNull();
      expect(byKey.get(key)!.lastImportId, key).toBe(secondImportId);
    }
    expect(byKey.get("GET /pets/{petId}")!.summary).toBe("One pet, by its id");
    expect(byKey.get("PUT /pets/{petId}/photo")).toMatchObject({ requiresAuth: false, securitySchemes: [] });
    expect(byKey.get("GET /owners")).toMatchObject({ removedAt: null, lastImportId: secondImportId, operationId: "listOwners" });

    // The removed operation is hidden unless asked for.
    expect(keysOf(await operations(ownerA.caller, apiId))).not.toContain("GET /bookings");
    expect((await operations(ownerA.caller, apiId)).total).toBe(6);
    const withRemoved = await operations(ownerA.caller, apiId, { includeRemoved: "true" });
    expect(withRemoved.total).toBe(7);
    expect(withRemoved.data.find((o) => o.path === "/bookings")).toMatchObject({ removedAt: expect.any(Date), notYetModelled: false });

    // Findings describe the latest spec only.
    const lint = await db.lintFinding.findMany({ where: { apiId } });
    expect(lint.length).toBe((await analyseSpec(editedKennel())).findings.length);
    expect(lint.every((f) => f.importId === secondImportId)).toBe(true);
    expect(await db.lintFinding.count({ where: { importId: firstImportId } })).toBe(0);
    expect(lint.some((f) => f.operationId === firstIds.get("GET /bookings"))).toBe(false);
    expect(lint.some((f) => f.operationId === byKey.get("GET /owners")!.id)).toBe(true);

    expect(await db.api.findUniqueOrThrow({ where: { id: apiId } })).toMatchObject({ apiVersion: "1.5.0", version: 3 });
    expect((await listSpecImports(ownerA.caller, apiId)).map((i) => [i.id, i.added, i.removed, i.changed])).toEqual([
      [secondImportId, 1, 1, 2],
      [firstImportId, 6, 0, 0],
    ]);
  });

  it("a third import that brings the removed operation back clears removedAt and keeps its id", async () => {
    const result = await apply(ownerA.caller, apiId, KENNEL);
    expect(result.diff.added.map((a) => a.key)).toEqual(["GET /bookings"]);
    expect(result.diff.removed.map((r) => r.key)).toEqual(["GET /owners"]);
    expect(result.diff.changed.map((c) => c.key)).toEqual(["GET /pets/{petId}", "PUT /pets/{petId}/photo"]);
    const bookings = await db.operation.findFirstOrThrow({ where: { apiId, method: "GET", path: "/bookings" } });
    expect(bookings).toMatchObject({ id: firstIds.get("GET /bookings"), removedAt: null, lastImportId: result.importId });
    expect(await db.operation.findFirstOrThrow({ where: { apiId, path: "/owners" } })).toMatchObject({ removedAt: expect.any(Date) });
    expect(await db.lintFinding.count({ where: { apiId, operationId: bookings.id } })).toBeGreaterThan(0);
    expect(keysOf(await operations(ownerA.caller, apiId)).sort()).toEqual([...KENNEL_KEYS].sort());
    // The spec version went back to 1.4.0.
    expect(await db.api.findUniqueOrThrow({ where: { id: apiId } })).toMatchObject({ apiVersion: "1.4.0", version: 4 });
  });

  it("an import whose spec version is the API's current one does not bump the API's version", async () => {
    await apply(ownerA.caller, apiId, KENNEL);
    expect(await db.api.findUniqueOrThrow({ where: { id: apiId } })).toMatchObject({ apiVersion: "1.4.0", version: 4 });
  });
});

describe("a failing import leaves every table as it was", () => {
  let apiId: string;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    apiId = (await newApi(ownerA.caller, "Atomic")).id;
    await apply(ownerA.caller, apiId, KENNEL);
    before = await snapshot(apiId);
  });

  it("invalid YAML: a 422 SpecError, nothing written", async () => {
    const error = await appErrorOf(apply(ownerA.caller, apiId, fixtureText("broken/invalid-yaml.yaml")));
    expect(error).toBeInstanceOf(SpecError);
    expect(error.status).toBe(422);
    expect(await snapshot(apiId)).toEqual(before);
  });

  it("a failure at the end of the transaction, after rows were written, rolls all of them back", async () => {
    audit.fail = true;
    try {
      await expect(apply(ownerA.caller, apiId, fixtureText("vulnerable-3.0.yaml"))).rejects.toThrow("audit store unavailable (injected by the test)");
    } finally {
      audit.fail = false;
    }
    expect(await snapshot(apiId)).toEqual(before);
    // And the same import succeeds once the failure is gone, so it was the injected failure that stopped it.
    const result = await apply(ownerA.caller, apiId, fixtureText("vulnerable-3.0.yaml"));
    expect(result.diff.added).toHaveLength(5);
    expect(result.diff.removed).toHaveLength(6);
  });
});

describe("simultaneous imports into one API", () => {
  it("two first imports at once: each succeeds or is a CONFLICT AppError (409), never a raw database error", async () => {
    const apiId = (await newApi(ownerA.caller, "Double submit")).id;
    const results = await Promise.allSettled([apply(ownerA.caller, apiId, KENNEL), apply(ownerA.caller, apiId, KENNEL)]);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => r.reason as Error & { code?: unknown; status?: unknown });
    for (const failure of failures) {
      expect({ name: failure.name, code: failure.code, status: failure.status }, failure.message).toEqual({ name: "AppError", code: "CONFLICT", status: 409 });
    }
    expect(failures.length).toBeLessThan(2);
    expect(await db.operation.count({ where: { apiId } })).toBe(6);
    expect(await db.specImport.count({ where: { apiId } })).toBe(2 - failures.length);
  });
});

describe("cross-tenant: org A cannot import into, or read, org B's API", () => {
  let apiB: string;
  let before: Awaited<ReturnType<typeof snapshot>>;

  beforeAll(async () => {
    apiB = (await newApi(ownerB.caller, "Payments")).id;
    await apply(ownerB.caller, apiB, fixtureText("warehouse-swagger-2.0.json"));
    before = await snapshot(apiB);
  });

  it.each([
    ["import", (caller: TCaller, id: string) => apply(caller, id, KENNEL)],
    ["dry-run import", (caller: TCaller, id: string) => dryRun(caller, id, KENNEL)],
    ["import of an invalid spec", (caller: TCaller, id: string) => apply(caller, id, "not: [valid")],
    ["listOperations", (caller: TCaller, id: string) => operations(caller, id)],
    ["listOperations with includeRemoved", (caller: TCaller, id: string) => operations(caller, id, { includeRemoved: "true" })],
    ["listFindings", (caller: TCaller, id: string) => findings(caller, id)],
    ["listSpecImports", (caller: TCaller, id: string) => listSpecImports(caller, id)],
  ])("%s answers NOT_FOUND, exactly like a missing id, and B's rows are untouched", async (_label, call) => {
    const foreign = await appErrorOf(call(ownerA.caller, apiB));
    const missing = await appErrorOf(call(ownerA.caller, missingId()));
    expect(foreign).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(visible(foreign)).toEqual(visible(missing));
    expect(await snapshot(apiB)).toEqual(before);
  });

  it("a source given as a function (a URL to fetch) is never run for B's API", async () => {
    let fetched = 0;
    const source = async () => {
      fetched++;
      return { text: KENNEL, source: "URL" as const, sourceUrl: "https://kennel.example.com/openapi.yaml" };
    };
    for (const dry of [true, false]) {
      const error = await appErrorOf(importSpec(ownerA.caller, apiB, source, { dryRun: dry }));
      expect(error).toMatchObject({ code: "NOT_FOUND", status: 404 });
    }
    expect(fetched).toBe(0);
    expect(await snapshot(apiB)).toEqual(before);
  });

  it("A's own API cannot be paged with a cursor or filtered by an operation id from B", async () => {
    const apiA = (await newApi(ownerA.caller, "Own")).id;
    await apply(ownerA.caller, apiA, KENNEL);
    const operationOfB = before.ops[0]!.id;
    const error = await appErrorOf(operations(ownerA.caller, apiA, { cursor: operationOfB, limit: 1 }));
    expect(error).toMatchObject({ code: "BAD_REQUEST" });
    expect((await findings(ownerA.caller, apiA, { operationId: operationOfB })).total).toBe(0);
    // A's import added rows of its own; B's are as they were.
    const { counts: _countsNow, ...rowsNow } = await snapshot(apiB);
    const { counts: _countsBefore, ...rowsBefore } = before;
    expect(rowsNow).toEqual(rowsBefore);
  });

  it("B still sees its own import", async () => {
    expect((await operations(ownerB.caller, apiB)).total).toBe(4);
    expect(await listSpecImports(ownerB.caller, apiB)).toHaveLength(1);
    expect(before.ops.every((o) => o.orgId === orgB.id)).toBe(true);
  });
});

describe("notYetModelled", () => {
  let apiId: string;

  beforeAll(async () => {
    apiId = (await newApi(ownerA.caller, "Modelled")).id;
    await apply(ownerA.caller, apiId, KENNEL);
  });

  it("with no approved threat model, every operation is not yet modelled", async () => {
    const page = await operations(ownerA.caller, apiId);
    expect(page.lastApprovedModelAt).toBeNull();
    expect(page.data.map((o) => o.notYetModelled)).toEqual(Array(6).fill(true));
    expect((await operations(ownerA.caller, apiId, { notModelled: "true" })).total).toBe(6);
    expect((await operations(ownerA.caller, apiId, { notModelled: "false" })).total).toBe(0);
  });

  it("a DRAFT model, or an APPROVED one of another API, does not count", async () => {
    const other = (await newApi(ownerA.caller, "Other")).id;
    await db.threatModel.create({ data: { orgId: orgA.id, apiId: other, title: "Other's model", status: "APPROVED", approvedAt: new Date() } });
    await db.threatModel.create({ data: { orgId: orgA.id, apiId, title: "Draft", status: "DRAFT" } });
    const page = await operations(ownerA.caller, apiId);
    expect(page.lastApprovedModelAt).toBeNull();
    expect(page.data.every((o) => o.notYetModelled)).toBe(true);
  });

  it("after an approved model, only operations first seen later are not yet modelled", async () => {
    const approvedAt = new Date();
    await db.threatModel.create({ data: { orgId: orgA.id, apiId, title: "Kennel model", status: "APPROVED", approvedAt } });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await apply(ownerA.caller, apiId, kennelPlusOwners());

    const page = await operations(ownerA.caller, apiId);
    expect(page.lastApprovedModelAt).toEqual(approvedAt);
    expect(page.data.filter((o) => o.notYetModelled).map((o) => `${o.method} ${o.path}`)).toEqual(["GET /owners"]);
    expect(keysOf(await operations(ownerA.caller, apiId, { notModelled: "true" }))).toEqual(["GET /owners"]);
    expect(keysOf(await operations(ownerA.caller, apiId, { notModelled: "false" })).sort()).toEqual([...KENNEL_KEYS].sort());
  });
});

describe("listOperations filters and pagination", () => {
  let kennelApi: string;
  let eventsApi: string;

  beforeAll(async () => {
    kennelApi = (await newApi(ownerA.caller, "Filter kennel")).id;
    eventsApi = (await newApi(ownerA.caller, "Filter events")).id;
    await apply(ownerA.caller, kennelApi, KENNEL);
    await apply(ownerA.caller, eventsApi, fixtureText("events-3.1.yaml"));
  });

  it("orders by path, then method", async () => {
    expect(keysOf(await operations(ownerA.caller, kennelApi))).toEqual([
      "GET /bookings",
      "GET /pets",
      "POST /pets",
      "DELETE /pets/{petId}",
      "GET /pets/{petId}",
      "PUT /pets/{petId}/photo",
    ]);
  });

  it("method", async () => {
    expect(keysOf(await operations(ownerA.caller, kennelApi, { method: "DELETE" }))).toEqual(["DELETE /pets/{petId}"]);
    expect(keysOf(await operations(ownerA.caller, eventsApi, { method: "POST" }))).toEqual(["POST /subscriptions", "POST webhook:eventCreated"]);
    expect(() => ZListOperationsQuery.parse({ method: "FETCH" })).toThrow();
  });

  it("flag", async () => {
    expect(keysOf(await operations(ownerA.caller, kennelApi, { flag: "file-upload" }))).toEqual(["PUT /pets/{petId}/photo"]);
    expect(keysOf(await operations(ownerA.caller, kennelApi, { flag: "unbounded-list" }))).toEqual(["GET /bookings"]);
    expect(keysOf(await operations(ownerA.caller, kennelApi, { flag: "id-path-param" }))).toEqual(["DELETE /pets/{petId}", "GET /pets/{petId}", "PUT /pets/{petId}/photo"]);
    expect(keysOf(await operations(ownerA.caller, eventsApi, { flag: "webhook" }))).toEqual(["POST webhook:eventCreated"]);
    expect(keysOf(await operations(ownerA.caller, eventsApi, { flag: "url-input" }))).toEqual(["POST /subscriptions"]);
  });

  it("auth=required|none", async () => {
    expect(keysOf(await operations(ownerA.caller, eventsApi, { auth: "none" }))).toEqual(["GET /events", "GET /health", "GET /subscriptions/{subscriptionId}"]);
    expect(keysOf(await operations(ownerA.caller, eventsApi, { auth: "required" }))).toEqual(["POST /subscriptions", "POST webhook:eventCreated"]);
    expect((await operations(ownerA.caller, kennelApi, { auth: "none" })).total).toBe(0);
  });

  it("deprecated", async () => {
    expect(keysOf(await operations(ownerA.caller, kennelApi, { deprecated: "true" }))).toEqual(["DELETE /pets/{petId}"]);
    expect((await operations(ownerA.caller, kennelApi, { deprecated: "false" })).total).toBe(5);
  });

  it("q searches path, operationId and summary case-insensitively, and tags exactly", async () => {
    expect(keysOf(await operations(ownerA.caller, kennelApi, { q: "PHOTO" }))).toEqual(["PUT /pets/{petId}/photo"]);
    expect(keysOf(await operations(ownerA.caller, kennelApi, { q: "createpet" }))).toEqual(["POST /pets"]);
    expect(keysOf(await operations(ownerA.caller, kennelApi, { q: "register" }))).toEqual(["POST /pets"]);
    expect(keysOf(await operations(ownerA.caller, eventsApi, { q: "liveness" }))).toEqual(["GET /health"]);
    expect((await operations(ownerA.caller, kennelApi, { q: "nothing-like-this" })).total).toBe(0);
  });

  it("filters combine", async () => {
    expect(keysOf(await operations(ownerA.caller, kennelApi, { method: "GET", flag: "id-path-param" }))).toEqual(["GET /pets/{petId}"]);
  });

  it("limit 2 pages through every operation once, with the right total", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await operations(ownerA.caller, kennelApi, { limit: 2, ...(cursor ? { cursor } : {}) });
      expect(page.total).toBe(6);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...keysOf(page));
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(keysOf(await operations(ownerA.caller, kennelApi)));
  });

  it("pagination with a filter counts only the filtered rows", async () => {
    const first = await operations(ownerA.caller, eventsApi, { auth: "none", limit: 2 });
    expect(first.total).toBe(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await operations(ownerA.caller, eventsApi, { auth: "none", limit: 2, cursor: first.nextCursor! });
    expect([...keysOf(first), ...keysOf(second)]).toEqual(["GET /events", "GET /health", "GET /subscriptions/{subscriptionId}"]);
    expect(second.nextCursor).toBeNull();
  });
});

describe("webhooks and Swagger 2.0 are stored like any operation", () => {
  it("the webhook is stored as POST webhook:eventCreated; Swagger's formData upload keeps its parameters", async () => {
    const events = (await newApi(ownerA.caller, "Events")).id;
    await apply(ownerA.caller, events, fixtureText("events-3.1.yaml"));
    expect(await db.operation.findFirstOrThrow({ where: { apiId: events, path: "webhook:eventCreated" } })).toMatchObject({ method: "POST", flags: ["sensitive-data", "webhook"] });

    const warehouse = (await newApi(ownerA.caller, "Warehouse")).id;
    const result = await importSpec(ownerA.caller, warehouse, { text: fixtureText("warehouse-swagger-2.0.json"), source: "URL", sourceUrl: "https://warehouse.example.com/swagger.json" }, { dryRun: false });
    expect(result).toMatchObject({ format: "swagger-2.0", formatLabel: "Swagger 2.0", servers: [{ name: "default", baseUrl: "https://warehouse.example.com/api" }] });
    expect(await db.specImport.findUniqueOrThrow({ where: { id: result.importId! } })).toMatchObject({ source: "URL", sourceUrl: "https://warehouse.example.com/swagger.json", fileName: null });
    expect(await db.operation.findFirstOrThrow({ where: { apiId: warehouse, path: "/imports" } })).toMatchObject({
      flags: ["file-upload"],
      parameters: [{ name: "file", in: "formData", required: true, type: "file", format: null }],
    });
  });
});
