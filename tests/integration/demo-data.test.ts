import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Severity } from "@/lib/generated/prisma/enums";
import { getDashboard } from "@/lib/server/dashboard/get-dashboard";
import { listMitigations } from "@/lib/server/mitigations/list-mitigations";
import { worstSeverity } from "@/lib/core/threats/risk";
import { ZListMitigationsQuery } from "@/lib/validation/mitigations";
import { ZPortfolioFilters } from "@/lib/validation/portfolio";
import { seedDemoData } from "@/prisma/seed";
import { generateInventory } from "@/scripts/lib/demo-data/inventory";
import { generateRisk, type GenerateRiskResult } from "@/scripts/lib/demo-data/portfolio";
import { createOrgWithMembers, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// The one generator against the database: the demo seed (scale 1) and the portfolio (bench:seed,
// here at 40 APIs) write rows the triggers and the app read as their own: rollups equal a recount
// of each API's current model, every mitigation's trigger-kept severity is its worst linked
// threat's, an API has at most one approved model, and the app's own dashboard and mitigation
// list agree with the rows.

const SEVERITIES: Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];
let portfolio: TOrgFixture;
let admin: TMemberFixture;
let risk: GenerateRiskResult;

beforeAll(async () => {
  await seedDemoData(db, "demo-password-123456", new Date());
  ({ org: portfolio, admin } = await createOrgWithMembers("Portfolio", ["OWNER", "ADMIN", "EDITOR"]));
  const members = await db.membership.findMany({ where: { orgId: portfolio.id }, select: { userId: true } });
  const userIds = members.map((member) => member.userId);
  const inventory = await generateInventory(db, { orgId: portfolio.id, ownerIds: userIds, apis: 40, namePrefix: "Test" });
  risk = await generateRisk(db, { orgId: portfolio.id, userIds, apiIds: inventory.apiIds, batchApis: 15 });
}, 120_000);

describe("demo and bench data from the one generator", () => {
  it("fills the portfolio at the requested scale, and the generator's own rollup check passes", () => {
    expect(risk.apis).toBe(40);
    // 20 threat rows per API over all versions, ~1.5 mitigations per row (the catalogue's suggestions).
    expect(Math.abs(risk.counts.Threat - 800)).toBeLessThan(80);
    expect(risk.counts.Mitigation).toBeGreaterThan(risk.counts.Threat);
    expect(risk.verification).toMatchObject({ rollupMismatches: 0, snapshotMismatches: 0 });
  });

  it("writes rows the triggers and the app read as their own", async () => {
    const orgs = await db.organization.findMany({ where: { OR: [{ slug: { in: ["acme-payments", "globex"] } }, { id: portfolio.id }] }, select: { id: true } });
    expect(orgs).toHaveLength(3);
    const apis = await db.api.findMany({ where: { orgId: { in: orgs.map((org) => org.id) } }, select: { id: true, name: true } });
    expect(apis.length).toBe(15 + 40);
    for (const api of apis) {
      const models = await db.threatModel.findMany({ where: { apiId: api.id }, orderBy: { modelVersion: "desc" } });
      expect(models.filter((model) => model.status === "APPROVED").length, api.name).toBeLessThanOrEqual(1);
      const current = models.find((model) => model.status === "APPROVED") ?? models.find((model) => model.status !== "ARCHIVED") ?? null;
      const open = current ? await db.threat.findMany({ where: { threatModelId: current.id, status: "OPEN" }, select: { severity: true } }) : [];
      const rollup = await db.apiRiskRollup.findUniqueOrThrow({ where: { apiId: api.id } });
      expect([rollup.currentModelId, rollup.openCritical, rollup.openHigh, rollup.openMedium, rollup.openLow], api.name).toEqual([
        current?.id ?? null,
        ...SEVERITIES.map((severity) => open.filter((threat) => threat.severity === severity).length),
      ]);
    }
    const mitigations = await db.mitigation.findMany({ where: { orgId: { in: orgs.map((org) => org.id) } }, select: { id: true, severity: true, threats: { select: { threat: { select: { severity: true } } } } } });
    for (const mitigation of mitigations) expect(mitigation.severity).toBe(worstSeverity(mitigation.threats.map((link) => link.threat.severity)));
  });

  it("agrees with the app's dashboard and mitigation list", async () => {
    const scope = { orgId: portfolio.id, userId: admin.user.id };
    const dashboard = await getDashboard(scope, ZPortfolioFilters.parse({}));
    // The dashboard leaves retired APIs out.
    const live = await db.api.findMany({ where: { orgId: portfolio.id, lifecycle: { not: "RETIRED" } }, select: { id: true } });
    const rollups = await db.apiRiskRollup.findMany({ where: { apiId: { in: live.map((api) => api.id) } } });
    expect(dashboard.figures.apis).toBe(live.length);
    expect(dashboard.figures.open).toEqual({
      CRITICAL: rollups.reduce((sum, row) => sum + row.openCritical, 0),
      HIGH: rollups.reduce((sum, row) => sum + row.openHigh, 0),
      MEDIUM: rollups.reduce((sum, row) => sum + row.openMedium, 0),
      LOW: rollups.reduce((sum, row) => sum + row.openLow, 0),
    });
    const overdue = await listMitigations(scope, ZListMitigationsQuery.parse({ overdue: "true" }));
    expect(overdue.total).toBe(dashboard.figures.overdueMitigations);
    expect(overdue.total).toBeGreaterThan(0);
  });
});
