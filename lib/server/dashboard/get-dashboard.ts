import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Severity } from "@/lib/generated/prisma/enums";
import { hasPortfolioFilter, portfolioApiSql } from "@/lib/server/portfolio/api-filter";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { DEFAULT_SLA } from "@/lib/core/mitigations/sla";
import type { TCoverageCell, TCoverageSummary, TDashboardFigures, TSeverityCounts, TTeamRisk, TTrendWeek } from "@/lib/core/dashboard/dashboard-shape";
import { weekStart } from "@/lib/core/dashboard/week-start";
import { DEFAULT_RISK_BANDS, type TRiskBands } from "@/lib/core/threats/risk";
import type { TPortfolioFilters } from "@/lib/validation/portfolio";

const DAY_MS = 24 * 60 * 60 * 1000;
export const TREND_WEEKS = 12;
export const COVERAGE_ROWS = 50;
export const OWASP_CATEGORIES = ["API1", "API2", "API3", "API4", "API5", "API6", "API7", "API8", "API9", "API10"] as const;

type TRow = { c: number; h: number; m: number; l: number };

export type TDashboard = {
  generatedAt: string;
  reviewIntervalDays: number;
  riskBands: TRiskBands;
  figures: TDashboardFigures;
  trend: TTrendWeek[];
  /** Open threats per risk-matrix cell, index (likelihood - 1) * 5 + (impact - 1). */
  heat: number[];
  teams: TTeamRisk[];
  topApis: { id: string; name: string; team: string | null; exposure: string; open: TSeverityCounts; score: number; modelId: string | null }[];
  coverage: {
    total: number;
    summary: TCoverageSummary[];
    rows: { id: string; name: string; modelId: string | null; cells: TCoverageCell[] }[];
  };
  overdue: { count: number; items: { id: string; title: string; dueDate: string; assignee: string | null; api: string | null }[] };
  reviews: { count: number; items: { id: string; title: string; modelVersion: number; submittedAt: string | null; api: string }[] };
  newOperations: { count: number; apis: number; items: { id: string; method: string; path: string; createdAt: string; apiId: string; api: string }[] };
};

const RANK_TO_SEVERITY: Record<number, Severity> = { 1: "LOW", 2: "MEDIUM", 3: "HIGH", 4: "CRITICAL" };
const RANK: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
const HEAT_CELLS = Array.from({ length: 25 }, (_, index) => index + 1);
const counts = (row: TRow): TSeverityCounts => ({ CRITICAL: row.c, HIGH: row.h, MEDIUM: row.m, LOW: row.l });

type TRaw = {
  figures: { apis: number; freshlyModelled: number; internetWithoutModel: number } & TRow;
  heat: number[] | null;
  teams: ({ team: string; score: number } & TRow)[];
  top: ({ id: string; name: string; team: string | null; exposure: string; score: number; modelId: string | null } & TRow)[];
  coverageRows: { id: string; name: string; modelId: string | null; worst: number[] | null; assessed: string[] | null }[];
  coverageSummary: { notAssessed: number; clean: number; open: number }[];
  overdueCount: number;
  overdue: { id: string; title: string; dueDate: string; assignee: string | null; api: string | null }[];
  mttm: { severity: Severity; meanDays: number; count: number }[];
  reviewCount: number;
  reviews: { id: string; title: string; modelVersion: number; submittedAt: string | null; api: string }[];
  newOps: { count: number; apis: number };
  newOpItems: { id: string; method: string; path: string; createdAt: string; apiId: string; api: string }[];
  trend: ({ week: string } & TRow)[];
};

/**
 * Everything the dashboard shows, for the APIs the filters select, in one SQL statement: the
 * per-API figures come from ApiRiskRollup (kept by triggers), so the cost follows the number of
 * APIs, not of threats; mitigations, reviews, operations and history are read with their indexes.
 * Every figure selects exactly what the list it links to shows (see the drill-down tests).
 */
