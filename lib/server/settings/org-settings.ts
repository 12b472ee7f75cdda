import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db, type DbTransaction } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import type { TCaller, TOrgScope } from "@/lib/server/scope";
import { DEFAULT_RISK_BANDS, type TRiskBands } from "@/lib/core/threats/risk";
import { DEFAULT_SLA, type TSlaSettings } from "@/lib/core/mitigations/sla";

export async function getRiskBands(scope: TOrgScope, tx: Pick<typeof db, "orgSettings"> | DbTransaction = db): Promise<TRiskBands & { version: number }> {
  const settings = await tx.orgSettings.findUnique({ where: { orgId: scope.orgId }, select: { mediumFrom: true, highFrom: true, criticalFrom: true, version: true } });
  return settings ?? { ...DEFAULT_RISK_BANDS, version: 0 };
}

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
    else if ((await tx.orgSettings.updateMany({ where: { orgId: caller.orgId, version: input.version }, data: { ...bands, version: { increment: 1 } } })).count === 0) throw conflict();
    await tx.$executeRaw`
      UPDATE "Threat" SET "severity" = (CASE
        WHEN "score" >= ${bands.criticalFrom} THEN 'CRITICAL'
        WHEN "score" >= ${bands.highFrom} THEN 'HIGH'
        WHEN "score" >= ${bands.mediumFrom} THEN 'MEDIUM'
        ELSE 'LOW' END)::"Severity"
      WHERE "orgId" = ${caller.orgId}`;
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "settings.risk_bands_changed", targetType: "organization", targetId: caller.orgId, ip: caller.ip, userAgent: caller.userAgent, metadata: { from: { mediumFrom: current.mediumFrom, highFrom: current.highFrom, criticalFrom: current.criticalFrom }, to: bands } }, tx);
    return getRiskBands(caller, tx);
  });
}

export { DEFAULT_SLA, type TSlaSettings } from "@/lib/core/mitigations/sla";

/** Approved threat models older than the organisation's review interval no longer count as current. */
export async function modelFreshSince(scope: TOrgScope, now = new Date()): Promise<{ since: Date; reviewIntervalDays: number }> {
  const settings = await db.orgSettings.findUnique({ where: { orgId: scope.orgId }, select: { reviewIntervalDays: true } });
  const reviewIntervalDays = settings?.reviewIntervalDays ?? DEFAULT_SLA.reviewIntervalDays;
  return { since: new Date(now.getTime() - reviewIntervalDays * 24 * 60 * 60 * 1000), reviewIntervalDays };
}

export async function getSlaSettings(scope: TOrgScope, tx: Pick<typeof db, "orgSettings"> | DbTransaction = db): Promise<TSlaSettings & { version: number }> {
  const settings = await tx.orgSettings.findUnique({
    where: { orgId: scope.orgId },
    select: { slaCriticalDays: true, slaHighDays: true, slaMediumDays: true, slaLowDays: true, independentVerification: true, reviewIntervalDays: true, version: true },
  });
  return settings ?? { ...DEFAULT_SLA, version: 0 };
}

export async function updateSlaSettings(caller: TCaller, input: Omit<TSlaSettings, "reviewIntervalDays"> & { reviewIntervalDays?: number; version: number }) {
  const { version, ...sla } = input;
  return db.$transaction(async (tx) => {
    const conflict = () => new AppError("CONFLICT", "Someone else changed these settings since you opened them. Reload and try again.");
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`bulwark:risk-bands:${caller.orgId}`}))`;
    const current = await getSlaSettings(caller, tx);
    if (current.version !== version) throw conflict();
    if (current.version === 0) await tx.orgSettings.create({ data: { orgId: caller.orgId, ...sla, version: 1 } });
    else if ((await tx.orgSettings.updateMany({ where: { orgId: caller.orgId, version }, data: { ...sla, version: { increment: 1 } } })).count === 0) throw conflict();
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "settings.sla_changed", targetType: "organization", targetId: caller.orgId, ip: caller.ip, userAgent: caller.userAgent, metadata: { to: sla } }, tx);
    return getSlaSettings(caller, tx);
  });
}
