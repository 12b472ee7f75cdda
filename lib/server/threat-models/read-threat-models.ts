import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { listCatalog } from "@/lib/server/catalog/catalog";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { threatSelect, toThreatDto } from "@/lib/server/threats/threat-dto";

const person = { select: { id: true, name: true, email: true } } as const;

const summarySelect = {
  id: true,
  title: true,
  status: true,
  modelVersion: true,
  createdAt: true,
  updatedAt: true,
  submittedAt: true,
  approvedAt: true,
  entryKeys: true,
  previousVersionId: true,
  version: true,
  api: { select: { id: true, name: true } },
  author: person,
  reviewer: person,
  approvedBy: person,
  nextVersion: { select: { id: true, modelVersion: true, status: true } },
  // Progress counts answers a person gave or confirmed; rule pre-answers still wait for one.
  _count: { select: { answers: { where: { answeredById: { not: null } } } } },
} satisfies Prisma.ThreatModelSelect;

function toSummary(row: Prisma.ThreatModelGetPayload<{ select: typeof summarySelect }>) {
  const { _count, entryKeys, ...rest } = row;
  return { ...rest, progress: { answered: _count.answers, total: entryKeys.length } };
}

export async function listThreatModels(scope: TOrgScope, query: { apiId?: string; status?: "DRAFT" | "IN_REVIEW" | "APPROVED" | "ARCHIVED" }) {
  const rows = await db.threatModel.findMany({
    where: inOrg(scope, { ...(query.apiId ? { apiId: query.apiId } : {}), ...(query.status ? { status: query.status } : {}) }),
    select: summarySelect,
    orderBy: [{ updatedAt: "desc" }],
    take: 200,
  });
  const severities = await db.threat.groupBy({
    by: ["threatModelId", "severity"],
    where: { orgId: scope.orgId, threatModelId: { in: rows.map((row) => row.id) }, status: "OPEN" },
    _count: { _all: true },
  });
  return rows.map((row) => ({
    ...toSummary(row),
    openThreats: Object.fromEntries(severities.filter((group) => group.threatModelId === row.id).map((group) => [group.severity, group._count._all])) as Partial<Record<string, number>>,
  }));
}

/** Everything the model page needs: the checklist with its answers, the threats, the reviews. */
export async function getThreatModel(scope: TOrgScope, id: string) {
  const model = await db.threatModel.findFirst({
    where: byIdInOrg(scope, id),
    select: {
      ...summarySelect,
      scope: true,
      assumptions: true,
      reviewerId: true,
      authorId: true,
      contributorIds: true,
      answers: { select: { entryKey: true, answer: true, note: true, ruleAnswer: true, ruleReason: true, answeredBy: person, updatedAt: true } },
      threats: { select: threatSelect, orderBy: [{ score: "desc" }, { title: "asc" }] },
      reviews: { select: { id: true, action: true, comment: true, createdAt: true, actor: person }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!model) throw notFound("threat model");
  const [{ categories, entries }, bands] = await Promise.all([listCatalog(scope, { includeDisabled: true, keys: model.entryKeys }), getRiskBands(scope)]);
  const { answers, threats, reviews, ...summary } = model;
  return {
    ...toSummary(summary),
    scope: model.scope,
    assumptions: model.assumptions,
    authorId: model.authorId,
    reviewerId: model.reviewerId,
    // Members who wrote in this version: the review panel explains that they cannot review it.
    contributorIds: model.contributorIds,
    categories: categories.filter((category) => entries.some((entry) => entry.category === category.key)),
    entries,
    answers,
    threats: threats.map(toThreatDto),
    reviews,
    riskBands: { mediumFrom: bands.mediumFrom, highFrom: bands.highFrom, criticalFrom: bands.criticalFrom },
  };
}

export type TThreatModelDetail = Awaited<ReturnType<typeof getThreatModel>>;
export type TThreatModelSummary = Awaited<ReturnType<typeof listThreatModels>>[number];
