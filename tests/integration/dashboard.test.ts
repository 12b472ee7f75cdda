import pg from "pg";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { Severity } from "@/lib/generated/prisma/enums";
import { createApi } from "@/lib/server/apis/create-api";
import { listApis } from "@/lib/server/apis/list-apis";
import { getDashboard, type TDashboard } from "@/lib/server/dashboard/get-dashboard";
import { weekStart } from "@/lib/core/dashboard/week-start";
import { clearDashboardCache } from "@/lib/server/dashboard/dashboard-cache";
import { getDashboardCached } from "@/lib/server/dashboard/get-dashboard-cached";
import { unsafeRecordRiskSnapshots } from "@/lib/server/dashboard/unsafe-record-risk-snapshots";
import { createMitigation } from "@/lib/server/mitigations/create-mitigation";
import { listMitigations } from "@/lib/server/mitigations/list-mitigations";
import { updateMitigation } from "@/lib/server/mitigations/update-mitigation";
import type { TCaller } from "@/lib/server/scope";
import { updateRiskBands } from "@/lib/server/settings/update-risk-bands";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { approveThreatModel } from "@/lib/server/threat-models/approve-threat-model";
import { submitForReview } from "@/lib/server/threat-models/submit-for-review";
import { saveAnswer } from "@/lib/server/threat-models/save-answer";
import { deleteThreatModel } from "@/lib/server/threat-models/delete-threat-model";
import { startNewVersion } from "@/lib/server/threat-models/start-new-version";
import { listThreatRegister } from "@/lib/server/threats/list-threat-register";
import { createThreat } from "@/lib/server/threats/create-threat";
import { deleteThreat } from "@/lib/server/threats/delete-threat";
import { updateThreat } from "@/lib/server/threats/update-threat";
import { ZCreateApi, ZListApisQuery, type TCreateApiInput } from "@/lib/validation/apis";
import { ZListMitigationsQuery } from "@/lib/validation/mitigations";
import { ZPortfolioFilters } from "@/lib/validation/portfolio";
import { ZCreateThreat, ZListThreatsQuery } from "@/lib/validation/threats";
import { ZCreateThreatModel, ZSaveAnswer } from "@/lib/validation/threat-models";
import { addMember, createOrgWithMembers, uniqueSuffix, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// The dashboard against the database: every figure equals an independent count and the total of
// the list it links to; the per-API rollups the triggers keep agree with a recount after every
// kind of change; filters narrow everything; other organisations never show; and one dashboard
// costs the same number of SQL statements at 3 APIs as at 30.

const DAY = 86_400_000;
const SEVERITIES: Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
const RANK: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
const none = ZPortfolioFilters.parse({});

let org: TOrgFixture;
let editor: TMemberFixture;
let admin: TMemberFixture;
let otherOrg: TOrgFixture;
let otherEditor: TMemberFixture;
const apis = {} as Record<"payments" | "identity" | "unmodelled" | "stale" | "retired" | "foreign", string>;

async function newApi(caller: TCaller, fields: Partial<TCreateApiInput> & { name: string }) {
  return (await createApi(caller, ZCreateApi.parse(fields))).id;
}

async function newModel(caller: TCaller, apiId: string) {
  return (await createThreatModel(caller, ZCreateThreatModel.parse({ apiId }))).id;
}

async function threat(caller: TCaller, modelId: string, likelihood: number, impact: number, owaspApiId: string | null = null, title = `Threat ${uniqueSuffix()}`) {
  return createThreat(caller, modelId, ZCreateThreat.parse({ title, likelihood, impact, owaspApiId }));
}

async function approve(modelId: string) {
  await submitForReview(editor.caller, modelId, { comment: "" });
  await approveThreatModel(admin.caller, modelId, "");
}

/** The current model of an API, worked out here without the rollup: approved, else the latest not archived. */
async function currentModelOf(apiId: string) {
  const models = await db.threatModel.findMany({ where: { apiId, status: { not: "ARCHIVED" } }, orderBy: { modelVersion: "desc" } });
  return models.find((model) => model.status === "APPROVED") ?? models[0] ?? null;
}

/** Every rollup field recomputed from the rows themselves. */
async function expectedRollup(apiId: string) {
  const model = await currentModelOf(apiId);
  const threats = model ? await db.threat.findMany({ where: { threatModelId: model.id } }) : [];
  const open = threats.filter((row) => row.status === "OPEN");
  const heat = Array.from({ length: 25 }, (_, cell) => open.filter((row) => (row.likelihood - 1) * 5 + (row.impact - 1) === cell).length);
  const owaspWorst = Array.from({ length: 10 }, (_, index) => Math.max(0, ...open.filter((row) => row.owaspApiId === `API${index + 1}`).map((row) => RANK[row.severity])));
  // Only answers a person confirmed: rule pre-answers wait for confirmation.
  const answers = model ? await db.checklistAnswer.findMany({ where: { threatModelId: model.id, answeredById: { not: null } }, select: { entryKey: true } }) : [];
  const entries = await db.catalogEntry.findMany({ where: { key: { in: answers.map((answer) => answer.entryKey) } }, select: { owaspApi: true } });
  const assessed = [...new Set([...entries.flatMap((entry) => entry.owaspApi), ...threats.flatMap((row) => (row.owaspApiId ? [row.owaspApiId] : []))])].sort();
  const approved = await db.threatModel.findFirst({ where: { apiId, status: "APPROVED" }, select: { approvedAt: true } });
  const count = (severity: Severity) => open.filter((row) => row.severity === severity).length;
  const newOperations = approved?.approvedAt ? await db.operation.count({ where: { apiId, removedAt: null, createdAt: { gt: approved.approvedAt } } }) : 0;
  return {
    currentModelId: model?.id ?? null,
    currentModelStatus: model?.status ?? null,
    approvedAt: approved?.approvedAt ?? null,
    openCritical: count("CRITICAL"),
    openHigh: count("HIGH"),
    openMedium: count("MEDIUM"),
    openLow: count("LOW"),
    riskScore: open.reduce((sum, row) => sum + row.score, 0),
    heat,
    owaspWorst,
    owaspAssessed: assessed,
    newOperations,
  };
}

async function expectRollupsAgree() {
  const all = await db.api.findMany({ where: { orgId: { in: [org.id, otherOrg.id] } }, select: { id: true, name: true } });
  for (const api of all) {
    const rollup = await db.apiRiskRollup.findUnique({ where: { apiId: api.id } });
    expect(rollup, api.name).not.toBeNull();
    const { apiId: _apiId, orgId: _orgId, updatedAt: _updatedAt, rev: _rev, ...stored } = rollup!;
    expect({ ...stored, owaspAssessed: [...stored.owaspAssessed].sort() }, api.name).toEqual(await expectedRollup(api.id));
  }
}

beforeAll(async () => {
  ({ org, editor, admin } = await createOrgWithMembers("Dashboard", ["OWNER", "ADMIN", "EDITOR"]));
  ({ org: otherOrg, editor: otherEditor } = await createOrgWithMembers("Elsewhere", ["OWNER", "EDITOR"]));

  apis.payments = await newApi(editor.caller, { name: "Payments", exposure: "INTERNET", team: "Payments", tags: ["pci"], dataClassification: "RESTRICTED" });
  apis.identity = await newApi(editor.caller, { name: "Identity", exposure: "INTERNAL", team: "Identity", dataClassification: "CONFIDENTIAL" });
  apis.unmodelled = await newApi(editor.caller, { name: "Unmodelled", exposure: "INTERNET", team: "Payments" });
  apis.stale = await newApi(editor.caller, { name: "Stale", exposure: "INTERNET", team: "Identity" });
  apis.retired = await newApi(editor.caller, { name: "Retired", exposure: "INTERNET", team: "Payments", lifecycle: "RETIRED" });
  apis.foreign = await newApi(otherEditor.caller, { name: "Foreign", exposure: "INTERNET", team: "Payments" });

  // Payments: approved, three open threats (critical, high, medium) and a mitigated low one.
  const payments = await newModel(editor.caller, apis.payments);
  await saveAnswer(editor.caller, payments, ZSaveAnswer.parse({ entryKey: "api1-object-id-in-path", answer: "NO" }));
  await threat(editor.caller, payments, 5, 5, "API1");
  await threat(editor.caller, payments, 4, 3, "API2");
  await threat(editor.caller, payments, 2, 3, "API2");
  const fixed = await threat(editor.caller, payments, 1, 2, "API4");
  await updateThreat(editor.caller, fixed.id, { version: fixed.version, status: "MITIGATED" });
  await approve(payments);

  // Identity: a draft with one high threat.
  const identity = await newModel(editor.caller, apis.identity);
  await threat(editor.caller, identity, 3, 4, "API5");

  // Stale: approved long ago.
  const stale = await newModel(editor.caller, apis.stale);
  await threat(editor.caller, stale, 2, 2, null);
  await approve(stale);
  await db.threatModel.update({ where: { id: stale }, data: { approvedAt: new Date(Date.now() - 400 * DAY) } });

  // Retired: threats that must not count.
  const retired = await newModel(editor.caller, apis.retired);
  await threat(editor.caller, retired, 5, 5, "API1");

  // Another organisation's critical threat.
  const foreign = await newModel(otherEditor.caller, apis.foreign);
  await threat(otherEditor.caller, foreign, 5, 5, "API1");
});

describe("rollups kept by the triggers", () => {
  it("agree with a recount after models, answers, threats and approvals", async () => {
    await expectRollupsAgree();
    // The stale approval date was written directly: the trigger on ThreatModel saw it too.
    expect((await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: apis.stale } })).approvedAt!.getTime()).toBeLessThan(Date.now() - 399 * DAY);
  });

  it("follow a new version: the approved model stays current until the next one is approved", async () => {
    const api = await newApi(editor.caller, { name: `Versions ${uniqueSuffix()}`, team: "Identity" });
    const v1 = await newModel(editor.caller, api);
    await threat(editor.caller, v1, 4, 4, "API3");
    await approve(v1);
    const v2 = (await startNewVersion(editor.caller, v1)).id;
    expect((await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: api } })).currentModelId).toBe(v1);
    await threat(editor.caller, v2, 5, 5, "API3");
    await expectRollupsAgree();
    await approve(v2);
    const rollup = await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: api } });
    expect(rollup).toMatchObject({ currentModelId: v2, currentModelStatus: "APPROVED", openCritical: 1, openHigh: 1 });
    await expectRollupsAgree();
  });

  it("stay right when many transactions change the same API at once", async () => {
    const api = await newApi(editor.caller, { name: `Concurrent ${uniqueSuffix()}` });
    const model = await newModel(editor.caller, api);
    await Promise.all(Array.from({ length: 12 }, (_, index) => threat(editor.caller, model, 1 + (index % 5), 5 - (index % 5), `API${1 + (index % 10)}`)));
    await expectRollupsAgree();
    expect((await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: api } })).heat.reduce((sum, n) => sum + n, 0)).toBe(await db.threat.count({ where: { threatModelId: model, status: "OPEN" } }));
  });

  it("keep each mitigation's severity at its worst linked threat's", async () => {
    const api = await newApi(editor.caller, { name: `Mitigation severity ${uniqueSuffix()}` });
    const model = await newModel(editor.caller, api);
    const low = await threat(editor.caller, model, 1, 2);
    const high = await threat(editor.caller, model, 3, 4);
    const severityOf = async (id: string) => (await db.mitigation.findUniqueOrThrow({ where: { id }, select: { severity: true } })).severity;
    const fix = await createMitigation(editor.caller, ZCreateMitigationLike({ title: "Fix", threatIds: [low.id] }));
    expect(await severityOf(fix.id)).toBe("LOW");
    await updateMitigation(editor.caller, fix.id, { version: fix.version, threatIds: [low.id, high.id] });
    expect(await severityOf(fix.id)).toBe("HIGH");
    const current = await db.threat.findUniqueOrThrow({ where: { id: high.id } });
    await updateThreat(editor.caller, high.id, { version: current.version, likelihood: 5, impact: 5 });
    expect(await severityOf(fix.id)).toBe("CRITICAL");
    await deleteThreat(editor.caller, high.id);
    expect(await severityOf(fix.id)).toBe("LOW");
    // Every mitigation in the database agrees with a recount.
    const rows = await db.mitigation.findMany({ select: { id: true, severity: true, threats: { select: { threat: { select: { severity: true } } } } } });
    for (const row of rows) {
      const worst = row.threats.map((link) => link.threat.severity).sort((a, b) => RANK[b] - RANK[a])[0] ?? null;
      expect(row.severity, row.id).toBe(worst);
    }
  });

  it("follow deletions and re-banding", async () => {
    const api = await newApi(editor.caller, { name: `Churn ${uniqueSuffix()}` });
    const model = await newModel(editor.caller, api);
    const doomed = await threat(editor.caller, model, 3, 3, "API8");
    await threat(editor.caller, model, 2, 5, "API8");
    await deleteThreat(editor.caller, doomed.id);
    await expectRollupsAgree();
    // 2 × 5 = 10: high under the default bands, medium once high starts at 12.
    const bands = await db.orgSettings.findUnique({ where: { orgId: org.id } });
    await updateRiskBands(admin.caller, { mediumFrom: 5, highFrom: 12, criticalFrom: 20, version: bands?.version ?? 0 });
    expect(await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: api } })).toMatchObject({ openHigh: 0, openMedium: 1 });
    await expectRollupsAgree();
    const current = await db.orgSettings.findUniqueOrThrow({ where: { orgId: org.id } });
    await updateRiskBands(admin.caller, { mediumFrom: 5, highFrom: 10, criticalFrom: 20, version: current.version });
    await deleteThreatModel(editor.caller, model);
    expect(await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: api } })).toMatchObject({ currentModelId: null, openMedium: 0, riskScore: 0 });
    await db.api.delete({ where: { id: api } });
    expect(await db.apiRiskRollup.findUnique({ where: { apiId: api } })).toBeNull();
  });
});

