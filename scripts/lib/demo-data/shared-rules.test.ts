import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { AuthScheme, DataClassification, Exposure, Lifecycle } from "@/lib/generated/prisma/enums";
import { generatedThreatDescription, type TGeneratedThreatEntry } from "@/lib/core/threat-models/generated-threat";
import { DEFAULT_RISK_BANDS, riskScore, severityOf, worstSeverity } from "@/lib/core/threats/risk";
import { evaluateRules } from "@/lib/core/threat-models/rules";
import { DEFAULT_SLA, dueDateFromSla, slaDays } from "@/lib/core/mitigations/sla";
import { DEMO_ORGS } from "@/prisma/seed";
import { buildPlan, mondayOf, type TBuildContext, type TBuildOrg, type TPlan } from "./build";
import { DEMO_SCENARIO, HISTORY_WEEKS } from "./demo";
import { weighted, rng } from "./inventory";
import { planPortfolio, type ApiFacts } from "./portfolio";

// Seed and bench are one generator: the demo scenario and a small portfolio go through the same
// buildPlan, and both obey the product's rules, checked here with the app's own functions
// (severityOf, evaluateRules, the generated-threat description, slaDays/dueDateFromSla,
// worstSeverity), not with restated copies.

const NOW = new Date("2026-11-25T10:30:00.000Z");
const catalogue: TGeneratedThreatEntry[] = (
  JSON.parse(readFileSync(path.join(process.cwd(), "prisma/catalog/threat-catalog.json"), "utf8")) as { entries: TGeneratedThreatEntry[] }
).entries.map(({ key, category, title, whyItMatters, owaspApi, stride, mitigations }) => ({ key, category, title, whyItMatters, owaspApi, stride, mitigations }));

function demoPlan(): TPlan {
  let counter = 0;
  const id = (label: string) => `c${label}${String(++counter).padStart(8, "0")}`;
  const orgs: TBuildContext["orgs"] = {};
  for (const demo of DEMO_ORGS) {
    const users = Object.fromEntries(demo.members.map((member) => [member.email.startsWith("admin@globex") ? "gus" : member.name.split(" ")[0]!.toLowerCase(), { id: id("user"), name: member.name }]));
    const apis: TBuildOrg["apis"] = Object.fromEntries(
      demo.apis.map((api) => [api.name, { id: id("api"), name: api.name, facts: { exposure: api.exposure, lifecycle: api.lifecycle, authSchemes: api.authSchemes, dataClassification: api.dataClassification, dataFlags: api.dataFlags, environments: api.environments } }]),
    );
    orgs[demo.slug] = { id: id("org"), users, apis, teamIds: [], bands: DEFAULT_RISK_BANDS, sla: DEFAULT_SLA };
  }
  return buildPlan(DEMO_SCENARIO, { now: NOW, catalogue, orgs, historyWeeks: HISTORY_WEEKS });
}

function portfolioPlans(count: number): { plans: TPlan[]; org: TBuildOrg } {
  const random = rng(3);
  const users = { u1: { id: "u1", name: "Admin One" }, u2: { id: "u2", name: "Editor Two" }, u3: { id: "u3", name: "Viewer Three" } };
  const apis: ApiFacts[] = Array.from({ length: count }, (_, i) => ({
    id: `api${String(i).padStart(4, "0")}`,
    name: `Generated API ${i}`,
    system: ["payments", "identity", "orders", "partners"][i % 4]!,
    exposure: weighted<Exposure>(random, [["INTERNAL", 55], ["PARTNER", 20], ["INTERNET", 25]]),
    dataClassification: weighted<DataClassification>(random, [["INTERNAL", 40], ["CONFIDENTIAL", 35], ["RESTRICTED", 15], ["PUBLIC", 10]]),
    dataFlags: random() < 0.4 ? ["PII"] : [],
    lifecycle: weighted<Lifecycle>(random, [["ACTIVE", 70], ["DESIGN", 12], ["DEPRECATED", 12], ["RETIRED", 6]]),
    authSchemes: [weighted<AuthScheme>(random, [["OAUTH2_OIDC", 45], ["JWT", 20], ["API_KEY", 15], ["MTLS", 12], ["BASIC", 5], ["NONE", 3]])],
    technicalOwnerId: i % 2 ? "u1" : "u2",
  }));
  const org: TBuildOrg = {
    id: "orgbench",
    users,
    apis: Object.fromEntries(apis.map((api) => [api.id, { id: api.id, name: api.name, facts: { ...api, environments: [{ name: "production", baseUrl: `https://${api.id}.example.test` }] } }])),
    teamIds: [],
    bands: DEFAULT_RISK_BANDS,
    sla: DEFAULT_SLA,
  };
  const members = [
    { userId: "u1", role: "ADMIN" as const },
    { userId: "u2", role: "EDITOR" as const },
    { userId: "u3", role: "VIEWER" as const },
  ];
  return { plans: [...planPortfolio({ now: NOW, entries: catalogue, apis, org, members, userIds: ["u1", "u2", "u3"] }, { batchApis: 25 })], org };
}

