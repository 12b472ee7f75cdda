import "server-only";
import type { DbTransaction } from "@/lib/db";
import type { ChecklistAnswerValue, DataClassification, DataFlag, Exposure, ThreatSource } from "@/lib/generated/prisma/enums";
import type { TChecklistEntry } from "@/lib/server/catalog/catalog";
import { riskScore, severityOf, type TRiskBands } from "@/lib/threats/risk";

// Keeps the checklist and its threats in step: "yes" and "unsure" answers have a threat with the
// entry's suggested mitigations; "no" and "not applicable" set that threat aside (never delete
// it, so scoring and notes survive a change of mind).

export type TApiFacts = { exposure: Exposure; dataClassification: DataClassification; dataFlags: DataFlag[] };

const IMPACT_BY_CLASSIFICATION: Record<DataClassification, number> = { PUBLIC: 1, INTERNAL: 2, CONFIDENTIAL: 3, RESTRICTED: 4 };

/**
 * A first estimate, to be refined by a person: a confirmed threat on an internet-facing API is
 * likelier; impact follows the data classification. Deliberately moderate, so the estimate never
 * paints every threat critical before anyone has looked.
 */
export function initialRisk(api: TApiFacts, answer: ChecklistAnswerValue): { likelihood: number; impact: number } {
  const likelihood = (answer === "YES" ? 3 : 2) + (api.exposure === "INTERNET" ? 1 : 0);
  return { likelihood, impact: IMPACT_BY_CLASSIFICATION[api.dataClassification] };
}

export async function syncThreatForAnswer(
  tx: DbTransaction,
  input: {
    orgId: string;
    threatModelId: string;
    entry: TChecklistEntry;
    answer: ChecklistAnswerValue;
    source: ThreatSource;
    reason: string | null;
    operationIds: string[];
    actorId: string | null;
    api: TApiFacts;
    bands: TRiskBands;
  },
): Promise<{ threatId: string | null }> {
  const existing = await tx.threat.findFirst({
    where: { orgId: input.orgId, threatModelId: input.threatModelId, catalogEntryKey: input.entry.key },
    select: { id: true, status: true },
  });
  const applies = input.answer === "YES" || input.answer === "UNSURE";
  if (!applies) {
    if (existing?.status === "OPEN") {
      await tx.threat.updateMany({ where: { id: existing.id, orgId: input.orgId }, data: { status: "NOT_APPLICABLE", version: { increment: 1 } } });
    }
    return { threatId: existing?.id ?? null };
  }
  if (existing) {
    if (existing.status === "NOT_APPLICABLE") {
      await tx.threat.updateMany({ where: { id: existing.id, orgId: input.orgId }, data: { status: "OPEN", version: { increment: 1 } } });
    }
    return { threatId: existing.id };
  }
  const { likelihood, impact } = initialRisk(input.api, input.answer);
  const score = riskScore(likelihood, impact);
  const description = [input.entry.whyItMatters, input.reason ? `Pre-answered ${input.answer === "YES" ? "yes" : "unsure"} ${input.reason}.` : null].filter(Boolean).join("\n\n");
  const threat = await tx.threat.create({
    data: {
      orgId: input.orgId,
      threatModelId: input.threatModelId,
      title: input.entry.title,
      description,
      category: input.entry.category,
      owaspApiId: input.entry.owaspApi[0] ?? null,
      stride: input.entry.stride,
      catalogEntryKey: input.entry.key,
      likelihood,
      impact,
      score,
      severity: severityOf(score, input.bands),
      source: input.source,
      createdById: input.actorId,
      operations: { create: input.operationIds.map((operationId) => ({ orgId: input.orgId, operationId })) },
    },
    select: { id: true },
  });
  // The entry's suggested mitigations, proposed: someone still has to accept and assign them.
  for (const suggestion of input.entry.mitigations) {
    await tx.mitigation.create({
      data: {
        orgId: input.orgId,
        title: suggestion.title,
        description: suggestion.description,
        status: "PROPOSED",
        createdById: input.actorId,
        threats: { create: { orgId: input.orgId, threatId: threat.id } },
      },
    });
  }
  return { threatId: threat.id };
}
