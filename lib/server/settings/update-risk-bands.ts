import "server-only";
import { AppError } from "@/lib/core/app-error";
import type { TRiskBands } from "@/lib/core/threats/risk";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { inOrg, type TCaller } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";

/** New bands apply to scores from now on; existing threats are re-banded in the same transaction. */
export async function updateRiskBands(caller: TCaller, input: TRiskBands & { version: number }) {
  return db.$transaction(async (tx) => {
    const conflict = () => new AppError("CONFLICT", "Someone else changed the risk bands since you opened them. Reload and try again.");
    // Serialise saves per organisation, so the version check and the write cannot interleave.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`bulwark:risk-bands:${caller.orgId}`}))`;
    const current = await getRiskBands(caller, tx);
    if (current.version !== input.version) throw conflict();
    const bands = { mediumFrom: input.mediumFrom, highFrom: input.highFrom, criticalFrom: input.criticalFrom };
    if (current.version === 0) await tx.orgSettings.create({ data: { orgId: caller.orgId, ...bands, version: 1 } });
    else if ((await tx.orgSettings.updateMany({ where: inOrg(caller, { version: input.version }), data: { ...bands, version: { increment: 1 } } })).count === 0) throw conflict();
    await tx.$executeRaw`
      UPDATE "Threat" SET "severity" = (CASE
        WHEN "score" >= ${bands.criticalFrom} THEN 'CRITICAL'
        WHEN "score" >= ${bands.highFrom} THEN 'HIGH'
        WHEN "score" >= ${bands.mediumFrom} THEN 'MEDIUM'
        ELSE 'LOW' END)::"Severity"
      WHERE "orgId" = ${caller.orgId}`;
    await recordAuditEventBy(caller, { action: "settings.risk_bands_changed", targetType: "organization", targetId: caller.orgId, metadata: { from: { mediumFrom: current.mediumFrom, highFrom: current.highFrom, criticalFrom: current.criticalFrom }, to: bands } }, tx);
    return getRiskBands(caller, tx);
  });
}