/** The product's rules, through the app's functions; `facts` gives each API's rule inputs. */
function expectProductRules(plan: TPlan, facts: Map<string, Parameters<typeof evaluateRules>[0]["api"]>) {
  const entries = new Map(catalogue.map((entry) => [entry.key, entry]));
  const threats = new Map(plan.threats.map((threat) => [threat.id, threat]));
  const mitigations = new Map(plan.mitigations.map((mitigation) => [mitigation.id, mitigation]));
  const linksOfThreat = new Map<string, string[]>();
  const linksOfMitigation = new Map<string, string[]>();
  for (const link of plan.threatMitigations) {
    linksOfThreat.set(link.threatId, [...(linksOfThreat.get(link.threatId) ?? []), link.mitigationId]);
    linksOfMitigation.set(link.mitigationId, [...(linksOfMitigation.get(link.mitigationId) ?? []), link.threatId]);
  }

  // Severity bands (severityOf).
  for (const threat of plan.threats) {
    expect(threat.score).toBe(riskScore(threat.likelihood, threat.impact));
    expect(threat.severity).toBe(severityOf(threat.score, DEFAULT_RISK_BANDS));
  }

  // Versions: at most one APPROVED model per API; an archived one was followed by an approved version.
  const byApi = new Map<string, TPlan["models"]>();
  for (const model of plan.models) byApi.set(model.apiId, [...(byApi.get(model.apiId) ?? []), model]);
  for (const versions of byApi.values()) {
    expect(versions.filter((model) => model.status === "APPROVED").length).toBeLessThanOrEqual(1);
    for (const model of versions) {
      if (model.status === "ARCHIVED") expect(versions.some((next) => next.previousVersionId === model.id && next.approvedAt && next.approvedAt >= model.approvedAt!)).toBe(true);
      if (model.approvedAt) expect(model.approvedById).not.toBe(model.authorId);
    }
  }

  // Rule pre-answers are what evaluateRules says for the operations imported when the first version started.
  const firstModel = new Map<string, Date>();
  for (const model of [...plan.models].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())) if (!firstModel.has(model.apiId)) firstModel.set(model.apiId, model.createdAt);
  const rulesOf = new Map<string, ReturnType<typeof evaluateRules>>();
  for (const [apiId, started] of firstModel) {
    const operations = plan.operations.filter((op) => op.apiId === apiId && op.createdAt <= started && (op.removedAt === null || op.removedAt > started));
    rulesOf.set(apiId, evaluateRules({ api: facts.get(apiId)!, operations, findings: [] }));
  }
  const modelById = new Map(plan.models.map((model) => [model.id, model]));
  let ruleAnswers = 0;
  for (const answer of plan.answers) {
    if (answer.ruleAnswer === null) continue;
    ruleAnswers++;
    const rule = rulesOf.get(modelById.get(answer.threatModelId)!.apiId)!.find((candidate) => candidate.entryKey === answer.entryKey);
    expect(rule, answer.entryKey).toBeDefined();
    expect([answer.ruleAnswer, answer.ruleReason, [...answer.ruleOperationIds].sort()]).toEqual([rule!.answer, rule!.reason, [...rule!.operationIds].sort()]);
  }
  expect(ruleAnswers).toBeGreaterThan(0);

  // Generated threats: the app's description (with the rule's reason when a rule pre-answered
  // it); yes/unsure answers have a threat, a threat set aside was answered no.
  for (const model of plan.models) {
    const answers = new Map(plan.answers.filter((answer) => answer.threatModelId === model.id).map((answer) => [answer.entryKey, answer]));
    for (const threat of plan.threats.filter((candidate) => candidate.threatModelId === model.id && candidate.catalogEntryKey)) {
      const answer = answers.get(threat.catalogEntryKey!)!;
      expect(answer).toBeDefined();
      const entry = entries.get(threat.catalogEntryKey!)!;
      expect(threat.title).toBe(entry.title);
      // A yes/unsure pre-answer created the threat when the model started (source RULE, the
      // rule's reason); otherwise a person's answer did (save-answer.ts: no reason).
      const byRule = answer.ruleAnswer === "YES" || answer.ruleAnswer === "UNSURE";
      expect(threat.description).toBe(byRule ? generatedThreatDescription(entry, answer.ruleAnswer!, answer.ruleReason) : generatedThreatDescription(entry, answer.answer, null));
      expect(threat.source).toBe(byRule ? "RULE" : "CHECKLIST");
      if (threat.status === "NOT_APPLICABLE") expect(["NO", "NOT_APPLICABLE"]).toContain(answer.answer);
      else expect(["YES", "UNSURE"]).toContain(answer.answer);
    }
    const withThreat = new Set(plan.threats.filter((threat) => threat.threatModelId === model.id).map((threat) => threat.catalogEntryKey));
    for (const answer of answers.values()) if (answer.answer === "YES" || answer.answer === "UNSURE") expect(withThreat.has(answer.entryKey)).toBe(true);
  }

  // Due dates: the SLA of the worst linked threat, from when the work was taken on (slaDays, dueDateFromSla, worstSeverity).
  let dated = 0;
  for (const mitigation of plan.mitigations) {
    const severities = (linksOfMitigation.get(mitigation.id) ?? []).map((threatId) => threats.get(threatId)!.severity);
    expect(severities.length).toBeGreaterThan(0);
    if (mitigation.dueDateManual) continue;
    if (mitigation.status === "PROPOSED" && !mitigation.assigneeId) {
      expect(mitigation.dueDate).toBeNull();
      continue;
    }
    dated++;
    expect(mitigation.assigneeId).not.toBeNull();
    expect(mitigation.dueDate).toEqual(dueDateFromSla(plan.slaStart.get(mitigation.id)!, slaDays(worstSeverity(severities), DEFAULT_SLA)));
    expect(plan.slaStart.get(mitigation.id)!.getTime()).toBeGreaterThanOrEqual(mitigation.createdAt.getTime());
    if (mitigation.status === "VERIFIED") {
      expect(mitigation.evidenceUrl ?? mitigation.evidenceNote).toBeTruthy();
      expect(mitigation.verifiedById).not.toBe(mitigation.assigneeId);
    }
    if (mitigation.status === "WONT_DO") expect(mitigation.wontDoReason?.trim()).toBeTruthy();
  }
  expect(dated).toBeGreaterThan(0);

  // Mitigated threats rest on verified controls only (the app's "Mark mitigated" proposal).
  for (const threat of plan.threats.filter((candidate) => candidate.status === "MITIGATED")) {
    const mine = (linksOfThreat.get(threat.id) ?? []).map((id) => mitigations.get(id)!);
    expect(mine.length).toBeGreaterThan(0);
    for (const mitigation of mine) expect(mitigation.status).toBe("VERIFIED");
  }
}