export async function getDashboard(caller: TOrgScope, filters: TPortfolioFilters, now = new Date()): Promise<TDashboard> {
  const settings = await db.orgSettings.findUnique({ where: inOrg(caller), select: { reviewIntervalDays: true, mediumFrom: true, highFrom: true, criticalFrom: true } });
  const { reviewIntervalDays, ...riskBands } = settings ?? { ...DEFAULT_SLA, ...DEFAULT_RISK_BANDS };
  const freshSince = new Date(now.getTime() - reviewIntervalDays * DAY_MS);
  const mttmSince = new Date(now.getTime() - 90 * DAY_MS);
  const currentWeek = weekStart(now);
  const trendFrom = new Date(currentWeek.getTime() - (TREND_WEEKS - 1) * 7 * DAY_MS);

  const [row] = await db.$queryRaw<{ data: TRaw }[]>(dashboardSql(caller, filters, { now, freshSince, mttmSince, currentWeek, trendFrom }));
  const raw = row!.data;

  const open = counts(raw.figures);
  const recorded = new Map(raw.trend.map((point) => [point.week.slice(0, 10), counts(point)]));
  const trend: TDashboard["trend"] = [];
  for (let index = 0; index < TREND_WEEKS; index++) {
    const week = new Date(trendFrom.getTime() + index * 7 * DAY_MS).toISOString().slice(0, 10);
    const live = index === TREND_WEEKS - 1;
    // Weeks without a snapshot (the app was not running) stay out rather than read as zero.
    const point = live ? open : recorded.get(week);
    if (point) trend.push({ week, open: point, live });
  }

  return {
    generatedAt: now.toISOString(),
    reviewIntervalDays,
    riskBands: { mediumFrom: riskBands.mediumFrom, highFrom: riskBands.highFrom, criticalFrom: riskBands.criticalFrom },
    figures: {
      apis: raw.figures.apis,
      freshlyModelled: raw.figures.freshlyModelled,
      internetWithoutModel: raw.figures.internetWithoutModel,
      open,
      overdueMitigations: raw.overdueCount,
      meanDaysToMitigate: raw.mttm.map((entry) => ({ severity: entry.severity, meanDays: Number(entry.meanDays), count: entry.count })).sort((a, b) => RANK[b.severity] - RANK[a.severity]),
    },
    trend,
    heat: raw.heat && raw.heat.length === 25 ? raw.heat : Array.from({ length: 25 }, () => 0),
    teams: raw.teams.map((team) => ({ team: team.team, open: counts(team), score: team.score })),
    topApis: raw.top.map((api) => ({ id: api.id, name: api.name, team: api.team, exposure: api.exposure, open: counts(api), score: api.score, modelId: api.modelId })),
    coverage: {
      total: raw.figures.apis,
      summary: raw.coverageSummary.map((entry, index) => ({ category: OWASP_CATEGORIES[index]!, notAssessed: entry.notAssessed, clean: entry.clean, open: entry.open })),
      rows: raw.coverageRows.map((api) => ({
        id: api.id,
        name: api.name,
        modelId: api.modelId,
        cells: OWASP_CATEGORIES.map((category, index) => {
          const worst = api.worst?.[index] ?? 0;
          if (worst > 0) return { state: "open" as const, severity: RANK_TO_SEVERITY[worst]! };
          return { state: api.assessed?.includes(category) ? ("clean" as const) : ("not-assessed" as const) };
        }),
      })),
    },
    overdue: { count: raw.overdueCount, items: raw.overdue },
    reviews: { count: raw.reviewCount, items: raw.reviews },
    newOperations: { count: raw.newOps.count, apis: raw.newOps.apis, items: raw.newOpItems },
  };
}