/** Independent counts for the figures: current models of the organisation's non-retired APIs. */
async function expectedOpen(apiIds: string[]) {
  const out: Record<Severity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
  for (const apiId of apiIds) {
    const model = await currentModelOf(apiId);
    if (!model) continue;
    for (const row of await db.threat.findMany({ where: { threatModelId: model.id, status: "OPEN" } })) out[row.severity] += 1;
  }
  return out;
}

async function portfolioIds(where: object = {}) {
  return (await db.api.findMany({ where: { orgId: org.id, lifecycle: { not: "RETIRED" }, ...where }, select: { id: true } })).map((api) => api.id);
}

describe("figures", () => {
  let dashboard: TDashboard;
  beforeAll(async () => {
    dashboard = await getDashboard(editor.caller, none);
  });

  it("counts the portfolio: APIs, current models, internet-facing without one", async () => {
    const ids = await portfolioIds();
    expect(dashboard.figures.apis).toBe(ids.length);
    const fresh = await db.apiRiskRollup.count({ where: { apiId: { in: ids }, approvedAt: { gte: new Date(Date.now() - 180 * DAY) } } });
    expect(dashboard.figures.freshlyModelled).toBe(fresh);
    expect(dashboard.figures.internetWithoutModel).toBe(2); // Unmodelled and Stale; Payments is current, Retired does not count
    // The lists they link to agree.
    const list = (query: object) => listApis(editor.caller, ZListApisQuery.parse({ lifecycle: "DESIGN,ACTIVE,DEPRECATED", limit: "100", ...query }));
    expect((await list({})).total).toBe(dashboard.figures.apis);
    expect((await list({ model: "current" })).total).toBe(dashboard.figures.freshlyModelled);
    expect((await list({ model: "outdated", exposure: "INTERNET" })).total).toBe(dashboard.figures.internetWithoutModel);
  });

  it("counts open threats of current models only, and each severity drills down to that many threats", async () => {
    expect(dashboard.figures.open).toEqual(await expectedOpen(await portfolioIds()));
    for (const severity of SEVERITIES) {
      const register = await listThreatRegister(editor.caller, ZListThreatsQuery.parse({ severity }));
      expect(register.total, severity).toBe(dashboard.figures.open[severity]);
    }
    // No foreign or retired threat is in the register.
    const all = await listThreatRegister(editor.caller, ZListThreatsQuery.parse({ limit: "200" }));
    expect(all.data.map((row) => row.threatModel.api.id).filter((id) => id === apis.foreign || id === apis.retired)).toEqual([]);
  });

  it("sums the heat map and the team breakdown to the open total; heat cells drill down", async () => {
    const total = SEVERITIES.reduce((sum, severity) => sum + dashboard.figures.open[severity], 0);
    expect(dashboard.heat.reduce((sum, n) => sum + n, 0)).toBe(total);
    expect(dashboard.teams.reduce((sum, team) => sum + SEVERITIES.reduce((s, severity) => s + team.open[severity], 0), 0)).toBe(total);
    const critical = dashboard.heat[(5 - 1) * 5 + (5 - 1)]!;
    expect(critical).toBeGreaterThan(0);
    expect((await listThreatRegister(editor.caller, ZListThreatsQuery.parse({ likelihood: "5", impact: "5" }))).total).toBe(critical);
    for (const team of dashboard.teams.filter((entry) => entry.team)) {
      const register = await listThreatRegister(editor.caller, ZListThreatsQuery.parse({ team: team.team, limit: "200" }));
      expect(register.total, team.team).toBe(SEVERITIES.reduce((s, severity) => s + team.open[severity], 0));
    }
  });

  it("shows OWASP coverage: open by worst severity, assessed and clean, or not assessed", async () => {
    const STATE: Record<number, Severity> = { 1: "LOW", 2: "MEDIUM", 3: "HIGH", 4: "CRITICAL" };
    for (const row of dashboard.coverage.rows) {
      const recount = await expectedRollup(row.id);
      const cells = recount.owaspWorst.map((worst, index) =>
        worst > 0 ? { state: "open", severity: STATE[worst] } : { state: recount.owaspAssessed.includes(`API${index + 1}`) ? "clean" : "not-assessed" },
      );
      expect(row.cells, row.name).toEqual(cells);
    }
    const payments = dashboard.coverage.rows.find((row) => row.id === apis.payments)!;
    expect(payments.cells[0]).toEqual({ state: "open", severity: "CRITICAL" }); // API1: the 5 × 5 threat
    const unmodelled = dashboard.coverage.rows.find((row) => row.id === apis.unmodelled)!;
    expect(unmodelled.cells.every((cell) => cell.state === "not-assessed")).toBe(true);
    for (const entry of dashboard.coverage.summary) expect(entry.open + entry.clean + entry.notAssessed, entry.category).toBe(dashboard.figures.apis);
    const api2 = dashboard.coverage.summary.find((entry) => entry.category === "API2")!;
    const withOpenApi2 = (await Promise.all((await portfolioIds()).map(expectedRollup))).filter((recount) => recount.owaspWorst[1]! > 0).length;
    expect(api2.open).toBe(withOpenApi2);
    const paymentsApi2 = await db.threat.count({ where: { threatModel: { apiId: apis.payments, status: "APPROVED" }, status: "OPEN", owaspApiId: "API2" } });
    expect((await listThreatRegister(editor.caller, ZListThreatsQuery.parse({ apiId: apis.payments, owasp: "API2" }))).total).toBe(paymentsApi2);
  });

  it("lists the riskiest APIs by summed open score", async () => {
    const scores = await Promise.all((await portfolioIds()).map(async (id) => ({ id, score: (await expectedRollup(id)).riskScore })));
    const expected = scores.filter((entry) => entry.score > 0).sort((a, b) => b.score - a.score).slice(0, 10);
    expect(dashboard.topApis.map((api) => api.score)).toEqual(expected.map((entry) => entry.score));
    expect(dashboard.topApis.map((api) => api.id)).not.toContain(apis.retired);
    expect(dashboard.topApis.find((api) => api.id === apis.payments)?.open.CRITICAL).toBeGreaterThanOrEqual(1);
  });
});

