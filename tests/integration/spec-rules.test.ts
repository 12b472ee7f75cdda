import { readFileSync } from "node:fs";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";
import { createApi } from "@/lib/server/apis/create-api";
import { importSpec } from "@/lib/server/specs/import-spec";
import { approveThreatModel } from "@/lib/server/threat-models/approve-threat-model";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";
import { startNewVersion } from "@/lib/server/threat-models/start-new-version";
import { submitForReview } from "@/lib/server/threat-models/submit-for-review";
import { SPEC_RULES } from "@/lib/core/threat-models/spec-rules";
import { ZCreateApi } from "@/lib/validation/apis";
import { ZCreateThreatModel } from "@/lib/validation/threat-models";
import { GET as listRulesRoute } from "@/app/api/v1/settings/spec-rules/route";
import { PUT as putRuleRoute } from "@/app/api/v1/settings/spec-rules/[ruleId]/route";
import { createOrgWithMembers, uniqueSuffix, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// The spec rules as an organisation runs them: switched off per organisation in Settings (through
// the real route handlers, only the session lookup replaced), and run again at every re-import so
// an approved model shows what is new since its approval.

const session = vi.hoisted(() => ({ user: null as TSignedInUser | null }));
vi.mock("@/lib/api/auth/session", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/api/auth/session")>()),
  getSignedInUser: async () => session.user,
}));

