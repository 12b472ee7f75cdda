import "server-only";
import type { DbTransaction } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { newRuleHits, preAnswer, type TRuleEvidence } from "@/lib/core/threat-models/pre-answers";
import { loadRuleContext } from "./load-rule-context";

/**
 * After a re-import: runs the rules again for the API's approved models (the latest version of
 * each line, which a person reviewed and nobody may edit) and records on each what the rules now
 * find that its answers lack, as "new since approval". The model itself stays as approved; the
 * next version starts from it and its reviewers see the list. Returns the number of hits.
 */
export async function markNewRuleHits(tx: DbTransaction, caller: TOrgScope, apiId: string): Promise<number> {
  const models = await tx.threatModel.findMany({
    where: inOrg(caller, { apiId, status: "APPROVED" as const, nextVersion: null }),
    select: { id: true, entryKeys: true, answers: { select: { entryKey: true, ruleAnswer: true, ruleOperationIds: true, ruleEvidence: true } } },
  });
  if (!models.length) return 0;
  const context = await loadRuleContext(tx, caller, apiId);
  const fresh = preAnswer(context, { disabledRuleIds: context.disabledRuleIds });
  let total = 0;
  for (const model of models) {
    const stored = model.answers.map((answer) => ({
      entryKey: answer.entryKey,
      ruleAnswer: answer.ruleAnswer,
      // Answers pre-answered before evidence was kept have their operation ids only.
      evidence: (answer.ruleEvidence as TRuleEvidence | null) ?? { ruleIds: [], operations: answer.ruleOperationIds.map((operationId) => ({ operationId, reasons: [] })), apiReasons: [], likelihood: null, impact: null },
    }));
    const hits = newRuleHits(fresh, stored, model.entryKeys);
    total += hits.length;
    // Raw, so the approved model's updatedAt (what people read as "last edited") stays as it was.
    await tx.$executeRaw`UPDATE "ThreatModel" SET "newRuleHits" = ${JSON.stringify(hits)}::jsonb, "newRuleHitsAt" = ${hits.length ? new Date() : null}
      WHERE id = ${model.id} AND "orgId" = ${caller.orgId}`;
  }
  return total;
}