describe("mitigation figures and their lists", () => {
  it("overdue work and mean time to mitigate match the mitigations list", async () => {
    const register = await listThreatRegister(editor.caller, ZListThreatsQuery.parse({ apiId: apis.payments }));
    const critical = register.data.find((row) => row.severity === "CRITICAL")!;
    const high = register.data.find((row) => row.severity === "HIGH")!;
    const late = await createMitigation(editor.caller, ZCreateMitigationLike({ title: "Late fix", threatIds: [critical.id], assigneeId: editor.user.id, dueDate: "2020-01-01" }));
    await createMitigation(editor.caller, ZCreateMitigationLike({ title: "Not late", threatIds: [high.id], assigneeId: editor.user.id }));
    const done = await createMitigation(editor.caller, ZCreateMitigationLike({ title: "Done fix", threatIds: [high.id], assigneeId: editor.user.id }));
    await updateMitigation(admin.caller, done.id, { version: done.version, status: "VERIFIED", evidenceNote: "Pen test passed." });
    await db.mitigation.update({ where: { id: done.id }, data: { createdAt: new Date(Date.now() - 10 * DAY) } });

    const dashboard = await getDashboard(editor.caller, none);
    const overdue = await listMitigations(editor.caller, ZListMitigationsQuery.parse({ overdue: "true" }));
    expect(dashboard.figures.overdueMitigations).toBe(overdue.total);
    expect(dashboard.overdue.items.map((item) => item.id)).toContain(late.id);
    const high10 = dashboard.figures.meanDaysToMitigate.find((entry) => entry.severity === "HIGH")!;
    expect(high10.meanDays).toBeCloseTo(10, 0);
    const since = new Date(Date.now() - 90 * DAY).toISOString().slice(0, 10);
    expect((await listMitigations(editor.caller, ZListMitigationsQuery.parse({ verifiedAfter: since, severity: "HIGH" }))).total).toBe(high10.count);

    // Filtered to a team without that work: nothing overdue, and the list agrees.
    const identity = await getDashboard(editor.caller, ZPortfolioFilters.parse({ team: "Identity" }));
    expect(identity.figures.overdueMitigations).toBe((await listMitigations(editor.caller, ZListMitigationsQuery.parse({ overdue: "true", team: "Identity" }))).total);
    expect(identity.figures.overdueMitigations).toBe(0);
  });
});

