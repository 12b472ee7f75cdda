import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Severity } from "@/lib/generated/prisma/enums";
import type { TPortfolioReportData, TThreatModelReportData } from "@/lib/core/exports/report-data";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { getDashboard } from "@/lib/server/dashboard/get-dashboard";
import { portfolioApiSql } from "@/lib/server/portfolio/api-filter";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/org-settings";
import type { TPortfolioFilters } from "@/lib/validation/portfolio";

// The data behind the PDF reports, read with the caller's organisation in every `where`: a model
// of another organisation is simply not found.

const person = { select: { name: true, email: true } } as const;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

async function callerContext(scope: TOrgScope) {
  const [org, user] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: scope.orgId }, select: { name: true, slug: true } }),
    db.user.findUnique({ where: { id: scope.userId }, select: { name: true, email: true } }),
  ]);
  return { org, generatedBy: user ? user.name || user.email : "Bulwark" };
}

export async function loadThreatModelReport(scope: TOrgScope, modelId: string, now = new Date()): Promise<TThreatModelReportData> {
  const model = await db.threatModel.findFirst({
    where: byIdInOrg(scope, modelId),
    select: {
      id: true,
      title: true,
      modelVersion: true,
      status: true,
      scope: true,
      assumptions: true,
      entryKeys: true,
      approvedAt: true,
      submittedAt: true,
      createdAt: true,
      updatedAt: true,
      author: person,
      reviewer: person,
      approvedBy: person,
      api: {
        select: {
          id: true,
          name: true,
          description: true,
          exposure: true,
          dataClassification: true,
          dataFlags: true,
          authSchemes: true,
          protocol: true,
          lifecycle: true,
          apiVersion: true,
          team: { select: { name: true } },
          technicalOwner: person,
          environments: { select: { name: true, baseUrl: true }, orderBy: { position: "asc" } },
        },
      },
      answers: { select: { entryKey: true, answer: true, note: true, ruleReason: true, answeredById: true } },
      reviews: { select: { action: true, comment: true, createdAt: true, actor: person }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!model) throw notFound("threat model");
  // One statement after the other keeps a large model's report to a few connections' worth of work.
  const threats = await db.threat.findMany({
    where: inOrg(scope, { threatModelId: model.id }),
    select: {
      id: true,
      title: true,
      description: true,
      category: true,
      owaspApiId: true,
      stride: true,
      likelihood: true,
      impact: true,
      score: true,
      severity: true,
      status: true,
      acceptanceJustification: true,
      acceptanceExpiresAt: true,
      source: true,
      operations: { select: { operation: { select: { method: true, path: true } } } },
      mitigations: { select: { mitigationId: true } },
    },
    orderBy: [{ score: "desc" }, { title: "asc" }],
  });
  const mitigationIds = [...new Set(threats.flatMap((threat) => threat.mitigations.map((link) => link.mitigationId)))];
  const mitigations = await db.mitigation.findMany({
    where: inOrg(scope, { id: { in: mitigationIds } }),
    select: { id: true, title: true, description: true, status: true, dueDate: true, ticketUrl: true, evidenceUrl: true, evidenceNote: true, assignee: person, threats: { select: { threatId: true } } },
  });
  const threatIds = new Set(threats.map((threat) => threat.id));
  const [operations, operationsWithoutAuth, bands, catalog, context] = await Promise.all([
    db.operation.count({ where: inOrg(scope, { apiId: model.api.id, removedAt: null }) }),
    db.operation.count({ where: inOrg(scope, { apiId: model.api.id, removedAt: null, requiresAuth: false }) }),
    getRiskBands(scope),
    listCatalog(scope, { includeDisabled: true, keys: model.entryKeys }),
    callerContext(scope),
  ]);
  const answers = new Map(model.answers.map((answer) => [answer.entryKey, answer]));
  const entries = new Map(catalog.entries.map((entry) => [entry.key, entry]));

  return {
    generatedAt: now.toISOString(),
    generatedBy: context.generatedBy,
    org: context.org,
    model: {
      id: model.id,
      title: model.title,
      modelVersion: model.modelVersion,
      status: model.status,
      scope: model.scope,
      assumptions: model.assumptions,
      author: model.author,
      reviewer: model.reviewer,
      approvedBy: model.approvedBy,
      approvedAt: iso(model.approvedAt),
      submittedAt: iso(model.submittedAt),
      createdAt: model.createdAt.toISOString(),
      updatedAt: model.updatedAt.toISOString(),
    },
    api: {
      name: model.api.name,
      description: model.api.description,
      exposure: model.api.exposure,
      dataClassification: model.api.dataClassification,
      dataFlags: model.api.dataFlags,
      authSchemes: model.api.authSchemes,
      protocol: model.api.protocol,
      lifecycle: model.api.lifecycle,
      team: model.api.team?.name ?? null,
      owner: model.api.technicalOwner,
      apiVersion: model.api.apiVersion,
      environments: model.api.environments,
      operations,
      operationsWithoutAuth,
    },
    bands: { mediumFrom: bands.mediumFrom, highFrom: bands.highFrom, criticalFrom: bands.criticalFrom },
    threats: threats.map((threat) => ({
      ...threat,
      acceptanceExpiresAt: iso(threat.acceptanceExpiresAt),
      operations: threat.operations.map((link) => `${link.operation.method} ${link.operation.path}`),
      mitigationIds: threat.mitigations.map((link) => link.mitigationId),
    })),
    mitigations: mitigations.map((mitigation) => ({
      id: mitigation.id,
      title: mitigation.title,
      description: mitigation.description,
      status: mitigation.status,
      assignee: mitigation.assignee,
      dueDate: iso(mitigation.dueDate),
      ticketUrl: mitigation.ticketUrl,
      evidence: mitigation.evidenceUrl ?? mitigation.evidenceNote,
      // Only this model's threats: a mitigation shared with other models lists those elsewhere.
      threatIds: mitigation.threats.map((link) => link.threatId).filter((id) => threatIds.has(id)),
    })),
    answers: model.entryKeys.map((key) => {
      const answer = answers.get(key);
      const entry = entries.get(key);
      return {
        category: entry?.category ?? "other",
        entryKey: key,
        title: entry?.question ?? entry?.title ?? key,
        answer: answer?.answer ?? null,
        note: answer?.note ?? "",
        ruleReason: answer?.ruleReason ?? null,
        confirmed: Boolean(answer?.answeredById),
      };
    }),
    reviews: model.reviews.map((review) => ({ action: review.action, actor: review.actor ? review.actor.name || review.actor.email : null, comment: review.comment, createdAt: review.createdAt.toISOString() })),
  };
}

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
export async function loadPortfolioReport(scope: TOrgScope, filters: TPortfolioFilters, now = new Date()): Promise<TPortfolioReportData> {
  const dashboard = await getDashboard(scope, filters, now);
  const apiFilter = portfolioApiSql(scope, filters);
  // An overdue mitigation counts for every team whose APIs' threats it answers.
  const overdueLinks = Prisma.sql`
    SELECT DISTINCT mi.id, coalesce(tm.name, '') AS team, a.name AS api, mi.title, mi."dueDate", mi.severity, mi."assigneeId"
      FROM "Mitigation" mi
      JOIN "ThreatMitigation" tl ON tl."mitigationId" = mi.id
      JOIN "Threat" th ON th.id = tl."threatId"
      JOIN "ThreatModel" mo ON mo.id = th."threatModelId"
      JOIN "Api" a ON a.id = mo."apiId"
      LEFT JOIN "Team" tm ON tm.id = a."teamId"
     WHERE mi."orgId" = ${scope.orgId} AND mi.status IN ('PROPOSED', 'PLANNED', 'IN_PROGRESS') AND mi."dueDate" < ${now} AND ${apiFilter}`;
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
     WHERE r."orgId" = ${scope.orgId} AND th."orgId" = ${scope.orgId} AND th.status = 'OPEN' AND ${apiFilter}
     ORDER BY th.score DESC, th."createdAt", th.id LIMIT ${TOP_THREATS}`;
  const context = await callerContext(scope);

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
