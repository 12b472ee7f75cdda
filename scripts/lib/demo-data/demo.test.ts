import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Severity } from "@/lib/generated/prisma/enums";
import type { TGeneratedThreatEntry } from "@/lib/core/threat-models/generated-threat";
import { DEFAULT_RISK_BANDS, severityOf } from "@/lib/core/threats/risk";
import { DEFAULT_SLA, slaDays } from "@/lib/core/mitigations/sla";
import { DEMO_ORGS } from "@/prisma/seed";
import { buildPlan, mondayOf, type TBuildContext, type TBuildOrg, type TPlan } from "./build";
import { DEMO_SCENARIO, HISTORY_WEEKS } from "./demo";

// The demo risk data, checked without a database: the rules the app enforces on its own writes
// hold for the seeded rows too, and the dashboard gets something to show in every panel.

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-11-25T10:30:00.000Z"); // a Wednesday
const RANK: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };

const catalogue: TGeneratedThreatEntry[] = (
  JSON.parse(readFileSync(path.join(process.cwd(), "prisma/catalog/threat-catalog.json"), "utf8")) as { entries: TGeneratedThreatEntry[] }
).entries.map(({ key, category, title, whyItMatters, owaspApi, stride, mitigations }) => ({ key, category, title, whyItMatters, owaspApi, stride, mitigations }));

type TRiskContext = TBuildContext;
type TRiskPlan = TPlan;
const buildRiskPlan = (ctx: TBuildContext) => buildPlan(DEMO_SCENARIO, ctx);

/** The demo organisations as prisma/seed.ts creates them, with made-up ids. */
function context(entries = catalogue): TRiskContext {
  let counter = 0;
  const id = (label: string) => `c${label}${String(++counter).padStart(8, "0")}`;
  const apis = (slug: string): TBuildOrg["apis"] =>
    Object.fromEntries(
      DEMO_ORGS.find((org) => org.slug === slug)!.apis.map((api) => [
        api.name,
        { id: id("api"), name: api.name, facts: { exposure: api.exposure, lifecycle: api.lifecycle, authSchemes: api.authSchemes, dataClassification: api.dataClassification, dataFlags: api.dataFlags, environments: api.environments } },
      ]),
    );
  const settings = { bands: DEFAULT_RISK_BANDS, sla: DEFAULT_SLA };
  const orgs: TRiskContext["orgs"] = {
    "acme-payments": {
      id: "orgacme00000001",
      users: { ada: { id: "userada000000001", name: "Ada Admin" }, eddie: { id: "usereddie0000001", name: "Eddie Editor" }, vera: { id: "uservera00000001", name: "Vera Viewer" } },
      apis: apis("acme-payments"),
      teamIds: ["teamacme0000001"],
      ...settings,
    },
    globex: {
      id: "orgglobex0000001",
      users: { gus: { id: "usergus000000001", name: "Gus Globex" } },
      apis: apis("globex"),
      teamIds: ["teamglobex00001"],
      ...settings,
    },
  };
  let next = 0;
  return { now: NOW, catalogue: entries, orgs, newId: () => `cid${String(++next).padStart(21, "0")}`, historyWeeks: HISTORY_WEEKS, since: 730 };
}

const apiName = (ctx: TRiskContext, apiId: string) =>
  Object.values(ctx.orgs).flatMap((org) => Object.entries(org.apis)).find(([, api]) => api.id === apiId)![0];

function linkedSeverities(plan: TRiskPlan, mitigationId: string): Severity[] {
  const threats = new Map(plan.threats.map((threat) => [threat.id, threat]));
  return plan.threatMitigations.filter((link) => link.mitigationId === mitigationId).map((link) => threats.get(link.threatId)!.severity);
}

