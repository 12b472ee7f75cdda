import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import type { TNewRuleHit } from "@/lib/core/threat-models/pre-answers";
import { applyNewRuleHits } from "./apply-new-rule-hits";
import { loadModel } from "./load-model";

/** The next version of an approved model starts as a copy: answers, threats and their links. */
export async function startNewVersion(caller: TCaller, id: string) {
  return db.$transaction(async (tx) => {
    // Row lock: two "start next version" clicks at once must not both copy the model.
    await tx.$executeRaw`SELECT 1 FROM "ThreatModel" WHERE "id" = ${id} AND "orgId" = ${caller.orgId} FOR UPDATE`;
    const model = await loadModel(tx, caller, id);
    if (model.status !== "APPROVED") throw new AppError("CONFLICT", "A new version starts from the approved one; this model is not approved.");
    const existing = await tx.threatModel.findFirst({ where: inOrg(caller, { previousVersionId: model.id }), select: { id: true } });
    if (existing) throw new AppError("CONFLICT", "A newer version of this model exists already.");
    const full = await tx.threatModel.findFirstOrThrow({
      where: byIdInOrg(caller, id),
      select: {
        scope: true,
        assumptions: true,
        templateId: true,
        newRuleHits: true,
        answers: { select: { entryKey: true, answer: true, note: true, answeredById: true, ruleAnswer: true, ruleReason: true, ruleOperationIds: true, ruleEvidence: true } },
        threats: {
          select: {
            title: true, description: true, category: true, owaspApiId: true, stride: true, catalogEntryKey: true, likelihood: true, impact: true,
            score: true, severity: true, status: true, acceptanceJustification: true, acceptanceExpiresAt: true, source: true, createdById: true,
            operations: { select: { operationId: true, reasons: true } },
            mitigations: { select: { mitigationId: true } },
          },
        },
      },
    });
    const next = await tx.threatModel.create({
      data: {
        orgId: caller.orgId,
        apiId: model.apiId,
        title: model.title,
        scope: full.scope,
        assumptions: full.assumptions,
        templateId: full.templateId,
        entryKeys: model.entryKeys,
        modelVersion: model.modelVersion + 1,
        previousVersionId: model.id,
        authorId: caller.userId,
        // Copied answers and threats were written for the previous version, which was reviewed.
        contributorIds: [caller.userId],
        answers: { create: full.answers.map(({ ruleEvidence, ...answer }) => ({ ...answer, ruleEvidence: ruleEvidence ?? Prisma.DbNull, orgId: caller.orgId })) },
      },
      select: { id: true, modelVersion: true },
    });
    for (const { operations, mitigations, ...threat } of full.threats) {
      await tx.threat.create({
        data: {
          ...threat,
          orgId: caller.orgId,
          threatModelId: next.id,
          operations: { create: operations.map((link) => ({ orgId: caller.orgId, operationId: link.operationId, reasons: link.reasons })) },
          // The same controls answer the same threats: the new version links the existing mitigations.
          mitigations: { create: mitigations.map((link) => ({ orgId: caller.orgId, mitigationId: link.mitigationId })) },
        },
      });
    }
    // What re-imports found since the approval goes into the new version (the marks stay on the approved one).
    const hits = full.newRuleHits as TNewRuleHit[];
    await applyNewRuleHits(tx, caller, { id: next.id, apiId: model.apiId, entryKeys: model.entryKeys }, hits);
    await recordAuditEventBy(caller, { action: "threat_model.version_started", targetType: "threat_model", targetId: next.id, metadata: { from: model.id, modelVersion: next.modelVersion, newRuleHits: hits.length } }, tx);
    return next;
  }, { timeout: 30_000 });
}