function ZCreateMitigationLike(input: { title: string; threatIds: string[]; assigneeId?: string; dueDate?: string }) {
  return { description: "", assigneeId: null, dueDate: null, priority: 3, ticketUrl: null, ...input };
}

describe("filters", () => {
  it("narrow every figure to the selected APIs", async () => {
    const cases: [object, object][] = [
      [{ team: "Payments" }, { team: { name: "Payments" } }],
      [{ exposure: "INTERNET" }, { exposure: "INTERNET" }],
      [{ tag: "pci" }, { tags: { has: "pci" } }],
      [{ classification: "CONFIDENTIAL" }, { dataClassification: "CONFIDENTIAL" }],
    ];
    for (const [filter, where] of cases) {
      const dashboard = await getDashboard(editor.caller, ZPortfolioFilters.parse(filter));
      const ids = await portfolioIds(where);
      expect(dashboard.figures.apis, JSON.stringify(filter)).toBe(ids.length);
      expect(dashboard.figures.open, JSON.stringify(filter)).toEqual(await expectedOpen(ids));
      for (const severity of SEVERITIES) {
        expect((await listThreatRegister(editor.caller, ZListThreatsQuery.parse({ ...filter, severity }))).total).toBe(dashboard.figures.open[severity]);
      }
    }
  });

  it("a team name that only another organisation uses selects nothing here", async () => {
    const team = `Only elsewhere ${uniqueSuffix()}`;
    await newApi(otherEditor.caller, { name: `Theirs ${uniqueSuffix()}`, team });
    expect((await getDashboard(editor.caller, ZPortfolioFilters.parse({ team }))).figures.apis).toBe(0);
  });
});

