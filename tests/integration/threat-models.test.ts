import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { ChecklistAnswerValue } from "@/lib/generated/prisma/enums";
import { createApi } from "@/lib/server/apis/create-api";
import { createTemplate } from "@/lib/server/catalog/create-template";
import type { TCaller } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { updateRiskBands } from "@/lib/server/settings/update-risk-bands";
import { importSpec } from "@/lib/server/specs/import-spec";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";
import { listThreatModels } from "@/lib/server/threat-models/list-threat-models";
import { approveThreatModel } from "@/lib/server/threat-models/approve-threat-model";
import { requestChanges } from "@/lib/server/threat-models/request-changes";
import { submitForReview } from "@/lib/server/threat-models/submit-for-review";
import { saveAnswer } from "@/lib/server/threat-models/save-answer";
import { deleteThreatModel } from "@/lib/server/threat-models/delete-threat-model";
import { updateThreatModel } from "@/lib/server/threat-models/update-threat-model";
import { diffThreatModel } from "@/lib/server/threat-models/diff-threat-model";
import { startNewVersion } from "@/lib/server/threat-models/start-new-version";
import { createThreat } from "@/lib/server/threats/create-threat";
import { deleteThreat } from "@/lib/server/threats/delete-threat";
import { getThreat } from "@/lib/server/threats/get-threat";
import { listThreats } from "@/lib/server/threats/list-threats";
import { updateThreat } from "@/lib/server/threats/update-threat";
import type { TCatalogFile } from "@/lib/core/threat-models/catalog-schema";
import type { TRuleEvidence } from "@/lib/core/threat-models/pre-answers";
import { ZCreateApi, type TCreateApiInput } from "@/lib/validation/apis";
import { ZCreateThreat, ZUpdateThreat } from "@/lib/validation/threats";
import { ZCreateThreatModel, ZSaveAnswer, ZUpdateThreatModel } from "@/lib/validation/threat-models";
import type { z } from "zod";
import { addMember, appErrorOf, createOrgWithMembers, missingId, uniqueSuffix, visible, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// The threat-model feature end to end at the data layer: rules pre-answering the checklist from an
// imported spec, answers keeping threats in step, scoring, review, versions, and tenant isolation.

const CATALOG = JSON.parse(readFileSync(path.join(process.cwd(), "prisma/catalog/threat-catalog.json"), "utf8")) as TCatalogFile;
const entryOf = (key: string) => {
  const entry = CATALOG.entries.find((candidate) => candidate.key === key);
  if (!entry) throw new Error(`no catalogue entry ${key}`);
  return entry;
};
/** The built-in checklist in wizard order: category order, then the file's order within a category. */
const CATALOG_ORDER = CATALOG.categories.flatMap((category) => CATALOG.entries.filter((entry) => entry.category === category.key).map((entry) => entry.key));

const VULNERABLE = readFileSync(new URL("../fixtures/specs/vulnerable-3.0.yaml", import.meta.url), "utf8");

const GET_ORDER = "GET /orders/{orderId}";
const GET_USER = "GET /users/{userId}";
const LIST_USERS = "GET /users";
const FETCH_PREVIEW = "POST /fetch-preview";
const SET_ROLE = "PUT /admin/users/{userId}/role";

async function newApi(caller: TCaller, fields: Partial<TCreateApiInput> = {}) {
  return createApi(caller, ZCreateApi.parse({ name: `Orders ${uniqueSuffix()}`, exposure: "INTERNET", dataClassification: "CONFIDENTIAL", ...fields }));
}

type TVulnerableApi = { id: string; name: string; opId: (key: string) => string };

/** An internet-facing, confidential API with the deliberately vulnerable spec imported. */
async function vulnerableApi(caller: TCaller): Promise<TVulnerableApi> {
  const api = await newApi(caller);
  await importSpec(caller, api.id, { text: VULNERABLE, source: "UPLOAD", fileName: "vulnerable-3.0.yaml" }, { dryRun: false });
  const operations = await db.operation.findMany({ where: { apiId: api.id }, select: { id: true, method: true, path: true } });
  expect(operations.map((operation) => `${operation.method} ${operation.path}`).sort()).toEqual([FETCH_PREVIEW, SET_ROLE, GET_ORDER, LIST_USERS, GET_USER].sort());
  return {
    id: api.id,
    name: api.name,
    opId: (key) => {
      const found = operations.find((operation) => `${operation.method} ${operation.path}` === key);
      if (!found) throw new Error(`no operation ${key}`);
      return found.id;
    },
  };
}

const newModel = (member: TMemberFixture, apiId: string, extra: Partial<z.input<typeof ZCreateThreatModel>> = {}) =>
  createThreatModel(member.caller, ZCreateThreatModel.parse({ apiId, ...extra }));
const answer = (member: TMemberFixture, modelId: string, entryKey: string, value: ChecklistAnswerValue, note?: string) =>
  saveAnswer(member.caller, modelId, ZSaveAnswer.parse({ entryKey, answer: value, note }));
const addThreat = (member: TMemberFixture, modelId: string, input: z.input<typeof ZCreateThreat>) => createThreat(member.caller, modelId, ZCreateThreat.parse(input));
const changeThreat = (member: TMemberFixture, id: string, input: z.input<typeof ZUpdateThreat>) => updateThreat(member.caller, id, ZUpdateThreat.parse(input));
const submit = (member: TMemberFixture, id: string, reviewerId?: string) => submitForReview(member.caller, id, { reviewerId: reviewerId ?? null, comment: "" });

function threatRow(threatModelId: string, catalogEntryKey: string) {
  return db.threat.findFirstOrThrow({
    where: { threatModelId, catalogEntryKey },
    include: { operations: true, mitigations: { include: { mitigation: { include: { threats: true } } } } },
  });
}
const sorted = (values: string[]) => [...values].sort();

function isoDateInDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

let orgA: TOrgFixture;
let ownerA: TMemberFixture;
let adminA: TMemberFixture;
let admin2A: TMemberFixture;
let editorA: TMemberFixture;
let editor2A: TMemberFixture;
let viewerA: TMemberFixture;
let orgB: TOrgFixture;
let ownerB: TMemberFixture;
let editorB: TMemberFixture;
let vulnerable: TVulnerableApi;

beforeAll(async () => {
  ({ org: orgA, owner: ownerA, admin: adminA, editor: editorA, viewer: viewerA } = await createOrgWithMembers("Threat A", ["OWNER", "ADMIN", "EDITOR", "VIEWER"]));
  admin2A = await addMember(orgA, "ADMIN");
  editor2A = await addMember(orgA, "EDITOR");
  ({ org: orgB, owner: ownerB, editor: editorB } = await createOrgWithMembers("Threat B", ["OWNER", "EDITOR"]));
  vulnerable = await vulnerableApi(editorA.caller);
});

describe("creating a model for an API with an imported spec (acceptance)", () => {
  let modelId: string;
  let result: Awaited<ReturnType<typeof createThreatModel>>;

  // What the rules can tell from the vulnerable spec on an internet-facing, confidential API: the
  // spec rules over the stored operation models, the lint findings they trust, and the recorded
  // facts (exposure, classification). Its only server is http://orders.example.com, a reserved
  // example host, so cleartext transport is not raised.
  const EXPECTED_PRE_ANSWERS: Record<string, { answer: ChecklistAnswerValue; source: "RULE" | "LINT"; operations: string[] }> = {
    "api1-object-id-in-path": { answer: "YES", source: "RULE", operations: [SET_ROLE, GET_ORDER, GET_USER] },
    "api2-unauthenticated-operations": { answer: "YES", source: "RULE", operations: [] },
    "api2-weak-auth-scheme": { answer: "YES", source: "LINT", operations: [] },
    "api3-sensitive-fields-in-responses": { answer: "YES", source: "RULE", operations: [GET_ORDER, GET_USER] },
    "api4-no-rate-limiting": { answer: "UNSURE", source: "RULE", operations: [] },
    "api4-unbounded-lists": { answer: "YES", source: "RULE", operations: [LIST_USERS] },
    "api5-admin-functions": { answer: "YES", source: "RULE", operations: [SET_ROLE] },
    "api7-url-inputs": { answer: "YES", source: "RULE", operations: [FETCH_PREVIEW] },
    "data-sensitive-at-rest": { answer: "UNSURE", source: "RULE", operations: [] },
    "data-sensitive-in-urls": { answer: "YES", source: "RULE", operations: [SET_ROLE] },
  };

  beforeAll(async () => {
    result = await newModel(editorA, vulnerable.id);
    modelId = result.id;
  });

  const answerRow = (entryKey: string) => db.checklistAnswer.findUniqueOrThrow({ where: { threatModelId_entryKey: { threatModelId: modelId, entryKey } } });

  it("creates a draft over the whole enabled checklist, in wizard order", async () => {
    expect(result).toMatchObject({ title: `${vulnerable.name} threat model`, preAnswered: Object.keys(EXPECTED_PRE_ANSWERS).length });
    const row = await db.threatModel.findUniqueOrThrow({ where: { id: modelId } });
    expect(row).toMatchObject({ orgId: orgA.id, apiId: vulnerable.id, status: "DRAFT", authorId: editorA.user.id, modelVersion: 1, previousVersionId: null, version: 1 });
    expect(row.entryKeys).toEqual(CATALOG_ORDER);
    const event = await db.auditEvent.findFirstOrThrow({ where: { action: "threat_model.created", targetId: modelId } });
    expect(event).toMatchObject({ orgId: orgA.id, actorId: editorA.user.id, metadata: { apiId: vulnerable.id, entries: CATALOG.entries.length, preAnswered: Object.keys(EXPECTED_PRE_ANSWERS).length } });
  });

  it("pre-answers API1 YES with a reason per operation: each names its id parameter and the missing authentication", async () => {
    const row = await answerRow("api1-object-id-in-path");
    expect(row).toMatchObject({ answer: "YES", ruleAnswer: "YES", orgId: orgA.id });
    expect(row.ruleReason).toContain("`GET /orders/{orderId}` takes path parameter `orderId`, an object id (integer), and requires no authentication");
    const evidence = row.ruleEvidence as TRuleEvidence;
    expect(evidence.ruleIds.length).toBeGreaterThan(0);
    expect(sorted(evidence.operations.map((operation) => operation.operationId))).toEqual(sorted(row.ruleOperationIds));
    for (const key of [GET_ORDER, GET_USER, SET_ROLE]) {
      const reasons = evidence.operations.find((operation) => operation.operationId === vulnerable.opId(key))!.reasons;
      expect(reasons[0], key).toMatch(new RegExp(`^\`${key.replace(/[{}/]/g, "\\$&")}\` takes path parameter \`(orderId|userId)\`.*requires no authentication`));
    }
  });

  it("pre-answers API3 YES naming the credentials each unauthenticated response returns, scored critical", async () => {
    const row = await answerRow("api3-sensitive-fields-in-responses");
    expect(row).toMatchObject({ answer: "YES", ruleAnswer: "YES" });
    const reasons = (row.ruleEvidence as TRuleEvidence).operations.find((operation) => operation.operationId === vulnerable.opId(GET_USER))!.reasons;
    expect(reasons[0]).toContain("`GET /users/{userId}` returns `password` in its 200 response");
    expect(await threatRow(modelId, "api3-sensitive-fields-in-responses")).toMatchObject({ severity: "CRITICAL", likelihood: 5, impact: 5 });
  });

  it("ties the unbounded list to GET /users only, and leaves rate limiting an API-wide question (no credential endpoint here)", async () => {
    expect(await answerRow("api4-unbounded-lists")).toMatchObject({ answer: "YES", ruleOperationIds: [vulnerable.opId(LIST_USERS)] });
    expect(await answerRow("api4-no-rate-limiting")).toMatchObject({ answer: "UNSURE", ruleReason: "the API is exposed to the internet and nothing on record shows rate limiting", ruleOperationIds: [] });
  });

  it("pre-answers API7 YES naming the URL field of POST /fetch-preview", async () => {
    const row = await answerRow("api7-url-inputs");
    expect(row).toMatchObject({ answer: "YES", ruleAnswer: "YES", ruleOperationIds: [vulnerable.opId(FETCH_PREVIEW)] });
    expect(row.ruleReason).toContain("`POST /fetch-preview` takes body field `imageUrl`");
  });

  it("pre-answers exactly the entries the spec and the inventory can tell, with the rules' operations", async () => {
    const rows = await db.checklistAnswer.findMany({ where: { threatModelId: modelId } });
    expect(Object.fromEntries(rows.map((row) => [row.entryKey, row.answer]))).toEqual(Object.fromEntries(Object.entries(EXPECTED_PRE_ANSWERS).map(([key, value]) => [key, value.answer])));
    for (const row of rows) {
      const expected = EXPECTED_PRE_ANSWERS[row.entryKey]!;
      expect(row.ruleAnswer, row.entryKey).toBe(expected.answer);
      expect(row.answeredById, row.entryKey).toBeNull();
      expect(sorted(row.ruleOperationIds), row.entryKey).toEqual(sorted(expected.operations.map(vulnerable.opId)));
      // Every pre-answer says why: per linked operation, or API-wide when it links none.
      const evidence = row.ruleEvidence as TRuleEvidence;
      expect(evidence.operations.every((operation) => operation.reasons.length > 0), row.entryKey).toBe(true);
      if (!evidence.operations.length) expect(evidence.apiReasons.length, row.entryKey).toBeGreaterThan(0);
    }
  });

  it("turns every YES/UNSURE pre-answer into a threat: entry, source, OWASP id, operations with their reasons, scores from the evidence", async () => {
    const threats = await db.threat.findMany({ where: { threatModelId: modelId }, include: { operations: true } });
    expect(sorted(threats.map((threat) => threat.catalogEntryKey!))).toEqual(sorted(Object.keys(EXPECTED_PRE_ANSWERS)));
    const answers = await db.checklistAnswer.findMany({ where: { threatModelId: modelId } });
    for (const threat of threats) {
      const key = threat.catalogEntryKey!;
      const expected = EXPECTED_PRE_ANSWERS[key]!;
      const entry = entryOf(key);
      const row = answers.find((candidate) => candidate.entryKey === key)!;
      const evidence = row.ruleEvidence as TRuleEvidence;
      // The spec rules score from their evidence; recorded facts alone get the first estimate
      // (internet-facing: likelihood 4 for yes, 3 for unsure; confidential: impact 3).
      const likelihood = evidence.likelihood ?? (expected.answer === "YES" ? 4 : 3);
      const impact = evidence.impact ?? 3;
      expect(threat, key).toMatchObject({
        orgId: orgA.id,
        title: entry.title,
        category: entry.category,
        owaspApiId: entry.owaspApi[0] ?? null,
        stride: entry.stride,
        source: expected.source,
        status: "OPEN",
        likelihood,
        impact,
        score: likelihood * impact,
        createdById: editorA.user.id,
        description: `${entry.whyItMatters}\n\nPre-answered ${expected.answer === "YES" ? "yes" : "unsure"}: ${row.ruleReason}.`,
      });
      expect(sorted(threat.operations.map((link) => link.operationId)), key).toEqual(sorted(expected.operations.map(vulnerable.opId)));
      for (const link of threat.operations) {
        expect(link.orgId).toBe(orgA.id);
        expect(link.reasons, key).toEqual(evidence.operations.find((operation) => operation.operationId === link.operationId)!.reasons);
      }
    }
    // Evidence, not the API's classification, sets the scores: they are not all one cell of the matrix.
    expect(new Set(threats.map((threat) => `${threat.likelihood}x${threat.impact}`)).size).toBeGreaterThan(3);
  });

  it.each(["api1-object-id-in-path", "api2-unauthenticated-operations", "api3-sensitive-fields-in-responses", "api4-no-rate-limiting", "api4-unbounded-lists", "api7-url-inputs"])(
    "links the catalogue's suggested mitigations to the %s threat, proposed, one row each",
    async (key) => {
      const threat = await threatRow(modelId, key);
      expect(threat.source).toBe("RULE");
      expect(threat.owaspApiId).toBe(key.slice(0, 4).toUpperCase());
      const mitigations = threat.mitigations.map((link) => link.mitigation);
      const byTitle = (a: { title: string }, b: { title: string }) => a.title.localeCompare(b.title);
      expect(mitigations.map((m) => ({ title: m.title, description: m.description })).sort(byTitle)).toEqual([...entryOf(key).mitigations].sort(byTitle));
      for (const mitigation of mitigations) {
        expect(mitigation).toMatchObject({ orgId: orgA.id, status: "PROPOSED", createdById: editorA.user.id, assigneeId: null });
        expect(mitigation.threats.map((link) => link.threatId)).toEqual([threat.id]);
      }
    },
  );

  it("shows the model with its progress, answers, evidence and threats", async () => {
    const detail = await getThreatModel(viewerA.caller, modelId);
    // Progress counts answers a person gave or confirmed: rule pre-answers still wait for one.
    expect(detail.progress).toEqual({ answered: 0, total: CATALOG.entries.length });
    expect(detail.entries.map((entry) => entry.key)).toEqual(CATALOG_ORDER);
    expect(detail.threats).toHaveLength(Object.keys(EXPECTED_PRE_ANSWERS).length);
    const api1 = detail.threats.find((threat) => threat.catalogEntryKey === "api1-object-id-in-path")!;
    expect(api1.operations.map((operation) => `${operation.method} ${operation.path}`).sort()).toEqual([SET_ROLE, GET_ORDER, GET_USER].sort());
    expect(api1.operations.find((operation) => operation.path === "/orders/{orderId}")!.reasons[0]).toContain("takes path parameter `orderId`");
    expect(api1.mitigations).toHaveLength(entryOf("api1-object-id-in-path").mitigations.length);
    const answer1 = detail.answers.find((row) => row.entryKey === "api1-object-id-in-path")!;
    expect(answer1.ruleEvidence?.operations.map((operation) => operation.operationKey).sort()).toEqual([SET_ROLE, GET_ORDER, GET_USER].sort());
    expect(detail.riskBands).toEqual({ mediumFrom: 5, highFrom: 10, criticalFrom: 20 });
  });

  it("pre-answers only from recorded facts for an API without a spec", async () => {
    const bare = await newApi(editorA.caller);
    const created = await newModel(editorA, bare.id);
    expect(created.preAnswered).toBe(2);
    const rows = await db.checklistAnswer.findMany({ where: { threatModelId: created.id }, orderBy: { entryKey: "asc" } });
    expect(rows.map((row) => [row.entryKey, row.answer, row.ruleReason, row.ruleOperationIds])).toEqual([
      ["api4-no-rate-limiting", "UNSURE", "the API is exposed to the internet and nothing on record shows rate limiting", []],
      ["data-sensitive-at-rest", "UNSURE", "the data is classified confidential", []],
    ]);
    expect(await db.threatOperation.count({ where: { threat: { threatModelId: created.id } } })).toBe(0);
  });
});

describe("saving checklist answers", () => {
  let modelId: string;

  beforeAll(async () => {
    modelId = (await newModel(editorA, vulnerable.id)).id;
  });

  it("answering NO to a rule's YES sets its threat aside; YES again reopens the same threat with its score", async () => {
    const original = await threatRow(modelId, "api1-object-id-in-path");
    // The evidence scored it 5 × 5 (unauthenticated id lookups); a person lowers the likelihood.
    expect(original).toMatchObject({ likelihood: 5, impact: 5 });
    const rescored = await changeThreat(editorA, original.id, { version: original.version, likelihood: 3 });
    expect(rescored).toMatchObject({ likelihood: 3, impact: 5, score: 15, severity: "HIGH", version: 2 });

    const no = await answer(editorA, modelId, "api1-object-id-in-path", "NO", "Every order lookup checks the owner.");
    expect(no.threatId).toBe(original.id);
    expect(no.answer).toMatchObject({ answer: "NO", ruleAnswer: "YES", note: "Every order lookup checks the owner." });
    const setAside = await threatRow(modelId, "api1-object-id-in-path");
    expect(setAside).toMatchObject({ id: original.id, status: "NOT_APPLICABLE", score: 15, likelihood: 3, version: 3 });
    expect(setAside.mitigations).toHaveLength(original.mitigations.length);
    expect(await db.auditEvent.findFirst({ where: { action: "threat_model.answered", targetId: modelId }, orderBy: { createdAt: "desc" } })).toMatchObject({
      actorId: editorA.user.id,
      metadata: { entryKey: "api1-object-id-in-path", from: "YES", to: "NO" },
    });

    const yes = await answer(editorA, modelId, "api1-object-id-in-path", "YES");
    expect(yes.threatId).toBe(original.id);
    const reopened = await threatRow(modelId, "api1-object-id-in-path");
    expect(reopened).toMatchObject({ id: original.id, status: "OPEN", likelihood: 3, impact: 5, score: 15, severity: "HIGH", source: "RULE", version: 4 });
    expect(sorted(reopened.operations.map((link) => link.operationId))).toEqual(sorted(original.operations.map((link) => link.operationId)));
    expect(await db.threat.count({ where: { threatModelId: modelId, catalogEntryKey: "api1-object-id-in-path" } })).toBe(1);
  });

  it("answering YES to an unanswered entry creates a CHECKLIST threat with the entry's mitigations", async () => {
    const entry = entryOf("inj-sql-nosql");
    const saved = await answer(editorA, modelId, "inj-sql-nosql", "YES");
    expect(saved.answer).toMatchObject({ entryKey: "inj-sql-nosql", answer: "YES", ruleAnswer: null, ruleReason: null });
    const threat = await threatRow(modelId, "inj-sql-nosql");
    expect(saved.threatId).toBe(threat.id);
    expect(threat).toMatchObject({
      title: entry.title,
      category: "injection",
      owaspApiId: null,
      source: "CHECKLIST",
      status: "OPEN",
      likelihood: 4,
      impact: 3,
      score: 12,
      severity: "HIGH",
      description: entry.whyItMatters,
      createdById: editorA.user.id,
    });
    expect(threat.operations).toEqual([]);
    expect(sorted(threat.mitigations.map((link) => link.mitigation.title))).toEqual(sorted(entry.mitigations.map((m) => m.title)));
    expect(threat.mitigations.every((link) => link.mitigation.status === "PROPOSED")).toBe(true);
  });

  it("answering UNSURE creates a threat with a lower likelihood; NO on an unanswered entry creates none", async () => {
    await answer(editorA, modelId, "api8-verbose-errors", "UNSURE");
    expect(await threatRow(modelId, "api8-verbose-errors")).toMatchObject({ source: "CHECKLIST", likelihood: 3, impact: 3, score: 9, severity: "MEDIUM", owaspApiId: "API8" });
    const no = await answer(editorA, modelId, "api10-fragile-dependencies", "NO");
    expect(no.threatId).toBeNull();
    expect(await db.threat.count({ where: { threatModelId: modelId, catalogEntryKey: "api10-fragile-dependencies" } })).toBe(0);
  });

  it("NOT_APPLICABLE sets a checklist threat aside too", async () => {
    await answer(editorA, modelId, "inj-sql-nosql", "NOT_APPLICABLE");
    expect(await threatRow(modelId, "inj-sql-nosql")).toMatchObject({ status: "NOT_APPLICABLE", score: 12 });
  });

  it("upserts: one answer row per entry, the latest answer and note win", async () => {
    await answer(editorA, modelId, "inj-sql-nosql", "UNSURE", "first");
    const last = await answer(editor2A, modelId, "inj-sql-nosql", "YES", "second");
    const rows = await db.checklistAnswer.findMany({ where: { threatModelId: modelId, entryKey: "inj-sql-nosql" } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ answer: "YES", note: "second", answeredById: editor2A.user.id });
    expect(await threatRow(modelId, "inj-sql-nosql")).toMatchObject({ status: "OPEN" });
    // Answers a person gave: api1-object-id-in-path (confirming the rule), inj-sql-nosql,
    // api8-verbose-errors and api10-fragile-dependencies; the other 9 pre-answers do not count yet.
    expect(last.progress).toEqual({ answered: 4, total: CATALOG.entries.length });
    expect((await getThreatModel(editorA.caller, modelId)).progress).toEqual({ answered: 4, total: CATALOG.entries.length });
    expect(await db.checklistAnswer.count({ where: { threatModelId: modelId } })).toBe(13);
  });

  it("the same answer saved twice at once (a double click) is saved once, with one threat", async () => {
    const results = await Promise.allSettled([answer(editorA, modelId, "inj-command-template-code", "YES"), answer(editorA, modelId, "inj-command-template-code", "YES")]);
    const outcomes = results.map((result) => (result.status === "fulfilled" ? "OK" : `${(result.reason as Error).name} ${(result.reason as { code?: string }).code}`));
    expect(outcomes).toEqual(["OK", "OK"]);
    expect(await db.checklistAnswer.count({ where: { threatModelId: modelId, entryKey: "inj-command-template-code" } })).toBe(1);
    expect(await db.threat.count({ where: { threatModelId: modelId, catalogEntryKey: "inj-command-template-code" } })).toBe(1);
  });

  it("refuses an entry that is not part of the model's checklist", async () => {
    const before = await db.checklistAnswer.count({ where: { threatModelId: modelId } });
    const error = await appErrorOf(answer(editorA, modelId, "no-such-entry", "YES"));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(visible(error).fields).toEqual(["entryKey"]);
    expect(await db.checklistAnswer.count({ where: { threatModelId: modelId } })).toBe(before);
  });

  it("answering a missing model is NOT_FOUND", async () => {
    expect((await appErrorOf(answer(editorA, missingId(), "api1-object-id-in-path", "YES"))).code).toBe("NOT_FOUND");
  });
});

describe("threats: scoring, acceptance, versions, operations, deletion", () => {
  let orgC: TOrgFixture;
  let editorC: TMemberFixture;
  let modelC: string;
  let modelA: string;
  let otherApiOpA: string;
  let opOfB: string;

  beforeAll(async () => {
    let ownerC: TMemberFixture;
    ({ org: orgC, owner: ownerC, editor: editorC } = await createOrgWithMembers("Threat C", ["OWNER", "EDITOR"]));
    // Org C scores more strictly than the defaults: medium from 4, high from 8, critical from 12.
    await updateRiskBands(ownerC.caller, { mediumFrom: 4, highFrom: 8, criticalFrom: 12, version: (await getRiskBands(ownerC.caller)).version });
    const apiC = await newApi(editorC.caller, { exposure: "INTERNAL", dataClassification: "PUBLIC" });
    modelC = (await newModel(editorC, apiC.id)).id;
    modelA = (await newModel(editorA, vulnerable.id)).id;
    const otherApi = await newApi(editorA.caller);
    otherApiOpA = (await db.operation.create({ data: { orgId: orgA.id, apiId: otherApi.id, method: "GET", path: "/elsewhere" }, select: { id: true } })).id;
    const apiB = await newApi(ownerB.caller);
    opOfB = (await db.operation.create({ data: { orgId: orgB.id, apiId: apiB.id, method: "GET", path: "/orders/{orderId}" }, select: { id: true } })).id;
  });

  it("createThreat scores with the organisation's bands and records a MANUAL threat", async () => {
    const threat = await addThreat(editorC, modelC, { title: "Replay of signed download links", likelihood: 2, impact: 4 });
    // 8 is MEDIUM by default but HIGH with org C's bands.
    expect(threat).toMatchObject({ title: "Replay of signed download links", likelihood: 2, impact: 4, score: 8, severity: "HIGH", source: "MANUAL", status: "OPEN", category: "manual", version: 1, catalogEntryKey: null });
    expect(await db.threat.findUniqueOrThrow({ where: { id: threat.id } })).toMatchObject({ orgId: orgC.id, threatModelId: modelC, createdById: editorC.user.id });
  });

  it("updateThreat recomputes score and severity, bumps the version, and refuses a stale version", async () => {
    const threat = await addThreat(editorC, modelC, { title: "Enumeration of invoices", likelihood: 2, impact: 2 });
    expect(threat).toMatchObject({ score: 4, severity: "MEDIUM" });
    const updated = await changeThreat(editorC, threat.id, { version: 1, likelihood: 3, impact: 4 });
    expect(updated).toMatchObject({ likelihood: 3, impact: 4, score: 12, severity: "CRITICAL", version: 2 });
    const impactOnly = await changeThreat(editorC, threat.id, { version: 2, impact: 1 });
    expect(impactOnly).toMatchObject({ likelihood: 3, impact: 1, score: 3, severity: "LOW", version: 3 });

    const stale = await appErrorOf(changeThreat(editorC, threat.id, { version: 2, likelihood: 5 }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain("you have version 2, the current one is 3");
    expect(await db.threat.findUniqueOrThrow({ where: { id: threat.id } })).toMatchObject({ likelihood: 3, impact: 1, score: 3, version: 3 });
  });

  it("ZUpdateThreat and ZCreateThreat require a justification and a future expiry to accept a risk", () => {
    const paths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) => (result.error?.issues ?? []).map((issue) => issue.path.join(".")).sort();
    expect(paths(ZUpdateThreat.safeParse({ version: 1, status: "ACCEPTED" }))).toEqual(["acceptanceExpiresAt", "acceptanceJustification"]);
    expect(paths(ZUpdateThreat.safeParse({ version: 1, status: "ACCEPTED", acceptanceJustification: "   ", acceptanceExpiresAt: isoDateInDays(30) }))).toEqual(["acceptanceJustification"]);
    expect(paths(ZUpdateThreat.safeParse({ version: 1, status: "ACCEPTED", acceptanceJustification: "Compensating WAF rule", acceptanceExpiresAt: "2020-01-01" }))).toEqual(["acceptanceExpiresAt"]);
    expect(paths(ZUpdateThreat.safeParse({ version: 1, status: "ACCEPTED", acceptanceJustification: "Compensating WAF rule", acceptanceExpiresAt: isoDateInDays(0) }))).toEqual(["acceptanceExpiresAt"]);
    expect(ZUpdateThreat.safeParse({ version: 1, status: "ACCEPTED", acceptanceJustification: "Compensating WAF rule", acceptanceExpiresAt: isoDateInDays(2) }).success).toBe(true);
    expect(paths(ZCreateThreat.safeParse({ title: "x", status: "ACCEPTED" }))).toEqual(["acceptanceExpiresAt", "acceptanceJustification"]);
  });

  it("accepting stores the justification and expiry; moving on clears them", async () => {
    const threat = await addThreat(editorC, modelC, { title: "Verbose stack traces" });
    const expiry = isoDateInDays(90);
    const accepted = await changeThreat(editorC, threat.id, { version: 1, status: "ACCEPTED", acceptanceJustification: "Only on the internal admin host until Q3.", acceptanceExpiresAt: expiry });
    expect(accepted).toMatchObject({ status: "ACCEPTED", acceptanceJustification: "Only on the internal admin host until Q3.", acceptanceExpiresAt: new Date(expiry), version: 2 });
    const mitigated = await changeThreat(editorC, threat.id, { version: 2, status: "MITIGATED" });
    expect(mitigated).toMatchObject({ status: "MITIGATED", acceptanceJustification: null, acceptanceExpiresAt: null });
  });

  it("an accepted risk cannot lose its justification through a partial update", async () => {
    const threat = await addThreat(editorC, modelC, { title: "Shared API key for partners" });
    await changeThreat(editorC, threat.id, { version: 1, status: "ACCEPTED", acceptanceJustification: "Partner contract limits use.", acceptanceExpiresAt: isoDateInDays(60) });
    // The body has no status, so the schema's acceptance rule does not look at it; the threat stays ACCEPTED.
    const input = ZUpdateThreat.parse({ version: 2, acceptanceJustification: null });
    const error = await appErrorOf(updateThreat(editorC.caller, threat.id, input));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(await db.threat.findUniqueOrThrow({ where: { id: threat.id } })).toMatchObject({ status: "ACCEPTED", acceptanceJustification: "Partner contract limits use." });
  });

  it("an accepted risk cannot have its expiry moved into the past through a partial update", async () => {
    const threat = await addThreat(editorC, modelC, { title: "Legacy TLS on the partner endpoint" });
    const expiry = isoDateInDays(60);
    await changeThreat(editorC, threat.id, { version: 1, status: "ACCEPTED", acceptanceJustification: "Partner upgrade planned.", acceptanceExpiresAt: expiry });
    const input = ZUpdateThreat.parse({ version: 2, acceptanceExpiresAt: "2020-01-01" });
    const error = await appErrorOf(updateThreat(editorC.caller, threat.id, input));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect((await db.threat.findUniqueOrThrow({ where: { id: threat.id } })).acceptanceExpiresAt).toEqual(new Date(expiry));
  });

  it("links operations of the model's API and replaces them on update", async () => {
    const threat = await addThreat(editorA, modelA, { title: "Order ids are sequential", operationIds: [vulnerable.opId(GET_ORDER)] });
    expect(threat.operations.map((operation) => operation.id)).toEqual([vulnerable.opId(GET_ORDER)]);
    const updated = await changeThreat(editorA, threat.id, { version: 1, operationIds: [vulnerable.opId(GET_USER), vulnerable.opId(SET_ROLE)] });
    expect(sorted(updated.operations.map((operation) => operation.id))).toEqual(sorted([vulnerable.opId(GET_USER), vulnerable.opId(SET_ROLE)]));
  });

  it("refuses operations of another API or another organisation, on create and on update", async () => {
    const before = await db.threat.count({ where: { threatModelId: modelA } });
    for (const operationIds of [[otherApiOpA], [opOfB], [vulnerable.opId(GET_ORDER), opOfB]]) {
      const error = await appErrorOf(addThreat(editorA, modelA, { title: `Linked elsewhere ${uniqueSuffix()}`, operationIds }));
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(visible(error).fields).toEqual(["operationIds"]);
    }
    expect(await db.threat.count({ where: { threatModelId: modelA } })).toBe(before);

    const threat = await addThreat(editorA, modelA, { title: "Preview fetches internal hosts", operationIds: [vulnerable.opId(FETCH_PREVIEW)] });
    for (const operationIds of [[opOfB], [otherApiOpA]]) {
      const error = await appErrorOf(changeThreat(editorA, threat.id, { version: 1, operationIds }));
      expect(error.code).toBe("VALIDATION_FAILED");
    }
    const after = await db.threat.findUniqueOrThrow({ where: { id: threat.id }, include: { operations: true } });
    expect(after.version).toBe(1);
    expect(after.operations.map((link) => link.operationId)).toEqual([vulnerable.opId(FETCH_PREVIEW)]);
  });

  it("refuses to delete a checklist-generated threat but deletes a manual one", async () => {
    const ruleThreat = await threatRow(modelA, "api7-url-inputs");
    const error = await appErrorOf(deleteThreat(editorA.caller, ruleThreat.id));
    expect(error.code).toBe("CONFLICT");
    expect(await db.threat.findUnique({ where: { id: ruleThreat.id } })).not.toBeNull();

    await answer(editorA, modelA, "xss-stored-content", "YES");
    const checklistThreat = await threatRow(modelA, "xss-stored-content");
    expect(checklistThreat.source).toBe("CHECKLIST");
    expect((await appErrorOf(deleteThreat(editorA.caller, checklistThreat.id))).code).toBe("CONFLICT");

    const manual = await addThreat(editorA, modelA, { title: "Coupon stacking" });
    await deleteThreat(editorA.caller, manual.id);
    expect((await appErrorOf(getThreat(editorA.caller, manual.id))).code).toBe("NOT_FOUND");
    expect(await db.auditEvent.count({ where: { action: "threat.deleted", targetId: manual.id, actorId: editorA.user.id } })).toBe(1);
  });

  it("lists a model's threats by score, highest first", async () => {
    const threats = await listThreats(viewerA.caller, modelA);
    const scores = threats.map((threat) => threat.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(threats.every((threat) => threat.threatModelId === modelA)).toBe(true);
  });
});

describe("updating a model's fields", () => {
  it("checks the version and refuses stale writes", async () => {
    const bare = await newApi(editorA.caller);
    const { id } = await newModel(editorA, bare.id);
    await updateThreatModel(editorA.caller, id, ZUpdateThreatModel.parse({ version: 1, title: "Orders: checkout flow", assumptions: "The gateway terminates TLS." }));
    expect(await db.threatModel.findUniqueOrThrow({ where: { id } })).toMatchObject({ title: "Orders: checkout flow", assumptions: "The gateway terminates TLS.", version: 2 });
    const error = await appErrorOf(updateThreatModel(editorA.caller, id, ZUpdateThreatModel.parse({ version: 1, title: "Lost update" })));
    expect(error.code).toBe("CONFLICT");
    expect((await db.threatModel.findUniqueOrThrow({ where: { id } })).title).toBe("Orders: checkout flow");
  });
});

describe("review", () => {
  let apiId: string;

  beforeAll(async () => {
    apiId = (await newApi(editorA.caller)).id;
  });

  const statusOf = async (id: string) => (await db.threatModel.findUniqueOrThrow({ where: { id } })).status;
  const reviewsOf = async (id: string) =>
    (await db.threatModelReview.findMany({ where: { threatModelId: id }, orderBy: { createdAt: "asc" } })).map((review) => ({ action: review.action, actorId: review.actorId, comment: review.comment }));

  it("walks draft → in review → changes requested → in review → approved by the designated editor, frozen while not a draft", async () => {
    const { id } = await newModel(editorA, apiId);
    const manual = await addThreat(editorA, id, { title: "Stolen refresh tokens" });

    await submit(editorA, id);
    const submitted = await db.threatModel.findUniqueOrThrow({ where: { id } });
    expect(submitted).toMatchObject({ status: "IN_REVIEW", reviewerId: null });
    expect(submitted.submittedAt).toBeInstanceOf(Date);

    // Frozen while in review.
    const frozen: [string, () => Promise<unknown>][] = [
      ["saveAnswer", () => answer(editorA, id, "inj-sql-nosql", "YES")],
      ["updateThreat", () => changeThreat(editorA, manual.id, { version: 1, likelihood: 5 })],
      ["createThreat", () => addThreat(editorA, id, { title: "Too late" })],
      ["deleteThreat", () => deleteThreat(editorA.caller, manual.id)],
      ["updateThreatModel", () => updateThreatModel(editorA.caller, id, ZUpdateThreatModel.parse({ version: submitted.version, title: "Renamed" }))],
      ["deleteThreatModel", () => deleteThreatModel(editorA.caller, id)],
      ["submitForReview", () => submit(editorA, id)],
    ];
    for (const [label, call] of frozen) expect((await appErrorOf(call())).code, label).toBe("CONFLICT");
    expect((await appErrorOf(answer(editorA, id, "inj-sql-nosql", "YES"))).message).toContain("in review");
    expect(await db.threat.findUniqueOrThrow({ where: { id: manual.id } })).toMatchObject({ likelihood: 3, version: 1 });
    expect(await db.checklistAnswer.count({ where: { threatModelId: id, entryKey: "inj-sql-nosql" } })).toBe(0);

    // Not the author, not a viewer, not an editor who was not asked.
    for (const member of [editorA, editor2A, viewerA]) {
      expect((await appErrorOf(approveThreatModel(member.caller, id, ""))).code, member.role).toBe("FORBIDDEN");
      expect((await appErrorOf(requestChanges(member.caller, id, "No."))).code, member.role).toBe("FORBIDDEN");
    }
    expect(await statusOf(id)).toBe("IN_REVIEW");

    await requestChanges(adminA.caller, id, "Rate the token threat higher.");
    expect(await statusOf(id)).toBe("DRAFT");
    await changeThreat(editorA, manual.id, { version: 1, likelihood: 5 });

    await submit(editorA, id, editor2A.user.id);
    expect(await db.threatModel.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "IN_REVIEW", reviewerId: editor2A.user.id });
    await approveThreatModel(editor2A.caller, id, "Looks right.");
    const approved = await db.threatModel.findUniqueOrThrow({ where: { id } });
    expect(approved).toMatchObject({ status: "APPROVED", approvedById: editor2A.user.id });
    expect(approved.approvedAt).toBeInstanceOf(Date);

    expect(await reviewsOf(id)).toEqual([
      { action: "SUBMITTED", actorId: editorA.user.id, comment: "" },
      { action: "CHANGES_REQUESTED", actorId: adminA.user.id, comment: "Rate the token threat higher." },
      { action: "SUBMITTED", actorId: editorA.user.id, comment: "" },
      { action: "APPROVED", actorId: editor2A.user.id, comment: "Looks right." },
    ]);
    expect(await db.auditEvent.count({ where: { targetId: id, action: { in: ["threat_model.submitted", "threat_model.changes_requested", "threat_model.approved"] } } })).toBe(4);

    // Approved is frozen too, and cannot be approved twice.
    const afterApproval = await appErrorOf(answer(editorA, id, "inj-sql-nosql", "YES"));
    expect(afterApproval.code).toBe("CONFLICT");
    expect(afterApproval.message).toContain("approved");
    expect((await appErrorOf(approveThreatModel(adminA.caller, id, ""))).code).toBe("CONFLICT");
  });

  it("the detail view lists the reviews with their actors", async () => {
    const { id } = await newModel(editorA, apiId);
    await submit(editorA, id);
    await requestChanges(ownerA.caller, id, "Add the webhook threats.");
    const detail = await getThreatModel(editorA.caller, id);
    expect(detail.status).toBe("DRAFT");
    expect(detail.reviews.map((review) => [review.action, review.actor?.id, review.comment])).toEqual([
      ["SUBMITTED", editorA.user.id, ""],
      ["CHANGES_REQUESTED", ownerA.user.id, "Add the webhook threats."],
    ]);
  });

  it("an admin who wrote the model can neither approve it nor request changes; another admin can approve", async () => {
    const { id } = await newModel(adminA, apiId);
    await submit(adminA, id);
    const approve = await appErrorOf(approveThreatModel(adminA.caller, id, ""));
    expect(approve.code).toBe("FORBIDDEN");
    expect((await appErrorOf(requestChanges(adminA.caller, id, "Hmm."))).code).toBe("FORBIDDEN");
    expect(await statusOf(id)).toBe("IN_REVIEW");
    await approveThreatModel(admin2A.caller, id, "");
    expect(await db.threatModel.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPROVED", approvedById: admin2A.user.id });
  });

  it("only a draft can be approved; reviewers must be other members who can review", async () => {
    const { id } = await newModel(editorA, apiId);
    expect((await appErrorOf(approveThreatModel(adminA.caller, id, ""))).code).toBe("CONFLICT");
    expect((await appErrorOf(requestChanges(adminA.caller, id, "x"))).code).toBe("CONFLICT");
    for (const reviewerId of [editorA.user.id, viewerA.user.id, editorB.user.id, missingId()]) {
      const error = await appErrorOf(submit(editorA, id, reviewerId));
      expect(error.code).toBe("VALIDATION_FAILED");
      expect(visible(error).fields).toEqual(["reviewerId"]);
    }
    expect(await statusOf(id)).toBe("DRAFT");
  });

  it("two admins approving at once: exactly one succeeds, the other gets CONFLICT", async () => {
    const { id } = await newModel(editorA, apiId);
    await submit(editorA, id);
    const results = await Promise.allSettled([approveThreatModel(adminA.caller, id, "first"), approveThreatModel(admin2A.caller, id, "second")]);
    const fulfilled = results.filter((r) => r.status === "fulfilled");
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(fulfilled).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toBeInstanceOf(AppError);
    expect((rejected[0]!.reason as AppError).code).toBe("CONFLICT");
    const winner = results[0]!.status === "fulfilled" ? adminA : admin2A;
    expect(await db.threatModel.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPROVED", approvedById: winner.user.id });
    expect(await db.threatModelReview.count({ where: { threatModelId: id, action: "APPROVED" } })).toBe(1);
  });
});

describe("versions", () => {
  let v1: string;
  let v2: string;

  beforeAll(async () => {
    v1 = (await newModel(editorA, vulnerable.id)).id;
    await addThreat(editorA, v1, { title: "Preview service reaches the metadata endpoint", likelihood: 3, impact: 5, operationIds: [vulnerable.opId(FETCH_PREVIEW)] });
    await answer(editorA, v1, "inj-sql-nosql", "UNSURE", "Search builds queries by hand.");
    await answer(editorA, v1, "api7-url-inputs", "NO", "The preview only fetches allow-listed hosts.");
    await submit(editorA, v1);
    await approveThreatModel(adminA.caller, v1, "");
  });

  it("a new version starts only from an approved model", async () => {
    const draft = (await newModel(editorA, vulnerable.id)).id;
    expect((await appErrorOf(startNewVersion(editorA.caller, draft))).code).toBe("CONFLICT");
    await submit(editorA, draft);
    expect((await appErrorOf(startNewVersion(editorA.caller, draft))).code).toBe("CONFLICT");
    expect(await db.threatModel.count({ where: { previousVersionId: draft } })).toBe(0);
  });

  it("copies the approved model into a version 2 draft: answers, threats, operation and mitigation links", async () => {
    const mitigationsBefore = await db.mitigation.count({ where: { orgId: orgA.id } });
    const next = await startNewVersion(editorA.caller, v1);
    v2 = next.id;
    expect(next.modelVersion).toBe(2);
    const [one, two] = await Promise.all([db.threatModel.findUniqueOrThrow({ where: { id: v1 } }), db.threatModel.findUniqueOrThrow({ where: { id: v2 } })]);
    expect(two).toMatchObject({ status: "DRAFT", modelVersion: 2, previousVersionId: v1, apiId: vulnerable.id, orgId: orgA.id, title: one.title, scope: one.scope, authorId: editorA.user.id, approvedAt: null });
    expect(two.entryKeys).toEqual(one.entryKeys);
    expect(one.status).toBe("APPROVED");

    const answerFields = (id: string) =>
      db.checklistAnswer.findMany({
        where: { threatModelId: id },
        select: { entryKey: true, answer: true, note: true, answeredById: true, ruleAnswer: true, ruleReason: true, ruleOperationIds: true, ruleEvidence: true, orgId: true },
        orderBy: { entryKey: "asc" },
      });
    const answersOne = await answerFields(v1);
    // 10 pre-answers, one of them changed to NO, plus inj-sql-nosql.
    expect(answersOne).toHaveLength(11);
    expect(await answerFields(v2)).toEqual(answersOne);

    const threatFields = async (id: string) =>
      (
        await db.threat.findMany({
          where: { threatModelId: id },
          include: { operations: { select: { operationId: true, reasons: true } }, mitigations: { select: { mitigationId: true } } },
        })
      )
        .map(({ id: _id, threatModelId: _model, createdAt: _c, updatedAt: _u, operations, mitigations, ...rest }) => ({
          ...rest,
          // The rules' reasons travel with each link.
          operations: sorted(operations.map((link) => `${link.operationId}: ${link.reasons.join(" | ")}`)),
          mitigations: sorted(mitigations.map((link) => link.mitigationId)),
        }))
        .sort((a, b) => (a.catalogEntryKey ?? a.title).localeCompare(b.catalogEntryKey ?? b.title));
    const threatsOne = await threatFields(v1);
    expect(threatsOne).toHaveLength(12);
    expect(threatsOne.find((threat) => threat.catalogEntryKey === "api7-url-inputs")?.status).toBe("NOT_APPLICABLE");
    expect(await threatFields(v2)).toEqual(threatsOne.map((threat) => ({ ...threat, version: 1 })));
    // The same mitigations, linked again: no copies.
    expect(await db.mitigation.count({ where: { orgId: orgA.id } })).toBe(mitigationsBefore);
    const idsOne = new Set((await db.threat.findMany({ where: { threatModelId: v1 }, select: { id: true } })).map((t) => t.id));
    const idsTwo = (await db.threat.findMany({ where: { threatModelId: v2 }, select: { id: true } })).map((t) => t.id);
    expect(idsTwo.some((id) => idsOne.has(id))).toBe(false);
  });

  it("refuses a second new version of the same model", async () => {
    const error = await appErrorOf(startNewVersion(adminA.caller, v1));
    expect(error.code).toBe("CONFLICT");
    expect(await db.threatModel.count({ where: { previousVersionId: v1 } })).toBe(1);
  });

  it("the first version has nothing to compare with", async () => {
    expect((await appErrorOf(diffThreatModel(editorA.caller, v1))).code).toBe("NOT_FOUND");
  });

  it("an untouched copy differs in nothing", async () => {
    const diff = await diffThreatModel(viewerA.caller, v2);
    expect(diff).toMatchObject({ from: { id: v1, modelVersion: 1 }, to: { id: v2, modelVersion: 2 }, added: [], removed: [], changed: [], answers: [] });
    expect(diff.scoreAfter).toBe(diff.scoreBefore);
  });

  it("the diff lists exactly a changed likelihood and an added manual threat", async () => {
    const before = await diffThreatModel(editorA.caller, v2);
    const api1 = await threatRow(v2, "api1-object-id-in-path");
    expect(api1).toMatchObject({ likelihood: 5, impact: 5, score: 25, severity: "CRITICAL" });
    await changeThreat(editorA, api1.id, { version: api1.version, likelihood: 4 });
    await addThreat(editorA, v2, { title: "Mass export through the reporting API", likelihood: 2, impact: 2 });

    const diff = await diffThreatModel(editorA.caller, v2);
    expect(diff.added).toEqual([{ key: "manual:mass export through the reporting api", title: "Mass export through the reporting API", severity: "LOW", score: 4 }]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([{ key: "api1-object-id-in-path", title: entryOf("api1-object-id-in-path").title, changes: { likelihood: { from: 5, to: 4 }, score: { from: 25, to: 20 } } }]);
    expect(diff.answers).toEqual([]);
    expect(diff.scoreBefore).toBe(before.scoreBefore);
    expect(diff.scoreAfter).toBe(before.scoreAfter - 5 + 4);
    // Version 1 is untouched.
    expect(await threatRow(v1, "api1-object-id-in-path")).toMatchObject({ likelihood: 5, score: 25 });
  });

  it("two new versions started at once: exactly one succeeds, the other gets CONFLICT", async () => {
    const bare = await newApi(editorA.caller);
    const { id } = await newModel(editorA, bare.id);
    await submit(editorA, id);
    await approveThreatModel(adminA.caller, id, "");
    const results = await Promise.allSettled([startNewVersion(editorA.caller, id), startNewVersion(editor2A.caller, id)]);
    const outcomes = results.map((result) => (result.status === "fulfilled" ? "OK" : result.reason instanceof AppError ? result.reason.code : `not an AppError: ${(result.reason as Error).name} ${(result.reason as { code?: string }).code}`));
    expect(outcomes.sort()).toEqual(["CONFLICT", "OK"]);
    expect(await db.threatModel.count({ where: { previousVersionId: id } })).toBe(1);
  });

  it("approving version 2 archives version 1", async () => {
    await submit(editorA, v2);
    await approveThreatModel(ownerA.caller, v2, "");
    expect((await db.threatModel.findUniqueOrThrow({ where: { id: v1 } })).status).toBe("ARCHIVED");
    expect((await db.threatModel.findUniqueOrThrow({ where: { id: v2 } })).status).toBe("APPROVED");
    const listed = await listThreatModels(viewerA.caller, { apiId: vulnerable.id });
    expect(listed.find((model) => model.id === v1)).toMatchObject({ status: "ARCHIVED", nextVersion: { id: v2, modelVersion: 2, status: "APPROVED" } });
    expect((await appErrorOf(startNewVersion(editorA.caller, v1))).code).toBe("CONFLICT");
  });
});

describe("deleting a model", () => {
  it("deletes a draft with its answers and threats, and keeps approved and in-review models", async () => {
    const { id } = await newModel(editorA, vulnerable.id);
    expect(await db.threat.count({ where: { threatModelId: id } })).toBe(10);
    await deleteThreatModel(editorA.caller, id);
    expect((await appErrorOf(getThreatModel(editorA.caller, id))).code).toBe("NOT_FOUND");
    expect(await db.threat.count({ where: { threatModelId: id } })).toBe(0);
    expect(await db.checklistAnswer.count({ where: { threatModelId: id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "threat_model.deleted", targetId: id } })).toBe(1);

    const inReview = (await newModel(editorA, vulnerable.id)).id;
    await submit(editorA, inReview);
    expect((await appErrorOf(deleteThreatModel(adminA.caller, inReview))).code).toBe("CONFLICT");
    await approveThreatModel(adminA.caller, inReview, "");
    expect((await appErrorOf(deleteThreatModel(ownerA.caller, inReview))).code).toBe("CONFLICT");
    expect(await db.threatModel.findUnique({ where: { id: inReview } })).not.toBeNull();
  });
});

describe("tenant isolation", () => {
  let apiB: string;
  let draftB: string;
  let reviewB: string;
  let approvedB: string;
  let nextB: string;
  let threatB: string;
  let templateB: string;
  let modelA: string;

  /** Every threat-model row of org B, to show A's calls change none of them. */
  async function snapshotB() {
    const where = { orgId: orgB.id };
    return Promise.all([
      db.threatModel.findMany({ where, orderBy: { id: "asc" } }),
      db.threat.findMany({ where, orderBy: { id: "asc" } }),
      db.checklistAnswer.findMany({ where, orderBy: { id: "asc" } }),
      db.threatModelReview.findMany({ where, orderBy: { id: "asc" } }),
      db.mitigation.findMany({ where, orderBy: { id: "asc" } }),
      db.threatOperation.findMany({ where, orderBy: [{ threatId: "asc" }, { operationId: "asc" }] }),
      db.threatMitigation.findMany({ where, orderBy: [{ threatId: "asc" }, { mitigationId: "asc" }] }),
      db.checklistTemplate.findMany({ where, orderBy: { id: "asc" } }),
    ]);
  }

  beforeAll(async () => {
    apiB = (await newApi(ownerB.caller)).id;
    draftB = (await newModel(editorB, apiB)).id;
    threatB = (await addThreat(editorB, draftB, { title: "B's own threat" })).id;
    reviewB = (await newModel(editorB, apiB)).id;
    await submit(editorB, reviewB);
    approvedB = (await newModel(editorB, apiB)).id;
    await submit(editorB, approvedB);
    await approveThreatModel(ownerB.caller, approvedB, "");
    nextB = (await startNewVersion(editorB.caller, approvedB)).id;
    templateB = (await createTemplate(ownerB.caller, { name: "B template", description: "", entryKeys: ["api1-object-id-in-path"] })).id;
    modelA = (await newModel(editorA, vulnerable.id)).id;
  });

  it("every threat-model function called by org A with org B's ids is NOT_FOUND, like a missing id, and changes nothing", async () => {
    const before = await snapshotB();
    const a = ownerA.caller;
    const calls: [string, (id: string) => Promise<unknown>, string][] = [
      ["getThreatModel", (id) => getThreatModel(a, id), draftB],
      ["saveAnswer", (id) => saveAnswer(a, id, ZSaveAnswer.parse({ entryKey: "api4-no-rate-limiting", answer: "NO" })), draftB],
      ["updateThreatModel", (id) => updateThreatModel(a, id, ZUpdateThreatModel.parse({ version: 1, title: "Taken over" })), draftB],
      ["deleteThreatModel", (id) => deleteThreatModel(a, id), draftB],
      ["submitForReview", (id) => submitForReview(a, id, { reviewerId: null, comment: "" }), draftB],
      ["approveThreatModel", (id) => approveThreatModel(a, id, ""), reviewB],
      ["requestChanges", (id) => requestChanges(a, id, "Redo it."), reviewB],
      ["startNewVersion", (id) => startNewVersion(a, id), approvedB],
      ["diffThreatModel", (id) => diffThreatModel(a, id), nextB],
      ["diffThreatModel against", (id) => diffThreatModel(a, modelA, id), approvedB],
      ["listThreats", (id) => listThreats(a, id), draftB],
      ["getThreat", (id) => getThreat(a, id), threatB],
      ["createThreat", (id) => createThreat(a, id, ZCreateThreat.parse({ title: "Planted" })), draftB],
      ["updateThreat", (id) => updateThreat(a, id, ZUpdateThreat.parse({ version: 1, likelihood: 5 })), threatB],
      ["deleteThreat", (id) => deleteThreat(a, id), threatB],
      ["createThreatModel with B's template", (id) => createThreatModel(a, ZCreateThreatModel.parse({ apiId: vulnerable.id, templateId: id })), templateB],
    ];
    for (const [label, call, foreignId] of calls) {
      const foreign = await appErrorOf(call(foreignId));
      const missing = await appErrorOf(call(missingId()));
      expect(foreign.code, label).toBe("NOT_FOUND");
      expect(visible(foreign), label).toEqual(visible(missing));
    }
    expect(await snapshotB()).toEqual(before);
  });

  it("createThreatModel with B's API is VALIDATION_FAILED and creates nothing", async () => {
    const error = await appErrorOf(createThreatModel(ownerA.caller, ZCreateThreatModel.parse({ apiId: apiB })));
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(visible(error).fields).toEqual(["apiId"]);
    expect(await db.threatModel.count({ where: { apiId: apiB } })).toBe(4);
    expect(await db.threatModel.count({ where: { apiId: apiB, orgId: orgA.id } })).toBe(0);
  });

  it("listThreatModels never lists another organisation's models", async () => {
    const bIds = new Set([draftB, reviewB, approvedB, nextB]);
    const all = await listThreatModels(ownerA.caller, {});
    expect(all.length).toBeGreaterThan(0);
    expect(all.some((model) => bIds.has(model.id))).toBe(false);
    expect(all.every((model) => model.api.id !== apiB)).toBe(true);
    expect(await listThreatModels(ownerA.caller, { apiId: apiB })).toEqual([]);
    const ofB = await listThreatModels(ownerB.caller, {});
    expect(sorted(ofB.map((model) => model.id))).toEqual(sorted([...bIds]));
  });
});

describe("answer save cost", () => {
  afterEach(() => vi.restoreAllMocks());

  /** Every statement sent to PostgreSQL while `run` runs, with the pg.Client (connection) it ran on. */
  async function statements(run: () => Promise<unknown>): Promise<{ count: number; connections: number; texts: string[] }> {
    const spy = vi.spyOn(pg.Client.prototype, "query");
    try {
      await run();
      const texts = spy.mock.calls.map(([query]) => (typeof query === "string" ? query : String((query as { text?: string }).text ?? "")));
      return { count: spy.mock.calls.length, connections: new Set(spy.mock.contexts).size, texts };
    } finally {
      spy.mockRestore();
    }
  }

  /** An API with 30 operations, none of them authenticated, so the spec's lint finds plenty. */
  function wideSpec(): string {
    const paths: Record<string, unknown> = {};
    for (let index = 0; index < 15; index++) {
      const ok = { "200": { description: "ok" } };
      paths[`/items${index}/{itemId}`] = { get: { operationId: `get${index}`, parameters: [{ name: "itemId", in: "path", required: true, schema: { type: "integer" } }], responses: ok } };
      paths[`/items${index}`] = { post: { operationId: `add${index}`, responses: ok } };
    }
    return JSON.stringify({ openapi: "3.0.3", info: { title: "Wide", version: "1.0.0" }, paths });
  }

  // Before the rewrite: 32 statements for a new YES, 19 for YES → NO, 17 for a note, on 5 connections,
  // reading every operation, lint finding, category and catalogue setting. Now: 6, 6, 6 and 5.
  const untouched = /"(Operation|LintFinding|CatalogCategory|OrgCatalogSetting)"/;

  it("saves one answer in at most 6 statements on one connection, reading neither operations, findings nor the catalogue's settings", async () => {
    const api = await newApi(editorA.caller);
    await importSpec(editorA.caller, api.id, { text: wideSpec(), source: "UPLOAD", fileName: "wide.json" }, { dryRun: false });
    expect(await db.operation.count({ where: { apiId: api.id } })).toBe(30);
    expect(await db.lintFinding.count({ where: { apiId: api.id } })).toBeGreaterThan(0);
    const modelId = (await newModel(editorA, api.id)).id;
    // Warm up: a pooled connection's first use may set it up, and the contributor list is written once.
    await answer(editorA, modelId, "flow-race-conditions", "NO");

    const cases: [string, () => Promise<unknown>][] = [
      ["a new YES with suggested mitigations", () => answer(editorA, modelId, "inj-sql-nosql", "YES")],
      ["YES → NO", () => answer(editorA, modelId, "inj-sql-nosql", "NO")],
      ["NO → YES", () => answer(editorA, modelId, "inj-sql-nosql", "YES")],
      ["the same answer with a new note", () => answer(editorA, modelId, "inj-sql-nosql", "YES", "Parameterised everywhere.")],
    ];
    const seen: Record<string, { count: number; connections: number; forbidden: string[] }> = {};
    for (const [name, run] of cases) {
      const { count, connections, texts } = await statements(run);
      seen[name] = { count, connections, forbidden: texts.filter((text) => untouched.test(text)) };
    }
    const expected = Object.fromEntries(cases.map(([name]) => [name, { count: expect.any(Number), connections: 1, forbidden: [] }]));
    expect(seen).toEqual(expected);
    for (const [name, { count }] of Object.entries(seen)) expect({ name, count: Math.min(count, 6) }).toEqual({ name, count });

    // And the saves did what they say: one threat with the entry's mitigations, reopened, noted.
    const threat = await threatRow(modelId, "inj-sql-nosql");
    expect(threat).toMatchObject({ status: "OPEN", source: "CHECKLIST", version: 3 });
    expect(threat.mitigations).toHaveLength(entryOf("inj-sql-nosql").mitigations.length);
    expect(await db.checklistAnswer.findFirstOrThrow({ where: { threatModelId: modelId, entryKey: "inj-sql-nosql" } })).toMatchObject({ answer: "YES", note: "Parameterised everywhere." });
    expect(await db.auditEvent.count({ where: { action: "threat_model.answered", targetId: modelId } })).toBe(4);
  }, 120_000);
});
