import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { syncBuiltinCatalog } from "@/lib/db/catalog-sync";
import { createApi } from "@/lib/server/apis/create-api";
import { changeCatalogEntry } from "@/lib/server/catalog/change-catalog-entry";
import { createOrgEntry } from "@/lib/server/catalog/create-org-entry";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { setBuiltinEntryDisabled } from "@/lib/server/catalog/set-builtin-entry-disabled";
import { updateOrgEntry } from "@/lib/server/catalog/update-org-entry";
import { createTemplate } from "@/lib/server/catalog/create-template";
import { listTemplates } from "@/lib/server/catalog/list-templates";
import type { TCaller } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { updateRiskBands } from "@/lib/server/settings/update-risk-bands";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";
import { saveAnswer } from "@/lib/server/threat-models/save-answer";
import { createThreat } from "@/lib/server/threats/create-threat";
import type { TCatalogEntryContent, TCatalogFile } from "@/lib/core/threat-models/catalog-schema";
import { ZCreateApi, type TCreateApiInput } from "@/lib/validation/apis";
import { ZCreateThreat } from "@/lib/validation/threats";
import { ZRiskBands } from "@/lib/validation/settings";
import { ZCatalogEntryInput } from "@/lib/validation/catalog";
import { ZCreateThreatModel, ZSaveAnswer } from "@/lib/validation/threat-models";
import type { z } from "zod";
import { appErrorOf, createOrgWithMembers, uniqueSuffix, visible, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// The checklist an organisation sees (built-ins, its switched-off ones, its own entries), templates,
// upgrades of the built-in catalogue, and the organisation's risk bands.

const CATALOG_FILE = path.join(process.cwd(), "prisma/catalog/threat-catalog.json");
const CATALOG = JSON.parse(readFileSync(CATALOG_FILE, "utf8")) as TCatalogFile;
const CATALOG_ORDER = CATALOG.categories.flatMap((category) => CATALOG.entries.filter((entry) => entry.category === category.key).map((entry) => entry.key));

const keysOf = (catalog: { entries: { key: string }[] }) => catalog.entries.map((entry) => entry.key);

async function newApi(caller: TCaller, fields: Partial<TCreateApiInput> = {}) {
  return createApi(caller, ZCreateApi.parse({ name: `Catalogue API ${uniqueSuffix()}`, exposure: "INTERNET", dataClassification: "CONFIDENTIAL", ...fields }));
}
const newModel = (member: TMemberFixture, apiId: string, templateId?: string) => createThreatModel(member.caller, ZCreateThreatModel.parse({ apiId, templateId }));
const modelKeys = async (id: string) => (await db.threatModel.findUniqueOrThrow({ where: { id }, select: { entryKeys: true } })).entryKeys;

const ORG_ENTRY: z.input<typeof ZCatalogEntryInput> = {
  category: "injection",
  title: "GraphQL batching abuse",
  question: "Can a caller send hundreds of operations in one batched GraphQL request?",
  whyItMatters: "Batching multiplies the work of one request and slips past per-request rate limits.",
  howToTell: "Look for array bodies or aliases accepted by the GraphQL endpoint.",
  mitigations: [{ title: "Limit batch size and query cost", description: "Reject batches above a small maximum and cost-limit each query." }],
  owaspApi: ["API4"],
  stride: ["D"],
  cwe: ["CWE-770"],
};

let orgA: TOrgFixture;
let adminA: TMemberFixture;
let editorA: TMemberFixture;
let orgB: TOrgFixture;
let adminB: TMemberFixture;
let editorB: TMemberFixture;
let apiA: string;
let apiB: string;

beforeAll(async () => {
  ({ org: orgA, admin: adminA, editor: editorA } = await createOrgWithMembers("Catalogue A", ["OWNER", "ADMIN", "EDITOR"]));
  ({ org: orgB, admin: adminB, editor: editorB } = await createOrgWithMembers("Catalogue B", ["OWNER", "ADMIN", "EDITOR"]));
  apiA = (await newApi(editorA.caller)).id;
  apiB = (await newApi(editorB.caller)).id;
});

describe("the built-in catalogue", () => {
  it("lists every built-in entry, in category order, with the file's content", async () => {
    const catalog = await listCatalog(editorA.caller);
    expect(catalog.entries).toHaveLength(CATALOG.entries.length);
    expect(keysOf(catalog)).toEqual(CATALOG_ORDER);
    expect(catalog.categories).toEqual(CATALOG.categories);
    expect(catalog.entries.every((entry) => entry.builtIn && !entry.disabled && entry.version === null)).toBe(true);
    const fileEntry = CATALOG.entries.find((entry) => entry.key === "api1-object-id-in-path")!;
    const { seedTopics: _topics, ...content } = fileEntry;
    expect(catalog.entries.find((entry) => entry.key === "api1-object-id-in-path")).toEqual({ ...content, builtIn: true, disabled: false, version: null });
    // Category order really is the order of the wizard: no category appears again after another one started.
    const seen = catalog.entries.map((entry) => CATALOG.categories.findIndex((category) => category.key === entry.category));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe("switching built-in entries off", () => {
  it("hides a switched-off entry from the organisation's checklist and new models, not from other organisations", async () => {
    await setBuiltinEntryDisabled(adminA.caller, "inj-sql-nosql", true);
    const catalog = await listCatalog(editorA.caller);
    expect(keysOf(catalog)).toEqual(CATALOG_ORDER.filter((key) => key !== "inj-sql-nosql"));
    const withDisabled = await listCatalog(editorA.caller, { includeDisabled: true });
    expect(withDisabled.entries).toHaveLength(CATALOG.entries.length);
    expect(withDisabled.entries.find((entry) => entry.key === "inj-sql-nosql")).toMatchObject({ builtIn: true, disabled: true });
    expect(withDisabled.entries.filter((entry) => entry.disabled).map((entry) => entry.key)).toEqual(["inj-sql-nosql"]);

    const ofB = await listCatalog(editorB.caller, { includeDisabled: true });
    expect(keysOf(ofB)).toEqual(CATALOG_ORDER);
    expect(ofB.entries.some((entry) => entry.disabled)).toBe(false);

    const modelA = await newModel(editorA, apiA);
    expect(await modelKeys(modelA.id)).toEqual(CATALOG_ORDER.filter((key) => key !== "inj-sql-nosql"));
    const modelB = await newModel(editorB, apiB);
    expect(await modelKeys(modelB.id)).toEqual(CATALOG_ORDER);

    expect(await db.auditEvent.count({ where: { action: "catalog.entry_disabled", targetId: "inj-sql-nosql", orgId: orgA.id, actorId: adminA.user.id } })).toBe(1);
  });

  it("a switched-off entry is not pre-answered by its rule, and switching it back on restores it", async () => {
    await changeCatalogEntry(adminA.caller, "data-sensitive-at-rest", { disabled: true });
    const without = await newModel(editorA, apiA);
    expect(without.preAnswered).toBe(1);
    expect((await db.checklistAnswer.findMany({ where: { threatModelId: without.id } })).map((row) => row.entryKey)).toEqual(["api4-no-rate-limiting"]);
    expect(await db.threat.count({ where: { threatModelId: without.id, catalogEntryKey: "data-sensitive-at-rest" } })).toBe(0);

    await changeCatalogEntry(adminA.caller, "data-sensitive-at-rest", { disabled: false });
    expect(keysOf(await listCatalog(editorA.caller))).toContain("data-sensitive-at-rest");
    const restored = await newModel(editorA, apiA);
    expect(restored.preAnswered).toBe(2);
    expect(await db.auditEvent.count({ where: { action: "catalog.entry_enabled", targetId: "data-sensitive-at-rest", orgId: orgA.id } })).toBe(1);
  });

  it("refuses unknown built-in keys and edits of built-in content", async () => {
    expect((await appErrorOf(setBuiltinEntryDisabled(adminA.caller, "no-such-entry", true))).code).toBe("NOT_FOUND");
    const error = await appErrorOf(changeCatalogEntry(adminA.caller, "api8-verbose-errors", { entry: ZCatalogEntryInput.parse({ ...ORG_ENTRY, category: "configuration" }), version: 1 }));
    expect(error.code).toBe("FORBIDDEN");
    expect((await db.catalogEntry.findUniqueOrThrow({ where: { key: "api8-verbose-errors" } })).title).toBe(CATALOG.entries.find((entry) => entry.key === "api8-verbose-errors")!.title);
  });
});

describe("an organisation's own entries", () => {
  let key: string;

  it("createOrgEntry gives an org- key, unique within the organisation", async () => {
    const created = await createOrgEntry(adminA.caller, ZCatalogEntryInput.parse(ORG_ENTRY));
    key = created.key;
    expect(key).toBe("org-graphql-batching-abuse");
    expect((await createOrgEntry(adminA.caller, ZCatalogEntryInput.parse(ORG_ENTRY))).key).toBe("org-graphql-batching-abuse-2");
    // Another organisation has its own key space.
    expect((await createOrgEntry(adminB.caller, ZCatalogEntryInput.parse(ORG_ENTRY))).key).toBe("org-graphql-batching-abuse");
    expect(await db.orgCatalogEntry.findFirstOrThrow({ where: { orgId: orgA.id, key } })).toMatchObject({ createdById: adminA.user.id, version: 1, disabled: false, title: ORG_ENTRY.title });
    expect(await db.auditEvent.count({ where: { action: "catalog.entry_created", targetId: key, orgId: orgA.id } })).toBe(1);
  });

  it("rejects an unknown category", async () => {
    const before = await db.orgCatalogEntry.count({ where: { orgId: orgA.id } });
    const error = await appErrorOf(createOrgEntry(adminA.caller, ZCatalogEntryInput.parse({ ...ORG_ENTRY, category: "no-such-category" })));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(visible(error).fields).toEqual(["category"]);
    expect(await db.orgCatalogEntry.count({ where: { orgId: orgA.id } })).toBe(before);
  });

  it("shows the entry in its category, after the built-ins, and only to its organisation", async () => {
    const catalog = await listCatalog(editorA.caller);
    const entry = catalog.entries.find((candidate) => candidate.key === key);
    expect(entry).toMatchObject({ builtIn: false, disabled: false, version: 1, category: "injection", title: ORG_ENTRY.title, owaspApi: ["API4"], stride: ["D"], cwe: ["CWE-770"] });
    const keys = keysOf(catalog);
    const injection = catalog.entries.filter((candidate) => candidate.category === "injection").map((candidate) => candidate.key);
    expect(injection.slice(-2)).toEqual([key, "org-graphql-batching-abuse-2"]);
    expect(keys.indexOf(key)).toBeLessThan(keys.indexOf(CATALOG_ORDER.find((k) => CATALOG.entries.find((e) => e.key === k)!.category === "output-encoding")!));
    const ofB = await listCatalog(editorB.caller);
    expect(ofB.entries.filter((candidate) => !candidate.builtIn).map((candidate) => candidate.key)).toEqual(["org-graphql-batching-abuse"]);
    expect(ofB.entries.some((candidate) => candidate.key === "org-graphql-batching-abuse-2")).toBe(false);
  });

  it("appears in new models, and answering it YES creates a threat with its mitigation", async () => {
    const { id } = await newModel(editorA, apiA);
    expect(await modelKeys(id)).toContain(key);
    await saveAnswer(editorA.caller, id, ZSaveAnswer.parse({ entryKey: key, answer: "YES" }));
    const threat = await db.threat.findFirstOrThrow({ where: { threatModelId: id, catalogEntryKey: key }, include: { mitigations: { include: { mitigation: true } } } });
    expect(threat).toMatchObject({ title: ORG_ENTRY.title, category: "injection", owaspApiId: "API4", stride: ["D"], source: "CHECKLIST", description: ORG_ENTRY.whyItMatters });
    expect(threat.mitigations.map((link) => [link.mitigation.title, link.mitigation.status])).toEqual([["Limit batch size and query cost", "PROPOSED"]]);
  });

  it("updateOrgEntry edits with the version read, and refuses a stale or missing version", async () => {
    const edited = ZCatalogEntryInput.parse({ ...ORG_ENTRY, title: "GraphQL batching and alias abuse" });
    await updateOrgEntry(adminA.caller, key, { entry: edited, version: 1 });
    expect(await db.orgCatalogEntry.findFirstOrThrow({ where: { orgId: orgA.id, key } })).toMatchObject({ title: "GraphQL batching and alias abuse", version: 2 });

    const stale = await appErrorOf(updateOrgEntry(adminA.caller, key, { entry: ZCatalogEntryInput.parse({ ...ORG_ENTRY, title: "Lost update" }), version: 1 }));
    expect(stale.code).toBe("CONFLICT");
    const missingVersion = await appErrorOf(updateOrgEntry(adminA.caller, key, { entry: edited }));
    expect(missingVersion.code).toBe("VALIDATION_FAILED");
    expect(visible(missingVersion).fields).toEqual(["version"]);
    expect(await db.orgCatalogEntry.findFirstOrThrow({ where: { orgId: orgA.id, key } })).toMatchObject({ title: "GraphQL batching and alias abuse", version: 2 });

    // Through changeCatalogEntry, an organisation's own entry can be edited.
    await changeCatalogEntry(adminA.caller, key, { entry: ZCatalogEntryInput.parse({ ...ORG_ENTRY, title: "GraphQL batching, alias and depth abuse" }), version: 2 });
    expect(await db.orgCatalogEntry.findFirstOrThrow({ where: { orgId: orgA.id, key } })).toMatchObject({ title: "GraphQL batching, alias and depth abuse", version: 3 });
  });

  it("another organisation cannot touch the entry", async () => {
    const error = await appErrorOf(updateOrgEntry(adminB.caller, "org-graphql-batching-abuse-2", { disabled: true }));
    expect(error.code).toBe("NOT_FOUND");
    expect(await db.orgCatalogEntry.findFirstOrThrow({ where: { orgId: orgA.id, key: "org-graphql-batching-abuse-2" } })).toMatchObject({ disabled: false, version: 1 });
  });

  it("a switched-off own entry leaves the checklist but shows with includeDisabled", async () => {
    await updateOrgEntry(adminA.caller, "org-graphql-batching-abuse-2", { disabled: true });
    expect(keysOf(await listCatalog(editorA.caller))).not.toContain("org-graphql-batching-abuse-2");
    expect((await listCatalog(editorA.caller, { includeDisabled: true })).entries.find((entry) => entry.key === "org-graphql-batching-abuse-2")).toMatchObject({ disabled: true, builtIn: false, version: 2 });
  });
});

describe("templates", () => {
  let templateId: string;
  const KEYS = ["api4-no-rate-limiting", "org-graphql-batching-abuse", "api1-object-id-in-path", "api4-no-rate-limiting"];

  it("refuses unknown or switched-off entries", async () => {
    for (const entryKeys of [["api1-object-id-in-path", "no-such-entry"], ["inj-sql-nosql"], ["org-graphql-batching-abuse-2"]]) {
      const error = await appErrorOf(createTemplate(adminA.caller, { name: `Bad ${uniqueSuffix()}`, description: "", entryKeys }));
      expect(error.code, entryKeys.join()).toBe("VALIDATION_FAILED");
      expect(visible(error).fields).toEqual(["entryKeys"]);
    }
    expect(await listTemplates(adminA.caller)).toEqual([]);
  });

  it("creates a template with each entry once, and refuses a duplicate name in the same organisation only", async () => {
    const created = await createTemplate(adminA.caller, { name: "Public REST", description: "For internet-facing REST APIs", entryKeys: KEYS });
    templateId = created.id;
    expect(created.name).toBe("Public REST");
    expect((await listTemplates(editorA.caller))[0]).toMatchObject({ id: templateId, entryKeys: ["api4-no-rate-limiting", "org-graphql-batching-abuse", "api1-object-id-in-path"] });

    const duplicate = await appErrorOf(createTemplate(adminA.caller, { name: "Public REST", description: "", entryKeys: ["api1-object-id-in-path"] }));
    expect(duplicate.code).toBe("CONFLICT");
    expect(visible(duplicate).fields).toEqual(["name"]);
    await createTemplate(adminB.caller, { name: "Public REST", description: "", entryKeys: ["api1-object-id-in-path"] });
    expect((await listTemplates(adminA.caller)).map((template) => template.id)).toEqual([templateId]);
  });

  it("a model created from the template has exactly its entries, and only those are pre-answered", async () => {
    const model = await newModel(editorA, apiA, templateId);
    const keys = await modelKeys(model.id);
    expect(keys).toEqual(["api1-object-id-in-path", "api4-no-rate-limiting", "org-graphql-batching-abuse"]);
    expect(await db.threatModel.findUniqueOrThrow({ where: { id: model.id } })).toMatchObject({ templateId });
    // data-sensitive-at-rest would be pre-answered too, but it is not in the template.
    expect(model.preAnswered).toBe(1);
    expect((await db.checklistAnswer.findMany({ where: { threatModelId: model.id } })).map((row) => row.entryKey)).toEqual(["api4-no-rate-limiting"]);
    expect((await getThreatModel(editorA.caller, model.id)).entries.map((entry) => entry.key)).toEqual(keys);
  });

  it("a template's entry switched off later is left out of new models", async () => {
    await setBuiltinEntryDisabled(adminA.caller, "api1-object-id-in-path", true);
    try {
      const model = await newModel(editorA, apiA, templateId);
      expect(await modelKeys(model.id)).toEqual(["api4-no-rate-limiting", "org-graphql-batching-abuse"]);
    } finally {
      await setBuiltinEntryDisabled(adminA.caller, "api1-object-id-in-path", false);
    }
  });

  it("another organisation cannot start a model from it", async () => {
    expect((await appErrorOf(newModel(editorB, apiB, templateId))).code).toBe("NOT_FOUND");
  });
});

describe("risk bands", () => {
  const SCORES: [number, number][] = [
    [2, 2],
    [2, 3],
    [3, 4],
    [4, 5],
  ];
  let modelA: string;
  let modelB: string;

  async function addManualThreats(member: TMemberFixture, modelId: string) {
    for (const [likelihood, impact] of SCORES) {
      await createThreat(member.caller, modelId, ZCreateThreat.parse({ title: `Scored ${likelihood}x${impact}`, likelihood, impact }));
    }
  }
  const severities = async (modelId: string) =>
    Object.fromEntries((await db.threat.findMany({ where: { threatModelId: modelId, source: "MANUAL" }, select: { score: true, severity: true } })).map((threat) => [threat.score, threat.severity]));

  beforeAll(async () => {
    modelA = (await newModel(editorA, apiA)).id;
    modelB = (await newModel(editorB, apiB)).id;
    await addManualThreats(editorA, modelA);
    await addManualThreats(editorB, modelB);
  });

  it("an organisation on the default bands can save its first bands through the validated body", async () => {
    const { org: orgD, admin: adminD } = await createOrgWithMembers("Bands D", ["OWNER", "ADMIN"]);
    const current = await getRiskBands(adminD.caller);
    expect(current).toEqual({ mediumFrom: 5, highFrom: 10, criticalFrom: 20, version: 0 });
    const body = ZRiskBands.safeParse({ version: current.version, mediumFrom: 4, highFrom: 9, criticalFrom: 16 });
    expect(body.success).toBe(true);
    expect(await updateRiskBands(adminD.caller, body.data!)).toEqual({ mediumFrom: 4, highFrom: 9, criticalFrom: 16, version: 1 });
    expect(await db.orgSettings.findUniqueOrThrow({ where: { orgId: orgD.id } })).toMatchObject({ mediumFrom: 4, highFrom: 9, criticalFrom: 16, version: 1 });
  });

  it("ZRiskBands refuses bands that do not rise or leave 2–25", () => {
    expect(ZRiskBands.safeParse({ version: 1, mediumFrom: 10, highFrom: 10, criticalFrom: 20 }).success).toBe(false);
    expect(ZRiskBands.safeParse({ version: 1, mediumFrom: 5, highFrom: 10, criticalFrom: 26 }).success).toBe(false);
    expect(ZRiskBands.safeParse({ version: 1, mediumFrom: 1, highFrom: 10, criticalFrom: 20 }).success).toBe(false);
    expect(ZRiskBands.safeParse({ version: 1, mediumFrom: 12, highFrom: 10, criticalFrom: 20 }).success).toBe(false);
  });

  it("re-bands the organisation's existing threats, leaves other organisations alone, and records an audit event", async () => {
    expect(await severities(modelA)).toEqual({ 4: "LOW", 6: "MEDIUM", 12: "HIGH", 20: "CRITICAL" });
    const before = await getRiskBands(adminA.caller);
    expect(before.version).toBe(0);
    const saved = await updateRiskBands(adminA.caller, { mediumFrom: 3, highFrom: 6, criticalFrom: 12, version: before.version });
    expect(saved).toEqual({ mediumFrom: 3, highFrom: 6, criticalFrom: 12, version: 1 });

    expect(await severities(modelA)).toEqual({ 4: "MEDIUM", 6: "HIGH", 12: "CRITICAL", 20: "CRITICAL" });
    // The rule threats of A's models (unsure, internet, confidential: 3 × 3 = 9) are re-banded too.
    const ruleThreats = await db.threat.findMany({ where: { orgId: orgA.id, score: 9 }, select: { severity: true } });
    expect(ruleThreats.length).toBeGreaterThan(0);
    expect(new Set(ruleThreats.map((threat) => threat.severity))).toEqual(new Set(["HIGH"]));
    // Org B still uses the defaults.
    expect(await severities(modelB)).toEqual({ 4: "LOW", 6: "MEDIUM", 12: "HIGH", 20: "CRITICAL" });
    expect(new Set((await db.threat.findMany({ where: { orgId: orgB.id, score: 9 }, select: { severity: true } })).map((threat) => threat.severity))).toEqual(new Set(["MEDIUM"]));

    const events = await db.auditEvent.findMany({ where: { action: "settings.risk_bands_changed", orgId: orgA.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      actorId: adminA.user.id,
      targetType: "organization",
      targetId: orgA.id,
      metadata: { from: { mediumFrom: 5, highFrom: 10, criticalFrom: 20 }, to: { mediumFrom: 3, highFrom: 6, criticalFrom: 12 } },
    });
    expect(await db.auditEvent.count({ where: { action: "settings.risk_bands_changed", orgId: orgB.id } })).toBe(0);
  });

  it("refuses a stale version and changes nothing", async () => {
    const error = await appErrorOf(updateRiskBands(adminA.caller, { mediumFrom: 8, highFrom: 15, criticalFrom: 24, version: 0 }));
    expect(error.code).toBe("CONFLICT");
    expect(await getRiskBands(adminA.caller)).toEqual({ mediumFrom: 3, highFrom: 6, criticalFrom: 12, version: 1 });
    expect(await severities(modelA)).toEqual({ 4: "MEDIUM", 6: "HIGH", 12: "CRITICAL", 20: "CRITICAL" });
    expect(await db.auditEvent.count({ where: { action: "settings.risk_bands_changed", orgId: orgA.id } })).toBe(1);
  });

  it("new threats and the model view use the new bands", async () => {
    const threat = await createThreat(editorA.caller, modelA, ZCreateThreat.parse({ title: "Scored after the change", likelihood: 1, impact: 3 }));
    expect(threat).toMatchObject({ score: 3, severity: "MEDIUM" });
    expect((await getThreatModel(editorA.caller, modelA)).riskBands).toEqual({ mediumFrom: 3, highFrom: 6, criticalFrom: 12 });
    expect((await getThreatModel(editorB.caller, modelB)).riskBands).toEqual({ mediumFrom: 5, highFrom: 10, criticalFrom: 20 });
  });

  it("two saves from the same version at once: one wins, the other gets CONFLICT", async () => {
    const { version } = await getRiskBands(adminA.caller);
    const results = await Promise.allSettled([
      updateRiskBands(adminA.caller, { mediumFrom: 4, highFrom: 8, criticalFrom: 16, version }),
      updateRiskBands(adminA.caller, { mediumFrom: 6, highFrom: 12, criticalFrom: 18, version }),
    ]);
    const codes = results.map((result) => (result.status === "fulfilled" ? "OK" : (result.reason as { code?: string }).code ?? String(result.reason)));
    expect(codes.sort()).toEqual(["CONFLICT", "OK"]);
    expect((await getRiskBands(adminA.caller)).version).toBe(version + 1);
  });
});

describe("upgrading the built-in catalogue", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "bulwark-catalog-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("updates and adds built-ins, and keeps organisations' switched-off settings and own entries", async () => {
    const ownBefore = await db.orgCatalogEntry.findMany({ where: { orgId: orgA.id }, orderBy: { id: "asc" } });
    const settingsBefore = await db.orgCatalogSetting.findMany({ where: { orgId: orgA.id }, orderBy: { entryKey: "asc" } });
    expect(settingsBefore.filter((setting) => setting.disabled).map((setting) => setting.entryKey)).toEqual(["inj-sql-nosql"]);
    const earlierModel = await newModel(editorA, apiA);
    const earlierKeys = await modelKeys(earlierModel.id);

    const added: TCatalogEntryContent = {
      key: "api8-test-added-entry",
      category: "configuration",
      title: "Feature flags reachable from the client",
      question: "Can a caller switch server-side feature flags by sending a header or parameter?",
      whyItMatters: "Flags meant for staff turn on unfinished or privileged behaviour.",
      howToTell: "Look for headers or parameters named like flags, beta or preview.",
      mitigations: [{ title: "Resolve flags on the server", description: "Decide flags from the caller's identity, never from request input." }],
      references: [{ label: "OWASP API8:2023", url: "https://owasp.org/API-Security/editions/2023/en/0xa8-security-misconfiguration/" }],
      owaspApi: ["API8"],
      stride: ["E"],
      cwe: ["CWE-284"],
      seedTopics: ["architecture"],
    };
    const upgraded: TCatalogFile = {
      ...CATALOG,
      version: CATALOG.version + 1,
      entries: [...CATALOG.entries.map((entry) => (entry.key === "api8-verbose-errors" ? { ...entry, title: "Verbose errors reveal internals (revised)" } : entry)), added],
    };
    const file = path.join(dir, "threat-catalog.json");
    await writeFile(file, JSON.stringify(upgraded, null, 2));

    expect(await syncBuiltinCatalog(db, file)).toEqual({ version: CATALOG.version + 1, entries: CATALOG.entries.length + 1 });

    expect(await db.catalogEntry.count()).toBe(CATALOG.entries.length + 1);
    expect(await db.catalogEntry.findUniqueOrThrow({ where: { key: "api8-verbose-errors" } })).toMatchObject({ title: "Verbose errors reveal internals (revised)", catalogVersion: CATALOG.version + 1 });
    expect(await db.catalogEntry.findUniqueOrThrow({ where: { key: "api8-test-added-entry" } })).toMatchObject({ title: added.title, category: "configuration", position: CATALOG.entries.length });

    // Org A: the switched-off entry stays off, its own entries are untouched.
    expect(await db.orgCatalogEntry.findMany({ where: { orgId: orgA.id }, orderBy: { id: "asc" } })).toEqual(ownBefore);
    expect(await db.orgCatalogSetting.findMany({ where: { orgId: orgA.id }, orderBy: { entryKey: "asc" } })).toEqual(settingsBefore);
    const catalog = await listCatalog(editorA.caller);
    const keys = keysOf(catalog);
    expect(keys).not.toContain("inj-sql-nosql");
    expect(catalog.entries.find((entry) => entry.key === "api8-verbose-errors")?.title).toBe("Verbose errors reveal internals (revised)");
    // The new entry closes the configuration built-ins.
    const configuration = catalog.entries.filter((entry) => entry.category === "configuration" && entry.builtIn).map((entry) => entry.key);
    expect(configuration.at(-1)).toBe("api8-test-added-entry");
    expect((await listCatalog(editorA.caller, { includeDisabled: true })).entries.find((entry) => entry.key === "inj-sql-nosql")).toMatchObject({ disabled: true });
    expect(catalog.entries.filter((entry) => !entry.builtIn).map((entry) => [entry.key, entry.title])).toEqual([["org-graphql-batching-abuse", "GraphQL batching, alias and depth abuse"]]);

    // New models see the upgrade; models already created keep their checklist.
    const newer = await newModel(editorA, apiA);
    const newerKeys = await modelKeys(newer.id);
    expect(newerKeys).toContain("api8-test-added-entry");
    expect(newerKeys).not.toContain("inj-sql-nosql");
    expect(newerKeys).toHaveLength(earlierKeys.length + 1);
    expect(await modelKeys(earlierModel.id)).toEqual(earlierKeys);
    expect(keysOf(await listCatalog(editorB.caller))).toContain("api8-test-added-entry");
  });
});
