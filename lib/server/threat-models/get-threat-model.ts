import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { threatSelect, toThreatDto } from "@/lib/server/threats/threat-dto";
import { person, summarySelect, toSummary } from "./threat-model-summary";

/** Everything the model page needs: the checklist with its answers, the threats, the reviews. */
export async function getThreatModel(caller: TOrgScope, id: string) {
  const model = await db.threatModel.findFirst({
    where: byIdInOrg(caller, id),
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
  const [{ categories, entries }, bands] = await Promise.all([listCatalog(caller, { includeDisabled: true, keys: model.entryKeys }), getRiskBands(caller)]);
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
