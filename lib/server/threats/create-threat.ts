import "server-only";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import type { TCaller } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { assertDraft } from "@/lib/core/threat-models/draft-rule";
import { loadModel } from "@/lib/server/threat-models/load-model";
import { recordContributor } from "@/lib/server/threat-models/record-contributor";
import { riskScore, severityOf } from "@/lib/core/threats/risk";
import type { TCreateThreat } from "@/lib/validation/threats";
import { checkThreatOperations } from "./check-threat-operations";
import { threatSelect, toThreatDto } from "./threat-dto";

export async function createThreat(caller: TCaller, modelId: string, input: TCreateThreat) {
  return db.$transaction(async (tx) => {
    const model = await loadModel(tx, caller, modelId);
    assertDraft(model);
    await recordContributor(tx, caller, model);
    await checkThreatOperations(tx, caller, model.apiId, input.operationIds);
    const score = riskScore(input.likelihood, input.impact);
    const { operationIds, acceptanceExpiresAt, ...fields } = input;
    const threat = await tx.threat.create({
      data: {
        ...fields,
        acceptanceExpiresAt: acceptanceExpiresAt ? new Date(acceptanceExpiresAt) : null,
        orgId: caller.orgId,
        threatModelId: model.id,
        score,
        severity: severityOf(score, await getRiskBands(caller, tx)),
        source: "MANUAL",
        createdById: caller.userId,
        operations: { create: operationIds.map((operationId) => ({ orgId: caller.orgId, operationId })) },
      },
      select: threatSelect,
    });
    await recordAuditEventBy(caller, { action: "threat.created", targetType: "threat", targetId: threat.id, metadata: { threatModelId: model.id, title: threat.title } }, tx);
    return toThreatDto(threat);
  });
}
