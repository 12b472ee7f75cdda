import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { listCatalog } from "@/lib/server/catalog/catalog";
import type { TCaller } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/org-settings";
import type { TSaveAnswer } from "@/lib/validation/threats";
import { syncThreatForAnswer } from "./generated-threats";
import { assertDraft, loadModel, loadRuleContext, recordContributor } from "./load";

/** Saves one checklist answer as it is given and brings the entry's threat in line with it. */
export async function saveAnswer(caller: TCaller, modelId: string, input: TSaveAnswer) {
  return db.$transaction(async (tx) => {
    const model = await loadModel(tx, caller, modelId);
    assertDraft(model);
    await recordContributor(tx, caller, model);
    if (!model.entryKeys.includes(input.entryKey)) {
      throw new AppError("VALIDATION_FAILED", "This entry is not part of this model's checklist.", { fieldErrors: [fieldError("entryKey", "Unknown entry for this model.")] });
    }
    const { entries } = await listCatalog(caller, { includeDisabled: true, keys: [input.entryKey] });
    const entry = entries[0];
    if (!entry) throw new AppError("VALIDATION_FAILED", "This checklist entry no longer exists.", { fieldErrors: [fieldError("entryKey", "Unknown entry.")] });

    const previous = await tx.checklistAnswer.findUnique({
      where: { threatModelId_entryKey: { threatModelId: model.id, entryKey: input.entryKey } },
      select: { answer: true, ruleAnswer: true, ruleReason: true, ruleOperationIds: true },
    });
    const answer = await tx.checklistAnswer.upsert({
      where: { threatModelId_entryKey: { threatModelId: model.id, entryKey: input.entryKey } },
      create: { orgId: caller.orgId, threatModelId: model.id, entryKey: input.entryKey, answer: input.answer, note: input.note, answeredById: caller.userId },
      update: { answer: input.answer, note: input.note, answeredById: caller.userId },
      select: { entryKey: true, answer: true, note: true, ruleAnswer: true, ruleReason: true, updatedAt: true },
    });
    // Agreeing with a rule keeps the rule as the threat's source and its operations as evidence.
    const agreesWithRule = previous?.ruleAnswer === input.answer;
    const context = await loadRuleContext(tx, caller, model.apiId);
    const { threatId } = await syncThreatForAnswer(tx, {
      orgId: caller.orgId,
      threatModelId: model.id,
      entry,
      answer: input.answer,
      source: agreesWithRule ? "RULE" : "CHECKLIST",
      reason: agreesWithRule ? (previous?.ruleReason ?? null) : null,
      operationIds: agreesWithRule ? (previous?.ruleOperationIds ?? []) : [],
      actorId: caller.userId,
      api: context.api,
      bands: await getRiskBands(caller, tx),
    });
    await tx.threatModel.updateMany({ where: { id: model.id, orgId: caller.orgId }, data: { updatedAt: new Date() } });
    if (previous?.answer !== input.answer) {
      await recordAuditEvent(
        { orgId: caller.orgId, actorId: caller.userId, action: "threat_model.answered", targetType: "threat_model", targetId: model.id, ip: caller.ip, userAgent: caller.userAgent, metadata: { entryKey: input.entryKey, from: previous?.answer ?? null, to: input.answer } },
        tx,
      );
    }
    const answered = await tx.checklistAnswer.count({ where: { threatModelId: model.id, orgId: caller.orgId, answeredById: { not: null } } });
    return { answer, threatId, progress: { answered, total: model.entryKeys.length } };
  });
}
