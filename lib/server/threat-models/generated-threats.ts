import "server-only";
import { AppError } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import { newId } from "@/lib/server/bulk-insert";
import type { ChecklistAnswerValue, ThreatSource } from "@/lib/generated/prisma/enums";
import { generatedThreatFields, proposedMitigations, type TApiFacts, type TGeneratedThreatEntry } from "@/lib/core/threat-models/generated-threat";
import type { TRiskBands } from "@/lib/core/threats/risk";

// Keeps the checklist and its threats in step: "yes" and "unsure" answers have a threat with the
// entry's suggested mitigations; "no" and "not applicable" set that threat aside (never delete
// it, so scoring and notes survive a change of mind).

export type { TApiFacts, TGeneratedThreatEntry } from "@/lib/core/threat-models/generated-threat";

/** One answer's threat as the checklist and the rules describe it. */
export type TGeneratedThreatInput = {
  orgId: string;
  threatModelId: string;
  entry: TGeneratedThreatEntry;
  answer: ChecklistAnswerValue;
  source: ThreatSource;
  reason: string | null;
  /** The linked operations, each with the reasons the rules linked it for (none when a person answered). */
  operations: { operationId: string; reasons: string[] }[];
  /** Scores the rules' evidence supports; without them the first estimate from the API's facts applies. */
  score?: { likelihood: number; impact: number } | null;
  actorId: string | null;
  api: TApiFacts;
  bands: TRiskBands;
};

export async function syncThreatForAnswer(tx: DbTransaction, input: TGeneratedThreatInput): Promise<{ threatId: string | null }> {
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
  return { threatId: await insertGeneratedThreat(tx, input) };
}

/**
 * A new generated threat (checklist or rule) with its operations and the entry's suggested mitigations (proposed:
 * someone still has to accept and assign them), in one statement. ON CONFLICT: a concurrent save
 * of the same entry (a double click) already created it, so nothing is added and its id is returned.
 */
export async function insertGeneratedThreat(tx: DbTransaction, input: TGeneratedThreatInput): Promise<string> {
  const threat = generatedThreatFields({ ...input, score: input.score ?? undefined });
  const mitigations = proposedMitigations(input.entry).map((suggestion) => ({ id: newId(), title: suggestion.title, description: suggestion.description }));
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH threat AS (
      INSERT INTO "Threat" (id, "orgId", "threatModelId", title, description, category, "owaspApiId", stride, "catalogEntryKey", likelihood, impact, score, severity, source, "createdById", "updatedAt")
      VALUES (${newId()}, ${input.orgId}, ${input.threatModelId}, ${threat.title}, ${threat.description}, ${threat.category}, ${threat.owaspApiId},
              ${threat.stride}::text[], ${threat.catalogEntryKey}, ${threat.likelihood}, ${threat.impact}, ${threat.score}, ${threat.severity}::"Severity", ${input.source}::"ThreatSource", ${input.actorId}, now())
      ON CONFLICT ("threatModelId", "catalogEntryKey") DO NOTHING
      RETURNING id
    ), operations AS (
      INSERT INTO "ThreatOperation" ("orgId", "threatId", "operationId", reasons)
      SELECT ${input.orgId}, threat.id, linked."operationId", ARRAY(SELECT jsonb_array_elements_text(linked.reasons))
        FROM threat, jsonb_to_recordset(${JSON.stringify(input.operations)}::jsonb) AS linked("operationId" text, reasons jsonb)
    ), mitigations AS (
      INSERT INTO "Mitigation" (id, "orgId", title, description, status, "createdById", "updatedAt")
      SELECT suggestion.id, ${input.orgId}, suggestion.title, suggestion.description, 'PROPOSED', ${input.actorId}, now()
        FROM threat, jsonb_to_recordset(${JSON.stringify(mitigations)}::jsonb) AS suggestion(id text, title text, description text)
      RETURNING id
    ), links AS (
      INSERT INTO "ThreatMitigation" ("orgId", "threatId", "mitigationId")
      SELECT ${input.orgId}, threat.id, mitigations.id FROM threat, mitigations
    )
    SELECT id FROM threat
    UNION ALL
    SELECT id FROM "Threat" WHERE "orgId" = ${input.orgId} AND "threatModelId" = ${input.threatModelId} AND "catalogEntryKey" = ${input.entry.key} AND NOT EXISTS (SELECT 1 FROM threat)`;
  const id = rows[0]?.id;
  if (!id) throw new AppError("CONFLICT", "This entry's threat changed while saving. Reload and try again.");
  return id;
}