/** What the rollup counts: open threats of the approved model, else of the newest version. */
function rollupOf(plan: TPlan, apiId: string): number[] {
  const model = plan.models
    .filter((candidate) => candidate.apiId === apiId && candidate.status !== "ARCHIVED")
    .sort((a, b) => Number(b.status === "APPROVED") - Number(a.status === "APPROVED") || b.modelVersion - a.modelVersion)[0];
  const open = plan.threats.filter((threat) => threat.threatModelId === model?.id && threat.status === "OPEN");
  return (["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const).map((severity) => open.filter((threat) => threat.severity === severity).length);
}

describe("one generator for demo and bench data", () => {
  it("builds the demo scenario with the product's rules", () => {
    const plan = demoPlan();
    const facts = new Map(
      DEMO_ORGS.flatMap((org) => org.apis).map((api) => [api.name, { exposure: api.exposure, lifecycle: api.lifecycle, authSchemes: api.authSchemes, dataClassification: api.dataClassification, dataFlags: api.dataFlags, environments: api.environments }]),
    );
    const names = new Map(plan.models.map((model) => [model.apiId, model.title.replace(/ threat model$/, "")]));
    expectProductRules(plan, new Map([...names].map(([apiId, name]) => [apiId, facts.get(name)!])));
  });

  it("builds a small portfolio with the same rules, and this week's history equals the rollup", () => {
    const { plans, org } = portfolioPlans(60);
    expect(plans).toHaveLength(3);
    const week = mondayOf(NOW).getTime();
    const facts = new Map(Object.values(org.apis).map((api) => [api.id, api.facts]));
    for (const plan of plans) {
      expectProductRules(plan, facts);
      const current = plan.snapshots.filter((row) => row.weekStart.getTime() === week);
      expect(current.length).toBe(new Set(plan.models.map((model) => model.apiId)).size);
      for (const row of current) expect([row.openCritical, row.openHigh, row.openMedium, row.openLow]).toEqual(rollupOf(plan, row.apiId));
    }
    const all = plans.flatMap((plan) => plan.models);
    expect(new Set(all.map((model) => model.status))).toEqual(new Set(["APPROVED", "ARCHIVED", "DRAFT", "IN_REVIEW"]));
  }, 60_000);
});
