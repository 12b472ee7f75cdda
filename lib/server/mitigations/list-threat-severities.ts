import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import type { Severity } from "@/lib/generated/prisma/enums";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

/** The severities of the threats a mitigation answers, which must all be the organisation's; they set its SLA. */
export async function listThreatSeverities(tx: DbTransaction, caller: TOrgScope, threatIds: string[]): Promise<Severity[]> {
  const threats = await tx.threat.findMany({ where: inOrg(caller, { id: { in: threatIds } }), select: { severity: true } });
  if (threats.length !== new Set(threatIds).size) {
    throw new AppError("VALIDATION_FAILED", "Link threats of this organisation only.", { fieldErrors: [fieldError("threatIds", "Unknown threat.")] });
  }
  return threats.map((threat) => threat.severity);
}
