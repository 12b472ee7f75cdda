import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Severity } from "@/lib/generated/prisma/enums";
import type { TPortfolioReportData } from "@/lib/core/exports/report-data";
import { getDashboard } from "@/lib/server/dashboard/get-dashboard";
import { portfolioApiSql } from "@/lib/server/portfolio/api-filter";
import type { TOrgScope } from "@/lib/server/scope";
import type { TPortfolioFilters } from "@/lib/validation/portfolio";
import { loadReportContext } from "./load-report-context";

// The data behind the portfolio report, read with the caller's organisation in every statement.

const TOP_THREATS = 25;
const OVERDUE_ITEMS = 40;

type TOverdueTeamRow = { team: string; c: number; h: number; m: number; l: number; total: number; oldest: Date; unassigned: number };
type TOverdueItemRow = { title: string; team: string | null; api: string | null; assignee: string | null; dueDate: Date; severity: Severity | null };

function filterWords(filters: TPortfolioFilters): string[] {
  const words: string[] = [];
  if (filters.team) words.push(`Team: ${filters.team}`);
  if (filters.exposure.length) words.push(`Exposure: ${filters.exposure.join(", ").toLowerCase()}`);
  if (filters.classification.length) words.push(`Classification: ${filters.classification.join(", ").toLowerCase()}`);
  if (filters.tag) words.push(`Tag: ${filters.tag}`);
  return words;
}

/**
 * The portfolio report: the dashboard's figures (the same function, so the PDF and the page
 * agree), plus overdue work per owning team and the riskiest open threats.
 */
export async function loadPortfolioReport(caller: TOrgScope, filters: TPortfolioFilters, now = new Date()): Promise<TPortfolioReportData> {
  const dashboard = await getDashboard(caller, filters, now);
  const apiFilter = portfolioApiSql(caller, filters);
  // An overdue mitigation counts for every team whose APIs' threats it answers.
  const overdueLinks = Prisma.sql`
    SELECT DISTINCT mi.id, coalesce(tm.name, '') AS team, a.name AS api, mi.title, mi."dueDate", mi.severity, mi."assigneeId"
      FROM "Mitigation" mi
      JOIN "ThreatMitigation" tl ON tl."mitigationId" = mi.id
      JOIN "Threat" th ON th.id = tl."threatId"
      JOIN "ThreatModel" mo ON mo.id = th."threatModelId"
      JOIN "Api" a ON a.id = mo."apiId"
      LEFT JOIN "Team" tm ON tm.id = a."teamId"
     WHERE mi."orgId" = ${caller.orgId} AND mi.status IN ('PROPOSED', 'PLANNED', 'IN_PROGRESS') AND mi."dueDate" < ${now} AND ${apiFilter}`;
  const byTeam = await db.$queryRaw<TOverdueTeamRow[]>`
    SELECT team, count(DISTINCT id) FILTER (WHERE severity = 'CRITICAL')::int AS c, count(DISTINCT id) FILTER (WHERE severity = 'HIGH')::int AS h,
           count(DISTINCT id) FILTER (WHERE severity = 'MEDIUM')::int AS m, count(DISTINCT id) FILTER (WHERE severity = 'LOW' OR severity IS NULL)::int AS l,
           count(DISTINCT id)::int AS total, min("dueDate") AS oldest, count(DISTINCT id) FILTER (WHERE "assigneeId" IS NULL)::int AS unassigned
      FROM (${overdueLinks}) o GROUP BY team ORDER BY total DESC, team`;
  const items = await db.$queryRaw<TOverdueItemRow[]>`
    SELECT DISTINCT ON (o."dueDate", o.id) o.title, nullif(o.team, '') AS team, o.api, u.name AS assignee, o."dueDate", o.severity
      FROM (${overdueLinks}) o LEFT JOIN "User" u ON u.id = o."assigneeId"
     ORDER BY o."dueDate", o.id, o.api LIMIT ${OVERDUE_ITEMS}`;
  const [itemsCount] = await db.$queryRaw<{ total: number }[]>`SELECT count(DISTINCT id)::int AS total FROM (${overdueLinks}) o`;
  const topThreats = await db.$queryRaw<{ title: string; api: string; team: string | null; owaspApiId: string | null; score: number; severity: Severity; mitigations: number }[]>`
    SELECT th.title, a.name AS api, tm.name AS team, th."owaspApiId", th.score, th.severity,
           (SELECT count(*)::int FROM "ThreatMitigation" tl WHERE tl."threatId" = th.id) AS mitigations
      FROM "ApiRiskRollup" r
      JOIN "Api" a ON a.id = r."apiId"
      LEFT JOIN "Team" tm ON tm.id = a."teamId"
      JOIN "Threat" th ON th."threatModelId" = r."currentModelId"
     WHERE r."orgId" = ${caller.orgId} AND th."orgId" = ${caller.orgId} AND th.status = 'OPEN' AND ${apiFilter}
     ORDER BY th.score DESC, th."createdAt", th.id LIMIT ${TOP_THREATS}`;
  const context = await loadReportContext(caller);

  return {
    generatedAt: now.toISOString(),
    generatedBy: context.generatedBy,
    org: context.org,
    filters: filterWords(filters),
    bands: dashboard.riskBands,
    reviewIntervalDays: dashboard.reviewIntervalDays,
    figures: {
      ...dashboard.figures,
      reviewsWaiting: dashboard.reviews.count,
      newOperations: dashboard.newOperations.count,
    },
    trend: dashboard.trend,
    heat: dashboard.heat,
    teams: dashboard.teams,
    topApis: dashboard.topApis.map((api) => ({ name: api.name, team: api.team, exposure: api.exposure, open: api.open, score: api.score })),
    coverage: { total: dashboard.coverage.total, summary: dashboard.coverage.summary, rows: dashboard.coverage.rows.map((row) => ({ name: row.name, cells: row.cells })) },
    overdueByTeam: byTeam.map((row) => ({ team: row.team || "No team", overdue: { CRITICAL: row.c, HIGH: row.h, MEDIUM: row.m, LOW: row.l, total: row.total }, oldestDueDate: row.oldest.toISOString(), unassigned: row.unassigned })),
    overdueItems: items.map((item) => ({ ...item, dueDate: item.dueDate.toISOString() })),
    overdueItemsTotal: itemsCount?.total ?? 0,
    topThreats,
  };
}