describe("reviews, new operations and history", () => {
  it("lists models in review and operations added after the last approval", async () => {
    const api = await newApi(editor.caller, { name: `In review ${uniqueSuffix()}` });
    const model = await newModel(editor.caller, api);
    await submitForReview(editor.caller, model, { comment: "" });
    const dashboard = await getDashboard(editor.caller, none);
    expect(dashboard.reviews.count).toBe(await db.threatModel.count({ where: { orgId: org.id, status: "IN_REVIEW", api: { lifecycle: { not: "RETIRED" } } } }));
    expect(dashboard.reviews.items.map((item) => item.id)).toContain(model);

    const approvedAt = (await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: apis.payments } })).approvedAt!;
    await db.operation.createMany({
      data: [
        { orgId: org.id, apiId: apis.payments, method: "GET", path: "/before", createdAt: new Date(approvedAt.getTime() - DAY) },
        { orgId: org.id, apiId: apis.payments, method: "POST", path: "/after", createdAt: new Date(approvedAt.getTime() + 1000) },
        { orgId: org.id, apiId: apis.payments, method: "DELETE", path: "/after-but-removed", createdAt: new Date(approvedAt.getTime() + 2000), removedAt: new Date() },
      ],
    });
    const after = await getDashboard(editor.caller, none);
    expect(after.newOperations).toMatchObject({ count: 1, apis: 1 });
    expect(after.newOperations.items.map((item) => `${item.method} ${item.path}`)).toEqual(["POST /after"]);
  });

  it("reads the trend from recorded weekly snapshots, with this week live", async () => {
    const now = new Date();
    const thisWeek = weekStart(now);
    const weeksAgo = (n: number) => new Date(thisWeek.getTime() - n * 7 * DAY);
    await db.riskSnapshot.createMany({
      data: [
        { orgId: org.id, apiId: apis.payments, weekStart: weeksAgo(3), openCritical: 4, openHigh: 2, openMedium: 1, openLow: 0 },
        { orgId: org.id, apiId: apis.identity, weekStart: weeksAgo(3), openCritical: 0, openHigh: 3, openMedium: 0, openLow: 0 },
        { orgId: org.id, apiId: apis.payments, weekStart: weeksAgo(1), openCritical: 2, openHigh: 1, openMedium: 1, openLow: 0 },
        { orgId: org.id, apiId: apis.retired, weekStart: weeksAgo(1), openCritical: 9, openHigh: 9, openMedium: 9, openLow: 9 },
        { orgId: otherOrg.id, apiId: apis.foreign, weekStart: weeksAgo(1), openCritical: 7, openHigh: 0, openMedium: 0, openLow: 0 },
      ],
    });
    const dashboard = await getDashboard(editor.caller, none, now);
    const iso = (date: Date) => date.toISOString().slice(0, 10);
    expect(dashboard.trend).toEqual([
      { week: iso(weeksAgo(3)), open: { CRITICAL: 4, HIGH: 5, MEDIUM: 1, LOW: 0 }, live: false },
      { week: iso(weeksAgo(1)), open: { CRITICAL: 2, HIGH: 1, MEDIUM: 1, LOW: 0 }, live: false },
      { week: iso(thisWeek), open: dashboard.figures.open, live: true },
    ]);
    // The snapshot job records this week from the rollups.
    await unsafeRecordRiskSnapshots(now);
    const recorded = await db.riskSnapshot.findUniqueOrThrow({ where: { apiId_weekStart: { apiId: apis.payments, weekStart: thisWeek } } });
    const rollup = await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: apis.payments } });
    expect(recorded).toMatchObject({ openCritical: rollup.openCritical, openHigh: rollup.openHigh, openMedium: rollup.openMedium, openLow: rollup.openLow });
    expect(await db.riskSnapshot.count({ where: { apiId: apis.unmodelled } })).toBe(0);
  });
});

