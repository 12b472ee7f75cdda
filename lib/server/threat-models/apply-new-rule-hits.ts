import "server-only";
import type { DbTransaction } from "@/lib/db";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { inOrg, type TCaller } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { linkedOperationIds, preAnswer, scoreOf, type TNewRuleHit, type TPreAnswer, type TRuleEvidence } from "@/lib/core/threat-models/pre-answers";
import { syncThreatForAnswer } from "./generated-threats";
import { loadRuleContext } from "./load-rule-context";

/**
 * A new version of an approved model takes in what its re-imports found since approval: an entry
 * nobody answered gets the rules' pre-answer and its threat; an answered entry gets the fresh
 * evidence, and its open threat the new operations with their reasons. A person's "no" stays a
 * "no": the wizard shows the new evidence beside it.
 */
export async function applyNewRuleHits(tx: DbTransaction, caller: TCaller, model: { id: string; apiId: string; entryKeys: string[] }, hits: TNewRuleHit[]) {
  if (!hits.length) return;
  const keys = new Set(hits.map((hit) => hit.entryKey));
  const context = await loadRuleContext(tx, caller, model.apiId);
  const fresh = preAnswer(context, { disabledRuleIds: context.disabledRuleIds }).filter((answer) => keys.has(answer.entryKey) && model.entryKeys.includes(answer.entryKey));
  if (!fresh.length) return;
  const { entries } = await listCatalog(caller, { includeDisabled: true, keys: fresh.map((answer) => answer.entryKey) });
  const bands = await getRiskBands(caller, tx);
  for (const answer of fresh) {
    const entry = entries.find((candidate) => candidate.key === answer.entryKey);
    if (!entry) continue;
    const existing = await tx.checklistAnswer.findFirst({ where: inOrg(caller, { threatModelId: model.id, entryKey: answer.entryKey }), select: { id: true, ruleEvidence: true } });
    if (!existing) {
      await tx.checklistAnswer.create({
        data: { orgId: caller.orgId, threatModelId: model.id, entryKey: answer.entryKey, answer: answer.answer, ruleAnswer: answer.answer, ruleReason: answer.reason, ruleOperationIds: linkedOperationIds(answer.evidence), ruleEvidence: answer.evidence },
      });
      await syncThreatForAnswer(tx, { orgId: caller.orgId, threatModelId: model.id, entry, answer: answer.answer, source: answer.source, reason: answer.reason, operations: answer.evidence.operations, score: scoreOf(answer.evidence), actorId: caller.userId, api: context.facts, bands });
      continue;
    }
    await tx.checklistAnswer.updateMany({
      where: inOrg(caller, { id: existing.id }),
      data: { ruleAnswer: answer.answer, ruleReason: answer.reason, ruleOperationIds: linkedOperationIds(answer.evidence), ruleEvidence: answer.evidence },
    });
    await linkNewOperations(tx, caller, model.id, answer, existing.ruleEvidence as TRuleEvidence | null);
  }
}

async function linkNewOperations(tx: DbTransaction, caller: TCaller, modelId: string, answer: TPreAnswer, before: TRuleEvidence | null) {
  const threat = await tx.threat.findFirst({ where: inOrg(caller, { threatModelId: modelId, catalogEntryKey: answer.entryKey, status: "OPEN" as const }), select: { id: true } });
  if (!threat) return;
  const known = new Set(linkedOperationIds(before));
  const added = answer.evidence.operations.filter((operation) => !known.has(operation.operationId));
  if (!added.length) return;
  await tx.threatOperation.createMany({ data: added.map((operation) => ({ orgId: caller.orgId, threatId: threat.id, operationId: operation.operationId, reasons: operation.reasons })), skipDuplicates: true });
}
