import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import { operationKey } from "@/lib/core/specs/diff-operations";
import type { TNewRuleHit, TRuleEvidence } from "@/lib/core/threat-models/pre-answers";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { threatSelect, toThreatDto } from "@/lib/server/threats/threat-dto";
import { person, summarySelect, toSummary } from "./threat-model-summary";

type TEvidenceOperation = { id: string; operationKey: string; removed: boolean };

const hitEvidence = (hit: TNewRuleHit): TRuleEvidence => ({ ruleIds: [], operations: hit.operationId ? [{ operationId: hit.operationId, reasons: [] }] : [], apiReasons: [], likelihood: null, impact: null });

/** The operations the evidence names, as people read them ("GET /users/{id}"); removed ones are marked. */
async function listEvidenceOperations(caller: TOrgScope, evidence: (TRuleEvidence | null)[]): Promise<Map<string, TEvidenceOperation>> {
  const ids = [...new Set(evidence.flatMap((item) => item?.operations.map((operation) => operation.operationId) ?? []))];
  if (!ids.length) return new Map();
  const rows = await db.operation.findMany({ where: inOrg(caller, { id: { in: ids } }), select: { id: true, method: true, path: true, removedAt: true } });
  return new Map(rows.map((row) => [row.id, { id: row.id, operationKey: operationKey(row), removed: row.removedAt !== null }]));
}

function describeEvidence(evidence: TRuleEvidence | null, operations: Map<string, TEvidenceOperation>) {
  if (!evidence) return null;
  return {
    ruleIds: evidence.ruleIds,
    apiReasons: evidence.apiReasons,
    operations: evidence.operations.flatMap(({ operationId, reasons }) => {
      const operation = operations.get(operationId);
      return operation ? [{ ...operation, reasons }] : [];
    }),
  };
}

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
      answers: { select: { entryKey: true, answer: true, note: true, ruleAnswer: true, ruleReason: true, ruleEvidence: true, answeredBy: person, updatedAt: true } },
      threats: { select: threatSelect, orderBy: [{ score: "desc" }, { title: "asc" }] },
      newRuleHits: true,
      newRuleHitsAt: true,
      reviews: { select: { id: true, action: true, comment: true, createdAt: true, actor: person }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!model) throw notFound("threat model");
  const [{ categories, entries }, bands, evidenceOperations] = await Promise.all([
    listCatalog(caller, { includeDisabled: true, keys: model.entryKeys }),
    getRiskBands(caller),
    listEvidenceOperations(caller, [...model.answers.map((answer) => answer.ruleEvidence as TRuleEvidence | null), ...(model.newRuleHits as TNewRuleHit[]).map(hitEvidence)]),
  ]);
  const { answers, threats, reviews, newRuleHits, ...summary } = model;
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
    answers: answers.map(({ ruleEvidence, ...answer }) => ({ ...answer, ruleEvidence: describeEvidence(ruleEvidence as TRuleEvidence | null, evidenceOperations) })),
    /** What a re-import's rules found that this approved model's answers lack. */
    newRuleHits: (newRuleHits as TNewRuleHit[]).map(({ operationId, ...hit }) => ({ ...hit, operation: operationId ? (evidenceOperations.get(operationId) ?? null) : null })),
    newRuleHitsAt: model.newRuleHitsAt,
    threats: threats.map(toThreatDto),
    reviews,
    riskBands: { mediumFrom: bands.mediumFrom, highFrom: bands.highFrom, criticalFrom: bands.criticalFrom },
  };
}

export type TThreatModelDetail = Awaited<ReturnType<typeof getThreatModel>>;