describe("cost", () => {
  afterEach(() => vi.restoreAllMocks());

  /** SQL statements sent to PostgreSQL while `run` runs (every pooled connection is a pg.Client). */
  async function statements(run: () => Promise<unknown>): Promise<number> {
    const spy = vi.spyOn(pg.Client.prototype, "query");
    await run();
    const count = spy.mock.calls.length;
    spy.mockRestore();
    return count;
  }

  it("one dashboard makes the same number of SQL statements at 3 APIs as at 30 (no N+1)", async () => {
    const { org: small, editor: smallEditor } = await createOrgWithMembers("Small", ["OWNER", "EDITOR"]);
    const { org: large, editor: largeEditor } = await createOrgWithMembers("Large", ["OWNER", "EDITOR"]);
    const fill = async (member: TMemberFixture, count: number) => {
      for (let index = 0; index < count; index++) {
        const api = await newApi(member.caller, { name: `Api ${index}`, team: `Team ${index % 4}`, exposure: index % 2 ? "INTERNET" : "INTERNAL" });
        const model = await newModel(member.caller, api);
        await threat(member.caller, model, 1 + (index % 5), 1 + ((index * 3) % 5), `API${1 + (index % 10)}`);
        await threat(member.caller, model, 5, 5, "API1");
      }
    };
    await fill(smallEditor, 3);
    await fill(largeEditor, 30);
    expect(small.id).not.toBe(large.id);
    // Warm up (the first query of a pooled connection may set it up).
    await getDashboard(smallEditor.caller, none);
    const atThree = await statements(() => getDashboard(smallEditor.caller, none));
    const atThirty = await statements(() => getDashboard(largeEditor.caller, none));
    expect(atThree).toBeGreaterThan(0);
    expect(atThirty).toBe(atThree);
    const filtered = await statements(() => getDashboard(largeEditor.caller, ZPortfolioFilters.parse({ team: "Team 1", exposure: "INTERNET" })));
    expect(filtered).toBe(atThree);
  }, 120_000);
});

