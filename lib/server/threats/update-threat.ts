import "server-only";
import { AppError, fieldError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { assertDraft } from "@/lib/core/threat-models/draft-rule";
import { loadModel } from "@/lib/server/threat-models/load-model";
import { recordContributor } from "@/lib/server/threat-models/record-contributor";
import { riskScore, severityOf } from "@/lib/core/threats/risk";
import type { TUpdateThreat } from "@/lib/validation/threats";
import { checkThreatOperations } from "./check-threat-operations";
import { threatSelect, toThreatDto } from "./threat-dto";

const TRACKING_FIELDS = new Set(["version", "status", "acceptanceJustification", "acceptanceExpiresAt"]);

/**
 * An accepted risk keeps a reason and a future expiry, whatever part of it a request changes.
 * (An expiry that passes later is handled when acceptances expire, not here.)
 */
function assertAcceptance(
  before: { acceptanceJustification: string | null; acceptanceExpiresAt: Date | null },
  change: { justification: string | null | undefined; expiresAt: string | null | undefined; statusChanged: boolean },
) {
  const justification = change.justification !== undefined ? change.justification : before.acceptanceJustification;
  if (!justification?.trim()) {
    throw new AppError("VALIDATION_FAILED", "An accepted risk needs a justification.", { fieldErrors: [fieldError("acceptanceJustification", "Say why the risk is accepted.")] });
  }
  if (change.expiresAt === undefined && !change.statusChanged) return;
  const expires = change.expiresAt !== undefined ? (change.expiresAt ? new Date(change.expiresAt) : null) : before.acceptanceExpiresAt;
  if (!expires || expires.getTime() <= Date.now()) {
    throw new AppError("VALIDATION_FAILED", "An accepted risk needs an expiry date in the future.", { fieldErrors: [fieldError("acceptanceExpiresAt", "Choose a date in the future.")] });
  }
}

export async function updateThreat(caller: TCaller, id: string, input: TUpdateThreat) {
  const { version, operationIds, acceptanceExpiresAt, ...fields } = input;
  return db.$transaction(async (tx) => {
    const before = await tx.threat.findFirst({
      where: byIdInOrg(caller, id),
      select: { threatModelId: true, likelihood: true, impact: true, status: true, score: true, version: true, acceptanceJustification: true, acceptanceExpiresAt: true },
    });
    if (!before) throw notFound("threat");
    const model = await loadModel(tx, caller, before.threatModelId);
    // The analysis is frozen once a model is submitted; tracking (status, acceptance) goes on
    // after approval, as the mitigations get done.
    const trackingOnly = Object.keys(input).every((key) => TRACKING_FIELDS.has(key));
    if (!(trackingOnly && model.status === "APPROVED")) assertDraft(model);
    // Tracking an approved model's threats is not writing the version that was reviewed.
    if (model.status === "DRAFT") await recordContributor(tx, caller, model);
    if (operationIds) await checkThreatOperations(tx, caller, model.apiId, operationIds);
    const likelihood = fields.likelihood ?? before.likelihood;
    const impact = fields.impact ?? before.impact;
    const score = riskScore(likelihood, impact);
    const status = fields.status ?? before.status;
    if (status === "ACCEPTED") assertAcceptance(before, { justification: fields.acceptanceJustification, expiresAt: acceptanceExpiresAt, statusChanged: fields.status !== undefined });
    const data: Prisma.ThreatUncheckedUpdateManyInput = {
      ...fields,
      score,
      severity: severityOf(score, await getRiskBands(caller, tx)),
      version: { increment: 1 },
      ...(acceptanceExpiresAt !== undefined ? { acceptanceExpiresAt: acceptanceExpiresAt ? new Date(acceptanceExpiresAt) : null } : {}),
      // An accepted risk's reasons belong to the acceptance; they go when the status moves on.
      ...(status !== "ACCEPTED" ? { acceptanceJustification: null, acceptanceExpiresAt: null } : {}),
    };
    const { count } = await tx.threat.updateMany({ where: { ...byIdInOrg(caller, id), version }, data });
    if (count === 0) throw new AppError("CONFLICT", `Someone else changed this threat since you opened it (you have version ${version}, the current one is ${before.version}). Reload to see their changes.`);
    if (operationIds) {
      // Links kept keep the reasons the rules gave them; only the ones taken out or added change.
      await tx.threatOperation.deleteMany({ where: inOrg(caller, { threatId: id, operationId: { notIn: operationIds } }) });
      await tx.threatOperation.createMany({ data: operationIds.map((operationId) => ({ orgId: caller.orgId, threatId: id, operationId })), skipDuplicates: true });
    }
    const after = await tx.threat.findFirstOrThrow({ where: byIdInOrg(caller, id), select: threatSelect });
    await recordAuditEventBy(
      caller,
      {
        action: "threat.updated",
        targetType: "threat",
        targetId: id,
        metadata: { fields: Object.keys(input).filter((key) => key !== "version"), score: { from: before.score, to: after.score }, status: { from: before.status, to: after.status } },
      },
      tx,
    );
    return toThreatDto(after);
  });
}
