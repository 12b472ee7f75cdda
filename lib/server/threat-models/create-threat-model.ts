import "server-only";
import { AppError, fieldError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { linkedOperationIds, preAnswer, scoreOf } from "@/lib/core/threat-models/pre-answers";
import type { TCreateThreatModel } from "@/lib/validation/threat-models";
import { syncThreatForAnswer } from "./generated-threats";
import { loadRuleContext } from "./load-rule-context";

/**
 * Starts a threat model for one of the caller's APIs from the default checklist (every entry
 * the organisation has switched on) or one of its templates, and lets the rules pre-answer
 * what the inventory already tells.
 */
export async function createThreatModel(caller: TCaller, input: TCreateThreatModel) {
  const api = await db.api.findFirst({ where: byIdInOrg(caller, input.apiId), select: { id: true, name: true } });
  if (!api) {
    throw new AppError("VALIDATION_FAILED", "Choose an API of this organisation.", { fieldErrors: [fieldError("apiId", "No such API in this organisation.")] });
  }
  const catalog = await listCatalog(caller);
  let entries = catalog.entries;
  if (input.templateId) {
    const template = await db.checklistTemplate.findFirst({ where: byIdInOrg(caller, input.templateId), select: { entryKeys: true } });
    if (!template) throw notFound("template");
    const chosen = new Set(template.entryKeys);
    entries = entries.filter((entry) => chosen.has(entry.key));
  }
  if (!entries.length) throw new AppError("VALIDATION_FAILED", "The checklist is empty: switch some catalogue entries on first.");
  const bands = await getRiskBands(caller);

  return db.$transaction(
    async (tx) => {
      const model = await tx.threatModel.create({
        data: {
          orgId: caller.orgId,
          apiId: api.id,
          title: input.title ?? `${api.name} threat model`,
          scope: input.scope ?? "",
          authorId: caller.userId,
          contributorIds: [caller.userId],
          entryKeys: entries.map((entry) => entry.key),
          templateId: input.templateId ?? null,
        },
        select: { id: true, title: true },
      });
      const context = await loadRuleContext(tx, caller, api.id);
      const byKey = new Map(entries.map((entry) => [entry.key, entry]));
      let preAnswered = 0;
      for (const result of preAnswer(context, { disabledRuleIds: context.disabledRuleIds })) {
        const entry = byKey.get(result.entryKey);
        if (!entry) continue; // switched off, or not in the template
        preAnswered++;
        await tx.checklistAnswer.create({
          data: {
            orgId: caller.orgId,
            threatModelId: model.id,
            entryKey: entry.key,
            answer: result.answer,
            ruleAnswer: result.answer,
            ruleReason: result.reason,
            ruleOperationIds: linkedOperationIds(result.evidence),
            ruleEvidence: result.evidence,
          },
        });
        await syncThreatForAnswer(tx, {
          orgId: caller.orgId,
          threatModelId: model.id,
          entry,
          answer: result.answer,
          source: result.source,
          reason: result.reason,
          operations: result.evidence.operations,
          score: scoreOf(result.evidence),
          actorId: caller.userId,
          api: context.facts,
          bands,
        });
      }
      await recordAuditEventBy(caller, { action: "threat_model.created", targetType: "threat_model", targetId: model.id, metadata: { apiId: api.id, entries: entries.length, preAnswered } }, tx);
      return { ...model, preAnswered };
    },
    { timeout: 30_000 },
  );
}