/** The dashboard's one statement (exported for EXPLAIN in docs/PERFORMANCE.md's method). */
export function dashboardSql(caller: TOrgScope, filters: TPortfolioFilters, at: { now: Date; freshSince: Date; mttmSince: Date; currentWeek: Date; trendFrom: Date }): Prisma.Sql {
  const { now, freshSince, mttmSince, currentWeek, trendFrom } = at;
  // Mitigation figures follow the mitigations list: all of the organisation's work unless a
  // filter narrows it to the selected APIs' threats.
  const filtered = hasPortfolioFilter(filters);
  return Prisma.sql`
    WITH f AS MATERIALIZED (
      SELECT a.id, a.name, a.exposure::text AS exposure, tm.name AS team,
             coalesce(r."openCritical", 0) AS c, coalesce(r."openHigh", 0) AS h, coalesce(r."openMedium", 0) AS m, coalesce(r."openLow", 0) AS l,
             coalesce(r."riskScore", 0) AS score, r.heat, r."owaspWorst" AS worst, r."owaspAssessed" AS assessed,
             r."currentModelId" AS "modelId", r."approvedAt", coalesce(r."newOperations", 0) AS "newOperations",
             coalesce(r."approvedAt" >= ${freshSince}, false) AS fresh
        FROM "Api" a
        LEFT JOIN "Team" tm ON tm.id = a."teamId"
        LEFT JOIN "ApiRiskRollup" r ON r."apiId" = a.id
       WHERE ${portfolioApiSql(caller, filters)}
    ),
    overdue AS (
      SELECT mi.id, mi.title, mi."dueDate", mi."assigneeId"
        FROM "Mitigation" mi
       WHERE mi."orgId" = ${caller.orgId} AND mi.status IN ('PROPOSED', 'PLANNED', 'IN_PROGRESS') AND mi."dueDate" < ${now}
         ${filtered ? Prisma.sql`AND EXISTS (SELECT 1 FROM "ThreatMitigation" tl JOIN "Threat" th ON th.id = tl."threatId" JOIN "ThreatModel" mo ON mo.id = th."threatModelId" JOIN f ON f.id = mo."apiId" WHERE tl."mitigationId" = mi.id)` : Prisma.empty}
    )
    SELECT json_build_object(
      'figures', (SELECT json_build_object(
          'apis', count(*),
          'freshlyModelled', count(*) FILTER (WHERE fresh),
          'internetWithoutModel', count(*) FILTER (WHERE exposure = 'INTERNET' AND NOT fresh),
          'c', coalesce(sum(c), 0), 'h', coalesce(sum(h), 0), 'm', coalesce(sum(m), 0), 'l', coalesce(sum(l), 0)) FROM f),
      'heat', (SELECT json_build_array(${Prisma.join(HEAT_CELLS.map((cell) => Prisma.sql`coalesce(sum(heat[${Prisma.raw(String(cell))}]), 0)`))}) FROM f),
      'teams', (SELECT coalesce(json_agg(x ORDER BY x.score DESC, x.team), '[]') FROM (
          SELECT coalesce(team, '') AS team, sum(c) AS c, sum(h) AS h, sum(m) AS m, sum(l) AS l, sum(score) AS score FROM f GROUP BY team) x),
      'top', (SELECT coalesce(json_agg(x), '[]') FROM (
          SELECT id, name, team, exposure, c, h, m, l, score, "modelId" FROM f WHERE score > 0 ORDER BY score DESC, name LIMIT 10) x),
      'coverageRows', (SELECT coalesce(json_agg(x), '[]') FROM (
          SELECT id, name, "modelId", worst, assessed FROM f ORDER BY score DESC, name LIMIT ${COVERAGE_ROWS}) x),
      'coverageSummary', (SELECT json_build_array(${Prisma.join(
        OWASP_CATEGORIES.map(
          (category, index) => Prisma.sql`json_build_object(
            'notAssessed', count(*) FILTER (WHERE coalesce(worst[${Prisma.raw(String(index + 1))}], 0) = 0 AND NOT ${category} = ANY(coalesce(assessed, ARRAY[]::text[]))),
            'clean', count(*) FILTER (WHERE coalesce(worst[${Prisma.raw(String(index + 1))}], 0) = 0 AND ${category} = ANY(coalesce(assessed, ARRAY[]::text[]))),
            'open', count(*) FILTER (WHERE coalesce(worst[${Prisma.raw(String(index + 1))}], 0) > 0))`,
        ),
      )}) FROM f),
      'overdueCount', (SELECT count(*) FROM overdue),
      'overdue', (SELECT coalesce(json_agg(x), '[]') FROM (
          SELECT o.id, o.title, o."dueDate", u.name AS assignee,
                 (SELECT a.name FROM "ThreatMitigation" tl JOIN "Threat" th ON th.id = tl."threatId" JOIN "ThreatModel" mo ON mo.id = th."threatModelId" JOIN "Api" a ON a.id = mo."apiId" WHERE tl."mitigationId" = o.id ORDER BY a.name LIMIT 1) AS api
            FROM overdue o LEFT JOIN "User" u ON u.id = o."assigneeId" ORDER BY o."dueDate", o.id LIMIT 10) x),
      'mttm', (SELECT coalesce(json_agg(x ORDER BY x.severity), '[]') FROM (
          SELECT mi.severity, round(avg(extract(epoch FROM (mi."verifiedAt" - mi."createdAt")) / 86400)::numeric, 1) AS "meanDays", count(*) AS count
            FROM "Mitigation" mi
           WHERE mi."orgId" = ${caller.orgId} AND mi.status = 'VERIFIED' AND mi."verifiedAt" >= ${mttmSince} AND mi.severity IS NOT NULL
             ${filtered ? Prisma.sql`AND EXISTS (SELECT 1 FROM "ThreatMitigation" tl JOIN "Threat" th ON th.id = tl."threatId" JOIN "ThreatModel" mo ON mo.id = th."threatModelId" JOIN f ON f.id = mo."apiId" WHERE tl."mitigationId" = mi.id)` : Prisma.empty}
           GROUP BY mi.severity) x),
      'reviewCount', (SELECT count(*) FROM "ThreatModel" mo JOIN f ON f.id = mo."apiId" WHERE mo."orgId" = ${caller.orgId} AND mo.status = 'IN_REVIEW'),
      'reviews', (SELECT coalesce(json_agg(x), '[]') FROM (
          SELECT mo.id, mo.title, mo."modelVersion", mo."submittedAt", f.name AS api
            FROM "ThreatModel" mo JOIN f ON f.id = mo."apiId"
           WHERE mo."orgId" = ${caller.orgId} AND mo.status = 'IN_REVIEW'
           ORDER BY mo."submittedAt" NULLS LAST, mo.id LIMIT 10) x),
      'newOps', (SELECT json_build_object('count', coalesce(sum("newOperations"), 0), 'apis', count(*) FILTER (WHERE "newOperations" > 0)) FROM f),
      'newOpItems', (SELECT coalesce(json_agg(x), '[]') FROM (
          SELECT o.id, o.method, o.path, o."createdAt", f.id AS "apiId", f.name AS api
            FROM "Operation" o JOIN f ON f.id = o."apiId"
           WHERE o."orgId" = ${caller.orgId} AND o."removedAt" IS NULL AND f."newOperations" > 0 AND o."createdAt" > f."approvedAt"
           ORDER BY o."createdAt" DESC, o.id LIMIT 10) x),
      'trend', (SELECT coalesce(json_agg(x ORDER BY x.week), '[]') FROM (
          SELECT s."weekStart" AS week, sum(s."openCritical") AS c, sum(s."openHigh") AS h, sum(s."openMedium") AS m, sum(s."openLow") AS l
            FROM "RiskSnapshot" s JOIN f ON f.id = s."apiId"
           WHERE s."orgId" = ${caller.orgId} AND s."weekStart" >= ${trendFrom}::date AND s."weekStart" < ${currentWeek}::date
           GROUP BY s."weekStart") x)
    ) AS data`;
}