describe("the dashboard cache", () => {
  afterEach(() => vi.restoreAllMocks());

  it("serves repeats from memory, shares one computation between concurrent misses, and notices every write", async () => {
    clearDashboardCache();
    const now = new Date();
    const spy = vi.spyOn(pg.Client.prototype, "query");
    const together = await Promise.all(Array.from({ length: 5 }, () => getDashboardCached(editor.caller, none, now)));
    const dashboardStatements = spy.mock.calls.filter(([text]) => typeof text === "object" && String((text as { text?: string }).text ?? "").includes("json_build_object")).length;
    spy.mockRestore();
    expect(dashboardStatements).toBe(1);
    expect(new Set(together).size).toBe(1);
    expect(together[0]).toEqual(await getDashboard(editor.caller, none, now));
    expect(await getDashboardCached(editor.caller, none, now)).toBe(together[0]);

    // A new threat, a mitigation change, an API edit, a settings change: each is seen at once.
    const before = together[0]!;
    const model = (await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: apis.identity } })).currentModelId!;
    await threat(editor.caller, model, 5, 5, "API6");
    const afterThreat = await getDashboardCached(editor.caller, none, now);
    expect(afterThreat.figures.open.CRITICAL).toBe(before.figures.open.CRITICAL + 1);
    const late = await createMitigation(editor.caller, ZCreateMitigationLike({ title: "Late again", threatIds: [(await db.threat.findFirstOrThrow({ where: { threatModelId: model } })).id], assigneeId: editor.user.id, dueDate: "2021-01-01" }));
    expect((await getDashboardCached(editor.caller, none, now)).figures.overdueMitigations).toBe(afterThreat.figures.overdueMitigations + 1);
    await db.mitigation.delete({ where: { id: late.id } });
    expect((await getDashboardCached(editor.caller, none, now)).figures.overdueMitigations).toBe(afterThreat.figures.overdueMitigations);
    const settings = await db.orgSettings.findUniqueOrThrow({ where: { orgId: org.id } });
    await db.orgSettings.update({ where: { orgId: org.id }, data: { reviewIntervalDays: 1000, version: { increment: 1 } } });
    expect((await getDashboardCached(editor.caller, none, now)).reviewIntervalDays).toBe(1000);
    await db.orgSettings.update({ where: { orgId: org.id }, data: { reviewIntervalDays: settings.reviewIntervalDays, version: { increment: 1 } } });
    // Results are per organisation and per filter.
    expect((await getDashboardCached(otherEditor.caller, none, now)).figures.apis).not.toBe(afterThreat.figures.apis);
    expect((await getDashboardCached(editor.caller, ZPortfolioFilters.parse({ team: "Identity" }), now)).figures.apis).toBe((await portfolioIds({ team: { name: "Identity" } })).length);
  });
});

describe("permissions and tenancy", () => {
  it("another organisation's dashboard shows none of this one's data", async () => {
    const theirs = await getDashboard(otherEditor.caller, none);
    const ids = await db.api.findMany({ where: { orgId: otherOrg.id, lifecycle: { not: "RETIRED" } }, select: { id: true } });
    expect(theirs.figures.apis).toBe(ids.length);
    expect(theirs.coverage.rows.map((row) => row.id)).not.toContain(apis.payments);
    expect(theirs.topApis.map((api) => api.id)).not.toContain(apis.payments);
    const viewer = await addMember(org, "VIEWER");
    expect((await getDashboard(viewer.caller, none)).figures.apis).toBe((await portfolioIds()).length);
  });
});