function invariants(plan: TRiskPlan) {
  const models = new Map(plan.models.map((model) => [model.id, model]));
  const mitigations = new Map(plan.mitigations.map((mitigation) => [mitigation.id, mitigation]));

  // Scores and severities by the default bands.
  for (const threat of plan.threats) {
    expect(threat.score).toBe(threat.likelihood * threat.impact);
    expect(threat.severity).toBe(severityOf(threat.score));
    expect(threat.title.length).toBeGreaterThan(0);
  }

  // One approved model per API; versions chain; approval never by the author.
  const approved = plan.models.filter((model) => model.status === "APPROVED").map((model) => model.apiId);
  expect(new Set(approved).size).toBe(approved.length);
  const previous = plan.models.map((model) => model.previousVersionId).filter(Boolean);
  expect(new Set(previous).size).toBe(previous.length);
  for (const model of plan.models) {
    if (model.status === "APPROVED" || model.status === "ARCHIVED") {
      expect(model.approvedAt).not.toBeNull();
      expect(model.approvedById).not.toBeNull();
      expect(model.approvedById).not.toBe(model.authorId);
      expect(model.submittedAt!.getTime()).toBeLessThanOrEqual(model.approvedAt!.getTime());
      expect(model.createdAt.getTime()).toBeLessThan(model.submittedAt!.getTime());
    } else {
      expect(model.approvedAt).toBeNull();
      expect(model.approvedById).toBeNull();
    }
    if (model.status === "IN_REVIEW") expect(model.submittedAt).not.toBeNull();
    if (model.status === "DRAFT") expect(model.submittedAt).toBeNull();
    if (model.previousVersionId) expect(models.get(model.previousVersionId)!.apiId).toBe(model.apiId);
    const answers = plan.answers.filter((answer) => answer.threatModelId === model.id);
    expect(new Set(answers.map((answer) => answer.entryKey)).size).toBe(answers.length);
    for (const answer of answers) expect(model.entryKeys).toContain(answer.entryKey);
    if (model.status !== "DRAFT") expect(answers).toHaveLength(model.entryKeys.length);
    else if (model.entryKeys.length) expect(answers.length).toBeLessThan(model.entryKeys.length);
    // Checklist threats and yes/unsure answers match one to one.
    const threats = plan.threats.filter((threat) => threat.threatModelId === model.id);
    const fromChecklist = threats.filter((threat) => threat.catalogEntryKey).map((threat) => threat.catalogEntryKey).sort();
    expect(fromChecklist).toEqual(answers.filter((answer) => answer.answer === "YES" || answer.answer === "UNSURE").map((answer) => answer.entryKey).sort());
    for (const threat of threats) expect(threat.createdAt.getTime()).toBeGreaterThanOrEqual(model.createdAt.getTime());
  }

  // Threat statuses follow their mitigations.
  for (const threat of plan.threats) {
    const mine = plan.threatMitigations.filter((link) => link.threatId === threat.id).map((link) => mitigations.get(link.mitigationId)!);
    if (threat.status === "MITIGATED") {
      expect(mine.length).toBeGreaterThan(0);
      for (const mitigation of mine) expect(mitigation.status).toBe("VERIFIED");
    }
    if (threat.status === "ACCEPTED") {
      expect(threat.acceptanceJustification?.trim()).toBeTruthy();
      expect(threat.acceptanceExpiresAt!.getTime()).toBeGreaterThan(NOW.getTime());
    } else {
      expect(threat.acceptanceJustification).toBeNull();
    }
  }

  // Mitigations: SLA due dates from creation, evidence and independent verification, reasons.
  for (const mitigation of plan.mitigations) {
    const severities = linkedSeverities(plan, mitigation.id);
    expect(severities.length).toBeGreaterThan(0);
    const worst = severities.reduce((a, b) => (RANK[b] > RANK[a] ? b : a));
    if (mitigation.status === "PROPOSED") {
      expect(mitigation.assigneeId).toBeNull();
      expect(mitigation.dueDate).toBeNull();
    } else {
      expect(mitigation.assigneeId).not.toBeNull();
      const due = new Date(mitigation.createdAt.getTime() + slaDays(worst, DEFAULT_SLA) * DAY_MS);
      expect(mitigation.dueDate!.toISOString()).toBe(`${due.toISOString().slice(0, 10)}T00:00:00.000Z`);
    }
    if (mitigation.status === "VERIFIED") {
      expect(mitigation.evidenceUrl ?? mitigation.evidenceNote).toBeTruthy();
      expect(mitigation.verifiedById).not.toBeNull();
      expect(mitigation.verifiedById).not.toBe(mitigation.assigneeId);
      expect(mitigation.verifiedAt!.getTime()).toBeGreaterThan(mitigation.createdAt.getTime());
      expect(mitigation.verifiedAt!.getTime()).toBeLessThanOrEqual(NOW.getTime());
    } else {
      expect(mitigation.verifiedAt).toBeNull();
      expect(mitigation.verifiedById).toBeNull();
    }
    if (mitigation.status === "WONT_DO") expect(mitigation.wontDoReason?.trim()).toBeTruthy();
    else expect(mitigation.wontDoReason).toBeNull();
    expect(mitigation.createdAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
  }

  // Comments name exactly one target.
  for (const comment of plan.comments) expect(comment.threatId === null).not.toBe(comment.mitigationId === null);

  // Every link stays inside one organisation.
  const threatOrg = new Map(plan.threats.map((threat) => [threat.id, threat.orgId]));
  for (const link of plan.threatMitigations) {
    expect(threatOrg.get(link.threatId)).toBe(link.orgId);
    expect(mitigations.get(link.mitigationId)!.orgId).toBe(link.orgId);
  }
}

describe("the demo scenario (buildPlan at scale 1)", () => {
  const ctx = context();
  const plan = buildRiskPlan(ctx);
  const acme = ctx.orgs["acme-payments"]!;
  const modelOf = (api: string) => plan.models.filter((model) => model.apiId === acme.apis[api]?.id);

  it("keeps the rules the app enforces", () => {
    invariants(plan);
  });

  it("gives every dashboard panel something to show", () => {
    // Models in every state, versions, and APIs left without any.
    expect(modelOf("Payments API").map((model) => model.status)).toEqual(["APPROVED"]);
    expect(modelOf("Card Vault")[0]!.approvedAt!.getTime()).toBeLessThan(NOW.getTime() - 180 * DAY_MS);
    expect(modelOf("Merchant Onboarding")[0]).toMatchObject({ status: "IN_REVIEW", reviewerId: acme.users.ada!.id });
    expect(modelOf("Auth Gateway").map((model) => model.status)).toEqual(["DRAFT"]);
    expect(modelOf("Customer Profile").map((model) => [model.modelVersion, model.status])).toEqual([[1, "ARCHIVED"], [2, "APPROVED"]]);
    for (const api of ["Ledger", "Legacy Billing SOAP", "Status Feed"]) expect(modelOf(api)).toEqual([]);

    const open = (severity: Severity) => plan.threats.filter((threat) => threat.status === "OPEN" && threat.severity === severity && modelOf("Payments API")[0]!.id === threat.threatModelId).length;
    expect(open("CRITICAL")).toBeGreaterThan(0);
    expect(open("HIGH")).toBeGreaterThan(0);
    expect(plan.threats.filter((threat) => threat.status === "ACCEPTED")).toHaveLength(1);
    expect(plan.threats.filter((threat) => threat.source === "MANUAL").length).toBeGreaterThanOrEqual(1);
    expect(plan.threats.filter((threat) => threat.source === "RULE").length).toBeGreaterThanOrEqual(2);

    const overdue = plan.mitigations.filter((mitigation) => ["PROPOSED", "PLANNED", "IN_PROGRESS"].includes(mitigation.status) && mitigation.dueDate && mitigation.dueDate < NOW);
    expect(overdue.length).toBeGreaterThanOrEqual(3);
    expect(overdue.length).toBeLessThanOrEqual(5);
    expect(plan.mitigations.filter((mitigation) => mitigation.status === "WONT_DO").length).toBeGreaterThanOrEqual(2);

    // Mean time to mitigate over the last 90 days, by the worst linked threat: critical fastest.
    const recent = plan.mitigations.filter((mitigation) => mitigation.status === "VERIFIED" && mitigation.verifiedAt!.getTime() >= NOW.getTime() - 90 * DAY_MS);
    expect(recent.length).toBeGreaterThanOrEqual(5);
    const mean = (severity: Severity) => {
      const days = recent
        .filter((mitigation) => linkedSeverities(plan, mitigation.id).reduce((a, b) => (RANK[b] > RANK[a] ? b : a)) === severity)
        .map((mitigation) => (mitigation.verifiedAt!.getTime() - mitigation.createdAt.getTime()) / DAY_MS);
      expect(days.length, severity).toBeGreaterThan(0);
      return days.reduce((a, b) => a + b, 0) / days.length;
    };
    expect(mean("CRITICAL")).toBeLessThan(mean("HIGH"));
    expect(mean("HIGH")).toBeLessThan(mean("MEDIUM"));
    expect(mean("MEDIUM")).toBeLessThan(mean("LOW"));

    // Operations added after the last approval of Partner Webhooks, and some from before it.
    const webhooks = modelOf("Partner Webhooks")[0]!;
    const operations = plan.operations.filter((operation) => operation.apiId === acme.apis["Partner Webhooks"]?.id);
    const after = operations.filter((operation) => operation.createdAt > webhooks.approvedAt!);
    expect(after.length).toBeGreaterThanOrEqual(3);
    expect(after.length).toBeLessThanOrEqual(4);
    expect(operations.length - after.length).toBeGreaterThan(0);

    // A comment mentioning Ada in the app's token format.
    const mention = plan.comments.find((comment) => comment.mentionedUserIds.length);
    expect(mention!.body).toContain(`@[Ada Admin](mention:${acme.users.ada!.id})`);
    expect(mention!.mentionedUserIds).toEqual([acme.users.ada!.id]);
  });

  it("keeps Globex tiny: one approved model, a few threats, one or two mitigations", () => {
    const globex = ctx.orgs.globex!;
    const models = plan.models.filter((model) => model.orgId === globex.id);
    expect(models.map((model) => [apiName(ctx, model.apiId), model.status])).toEqual([["Globex Orders", "APPROVED"]]);
    const threats = plan.threats.filter((threat) => threat.orgId === globex.id);
    expect(threats.length).toBeGreaterThanOrEqual(2);
    expect(threats.length).toBeLessThanOrEqual(3);
    const mitigations = plan.mitigations.filter((mitigation) => mitigation.orgId === globex.id);
    expect(mitigations.length).toBeGreaterThanOrEqual(1);
    expect(mitigations.length).toBeLessThanOrEqual(2);
    for (const mitigation of mitigations) expect([null, globex.users.gus!.id]).toContain(mitigation.assigneeId);
  });

  it("records eleven past Mondays of history per modelled API, trending down to today's open counts", () => {
    const currentWeek = mondayOf(NOW);
    expect(currentWeek.toISOString()).toBe("2026-11-23T00:00:00.000Z");
    const oldest = new Date(currentWeek.getTime() - HISTORY_WEEKS * 7 * DAY_MS);
    for (const snapshot of plan.snapshots) {
      expect(snapshot.weekStart.getUTCDay()).toBe(1);
      expect(snapshot.weekStart.getTime() % DAY_MS).toBe(0);
      expect(snapshot.weekStart.getTime()).toBeLessThan(currentWeek.getTime());
      expect(snapshot.weekStart.getTime()).toBeGreaterThanOrEqual(oldest.getTime());
      expect(snapshot.takenAt.getTime()).toBeLessThan(NOW.getTime());
    }
    const keys = plan.snapshots.map((snapshot) => `${snapshot.apiId}|${snapshot.weekStart.toISOString()}`);
    expect(new Set(keys).size).toBe(keys.length);

    // Only modelled APIs, the long-modelled ones with all eleven weeks.
    const modelled = new Set(plan.models.map((model) => model.apiId));
    for (const snapshot of plan.snapshots) expect(modelled.has(snapshot.apiId)).toBe(true);
    const weeksOf = (api: string) => plan.snapshots.filter((snapshot) => snapshot.apiId === acme.apis[api]?.id).length;
    for (const api of ["Card Vault", "Customer Profile", "Refunds", "Fraud Scoring"]) expect(weeksOf(api)).toBe(HISTORY_WEEKS);

    // Last week's figures sit at today's open counts (for settled models: drafts were still growing);
    // the organisation's total falls over the weeks.
    const current = (apiId: string) => {
      const model = plan.models.filter((candidate) => candidate.apiId === apiId && candidate.status !== "ARCHIVED").sort((a, b) => (b.status === "APPROVED" ? 1 : 0) - (a.status === "APPROVED" ? 1 : 0) || b.modelVersion - a.modelVersion)[0]!;
      const open = plan.threats.filter((threat) => threat.threatModelId === model.id && threat.status === "OPEN");
      return (["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const).map((severity) => open.filter((threat) => threat.severity === severity).length);
    };
    const lastWeek = new Date(currentWeek.getTime() - 7 * DAY_MS).getTime();
    const settled = new Set(plan.models.filter((model) => model.status === "APPROVED").map((model) => model.apiId));
    for (const snapshot of plan.snapshots.filter((row) => row.weekStart.getTime() === lastWeek && settled.has(row.apiId))) {
      const [c, h, m, l] = current(snapshot.apiId);
      expect(Math.abs(snapshot.openCritical - c!) + Math.abs(snapshot.openHigh - h!) + Math.abs(snapshot.openMedium - m!) + Math.abs(snapshot.openLow - l!), apiName(ctx, snapshot.apiId)).toBeLessThanOrEqual(1);
    }
    const totals = new Map<number, number>();
    for (const snapshot of plan.snapshots.filter((row) => row.orgId === acme.id)) {
      const week = snapshot.weekStart.getTime();
      totals.set(week, (totals.get(week) ?? 0) + snapshot.openCritical + snapshot.openHigh + snapshot.openMedium + snapshot.openLow);
    }
    const series = [...totals.entries()].sort((a, b) => a[0] - b[0]).map(([, total]) => total);
    expect(series).toHaveLength(HISTORY_WEEKS);
    expect(series[0]!).toBeGreaterThan(series[series.length - 1]! * 1.2);
    const firstHalf = series.slice(0, 5).reduce((a, b) => a + b, 0) / 5;
    const secondHalf = series.slice(-5).reduce((a, b) => a + b, 0) / 5;
    expect(firstHalf).toBeGreaterThan(secondHalf);
  });

  it("is deterministic for a given now", () => {
    const strip = (value: TRiskPlan) => JSON.stringify(value);
    expect(strip(buildRiskPlan(context()))).toBe(strip(plan));
  });

  it("still builds consistent models from an empty catalogue", () => {
    const empty = buildRiskPlan(context([]));
    invariants(empty);
    expect(empty.models.length).toBe(plan.models.length);
    expect(empty.answers).toEqual([]);
    expect(empty.threats.every((threat) => threat.source === "MANUAL")).toBe(true);
    expect(empty.threats.length).toBeGreaterThan(0);
  });
});