type TRoute = (req: NextRequest, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(route: TRoute, method: string, path: string, as: TMemberFixture, org: TOrgFixture, options: { params?: Record<string, string>; body?: unknown } = {}) {
  session.user = { userId: as.user.id, email: as.user.email, name: as.user.name, sessionId: `session-${as.user.id}`, activeOrgId: null, authMethod: "PASSWORD", mfaEnabled: false };
  const headers = new Headers({ "x-bulwark-org": org.slug });
  if (options.body !== undefined) headers.set("content-type", "application/json");
  const response = await route(new NextRequest(`http://localhost:3000/api/v1${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) }), {
    params: Promise.resolve(options.params ?? {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as { data?: unknown; message?: string } };
}

const VULNERABLE = readFileSync(new URL("../fixtures/specs/vulnerable-3.0.yaml", import.meta.url), "utf8");
const RULE = "unbounded-collection-response";
const ENTRY = "api4-unbounded-lists";

let orgA: TOrgFixture;
let adminA: TMemberFixture;
let editorA: TMemberFixture;
let viewerA: TMemberFixture;
let editorB: TMemberFixture;

async function importedApi(member: TMemberFixture, text = VULNERABLE) {
  const api = await createApi(member.caller, ZCreateApi.parse({ name: `Leaky ${uniqueSuffix()}`, exposure: "INTERNET", dataClassification: "CONFIDENTIAL" }));
  await importSpec(member.caller, api.id, { text, source: "UPLOAD", fileName: "leaky.yaml" }, { dryRun: false });
  return api.id;
}
const newModel = (member: TMemberFixture, apiId: string) => createThreatModel(member.caller, ZCreateThreatModel.parse({ apiId }));
const preAnswered = async (modelId: string) => (await db.checklistAnswer.findMany({ where: { threatModelId: modelId, ruleAnswer: { not: null } }, select: { entryKey: true } })).map((row) => row.entryKey);

beforeAll(async () => {
  ({ org: orgA, admin: adminA, editor: editorA, viewer: viewerA } = await createOrgWithMembers("Rules A", ["OWNER", "ADMIN", "EDITOR", "VIEWER"]));
  ({ editor: editorB } = await createOrgWithMembers("Rules B", ["OWNER", "EDITOR"]));
});

describe("switching a spec rule off per organisation", () => {
  it("lists every rule with what it looks for, an example, its entry's title and whether it is on", async () => {
    const listed = await call(listRulesRoute as TRoute, "GET", "/settings/spec-rules", viewerA, orgA);
    expect(listed.status).toBe(200);
    const rules = listed.body.data as { id: string; entryKey: string; entryTitle: string; looksFor: string; example: string; enabled: boolean }[];
    expect(rules.map((rule) => rule.id)).toEqual(SPEC_RULES.map((rule) => rule.id));
    for (const rule of rules) {
      expect(rule.looksFor.length, rule.id).toBeGreaterThan(10);
      expect(rule.example.length, rule.id).toBeGreaterThan(0);
      expect(rule.entryTitle, rule.id).not.toBe(rule.entryKey);
      expect(rule.enabled, rule.id).toBe(true);
    }
  });

  it("the next model no longer pre-answers a rule switched off; other organisations and earlier models are unaffected; on again, it pre-answers again", async () => {
    const apiA = await importedApi(editorA);
    const before = await newModel(editorA, apiA);
    expect(await preAnswered(before.id)).toContain(ENTRY);

    const off = await call(putRuleRoute as TRoute, "PUT", `/settings/spec-rules/${RULE}`, adminA, orgA, { params: { ruleId: RULE }, body: { enabled: false } });
    expect(off).toMatchObject({ status: 200, body: { data: { id: RULE, enabled: false } } });
    const listed = (await call(listRulesRoute as TRoute, "GET", "/settings/spec-rules", viewerA, orgA)).body.data as { id: string; enabled: boolean }[];
    expect(listed.filter((rule) => !rule.enabled).map((rule) => rule.id)).toEqual([RULE]);

    const after = await newModel(editorA, apiA);
    expect(await preAnswered(after.id)).not.toContain(ENTRY);
    expect(await db.threat.count({ where: { threatModelId: after.id, catalogEntryKey: ENTRY } })).toBe(0);
    // Everything else is still pre-answered, and the earlier model keeps its pre-answer.
    expect((await preAnswered(after.id)).length).toBe((await preAnswered(before.id)).length - 1);
    expect(await preAnswered(before.id)).toContain(ENTRY);
    // Organisation B still has the rule.
    expect(await preAnswered((await newModel(editorB, await importedApi(editorB))).id)).toContain(ENTRY);
    expect(await db.auditEvent.count({ where: { orgId: orgA.id, action: "settings.spec_rule_disabled", metadata: { equals: { ruleId: RULE } } } })).toBe(1);

    // Switching it off twice keeps one entry; on again brings the pre-answer back.
    await call(putRuleRoute as TRoute, "PUT", `/settings/spec-rules/${RULE}`, adminA, orgA, { params: { ruleId: RULE }, body: { enabled: false } });
    expect((await db.orgSettings.findUniqueOrThrow({ where: { orgId: orgA.id } })).disabledSpecRuleIds).toEqual([RULE]);
    expect(await call(putRuleRoute as TRoute, "PUT", `/settings/spec-rules/${RULE}`, adminA, orgA, { params: { ruleId: RULE }, body: { enabled: true } })).toMatchObject({
      status: 200,
      body: { data: { enabled: true } },
    });
    expect(await preAnswered((await newModel(editorA, apiA)).id)).toContain(ENTRY);
  });

  it("refuses members who may not manage settings, unknown rules and bodies that say nothing, changing nothing", async () => {
    const asEditor = await call(putRuleRoute as TRoute, "PUT", `/settings/spec-rules/${RULE}`, editorA, orgA, { params: { ruleId: RULE }, body: { enabled: false } });
    expect(asEditor.status).toBe(403);
    const unknown = await call(putRuleRoute as TRoute, "PUT", "/settings/spec-rules/no-such-rule", adminA, orgA, { params: { ruleId: "no-such-rule" }, body: { enabled: false } });
    expect(unknown.status).toBe(404);
    const vague = await call(putRuleRoute as TRoute, "PUT", `/settings/spec-rules/${RULE}`, adminA, orgA, { params: { ruleId: RULE }, body: { enabled: "no" } });
    expect(vague.status).toBe(422);
    expect(vague.body.message).toBeTruthy();
    expect((await db.orgSettings.findUnique({ where: { orgId: orgA.id } }))?.disabledSpecRuleIds ?? []).toEqual([]);
  });
});

describe("re-importing after approval: new since approval", () => {
  // The same API, grown by a download endpoint that takes a file path (a rule hit the approved
  // model never saw), while everything the model was approved with is still there.
  const GROWN = VULNERABLE.replace(
    "paths:\n",
    `paths:
  /reports/download:
    get:
      operationId: downloadReport
      summary: Downloads a generated report
      parameters:
        - name: filePath
          in: query
          required: true
          schema: { type: string }
      responses:
        "200":
          description: The file
          content:
            application/octet-stream:
              schema: { type: string, format: binary }
`,
  );

  it("marks what the rules now find on the approved model, keeps the model as approved, and clears once the spec is back", async () => {
    const apiId = await importedApi(editorA);
    const approved = await newModel(editorA, apiId);
    await submitForReview(editorA.caller, approved.id, { reviewerId: null, comment: "" });
    await approveThreatModel(adminA.caller, approved.id, "");
    const draft = await newModel(editorA, apiId);
    const approvedBefore = await db.threatModel.findUniqueOrThrow({ where: { id: approved.id } });

    const grown = await importSpec(editorA.caller, apiId, { text: GROWN, source: "UPLOAD", fileName: "leaky.yaml" }, { dryRun: false });
    expect(grown.newRuleHits).toBeGreaterThan(0);
    const detail = await getThreatModel(viewerA.caller, approved.id);
    expect(detail.newRuleHits.length).toBe(grown.newRuleHits);
    expect(detail.newRuleHitsAt).not.toBeNull();
    const traversal = detail.newRuleHits.find((hit) => hit.entryKey === "inj-path-traversal");
    expect(traversal).toMatchObject({ operation: { operationKey: "GET /reports/download", removed: false } });
    expect(traversal!.reason).toContain("`filePath`");
    // Only the new operation is new: nothing the model was approved with comes back as a hit.
    expect(detail.newRuleHits.every((hit) => hit.operation?.operationKey === "GET /reports/download")).toBe(true);

    const approvedAfter = await db.threatModel.findUniqueOrThrow({ where: { id: approved.id } });
    expect(approvedAfter).toMatchObject({ status: "APPROVED", version: approvedBefore.version, updatedAt: approvedBefore.updatedAt });
    expect(await db.threat.count({ where: { threatModelId: approved.id } })).toBe(await db.threat.count({ where: { threatModelId: approved.id, createdAt: { lte: approvedBefore.approvedAt! } } }));
    // A draft is still being written: it is not marked.
    expect((await getThreatModel(viewerA.caller, draft.id)).newRuleHits).toEqual([]);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { orgId: orgA.id, action: "api.spec_imported", targetId: apiId }, orderBy: { createdAt: "desc" } });
    expect(audit.metadata).toMatchObject({ newRuleHits: grown.newRuleHits });

    const back = await importSpec(editorA.caller, apiId, { text: VULNERABLE, source: "UPLOAD", fileName: "leaky.yaml" }, { dryRun: false });
    expect(back.newRuleHits).toBe(0);
    expect((await getThreatModel(viewerA.caller, approved.id)).newRuleHits).toEqual([]);
  });

  it("a dry run marks nothing", async () => {
    const apiId = await importedApi(editorA);
    const approved = await newModel(editorA, apiId);
    await submitForReview(editorA.caller, approved.id, { reviewerId: null, comment: "" });
    await approveThreatModel(adminA.caller, approved.id, "");
    const preview = await importSpec(editorA.caller, apiId, { text: GROWN, source: "UPLOAD", fileName: "leaky.yaml" }, { dryRun: true });
    expect(preview.newRuleHits).toBeNull();
    expect((await getThreatModel(viewerA.caller, approved.id)).newRuleHits).toEqual([]);
  });

  it("the next version starts without the marks, and takes the new hits in as pre-answers and links", async () => {
    const apiId = await importedApi(editorA);
    const approved = await newModel(editorA, apiId);
    await submitForReview(editorA.caller, approved.id, { reviewerId: null, comment: "" });
    await approveThreatModel(adminA.caller, approved.id, "");
    await importSpec(editorA.caller, apiId, { text: GROWN, source: "UPLOAD", fileName: "leaky.yaml" }, { dryRun: false });
    const hits = (await getThreatModel(viewerA.caller, approved.id)).newRuleHits;
    expect(hits.length).toBeGreaterThan(0);

    const next = await startNewVersion(editorA.caller, approved.id);
    const detail = await getThreatModel(viewerA.caller, next.id);
    expect(detail.newRuleHits).toEqual([]);
    const download = (await db.operation.findFirstOrThrow({ where: { apiId, path: "/reports/download", removedAt: null } })).id;
    for (const hit of hits) {
      const threat = detail.threats.find((candidate) => candidate.catalogEntryKey === hit.entryKey);
      expect(threat, hit.entryKey).toBeDefined();
      const linked = threat!.operations.find((operation) => operation.id === download);
      expect(linked, hit.entryKey).toBeDefined();
      expect(linked!.reasons.join(" "), hit.entryKey).toContain("GET /reports/download");
      const answer = detail.answers.find((candidate) => candidate.entryKey === hit.entryKey)!;
      expect(answer.ruleEvidence?.operations.some((operation) => operation.id === download), hit.entryKey).toBe(true);
    }
  });
});
