import "server-only";
import { AppError } from "@/lib/core/app-error";
import type { TSlaSettings } from "@/lib/core/mitigations/sla";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { inOrg, type TCaller } from "@/lib/server/scope";
import { getSlaSettings } from "@/lib/server/settings/get-sla-settings";

export async function updateSlaSettings(caller: TCaller, input: Omit<TSlaSettings, "reviewIntervalDays"> & { reviewIntervalDays?: number; version: number }) {
  const { version, ...sla } = input;
  return db.$transaction(async (tx) => {
    const conflict = () => new AppError("CONFLICT", "Someone else changed these settings since you opened them. Reload and try again.");
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`bulwark:risk-bands:${caller.orgId}`}))`;
    const current = await getSlaSettings(caller, tx);
    if (current.version !== version) throw conflict();
    if (current.version === 0) await tx.orgSettings.create({ data: { orgId: caller.orgId, ...sla, version: 1 } });
    else if ((await tx.orgSettings.updateMany({ where: inOrg(caller, { version }), data: { ...sla, version: { increment: 1 } } })).count === 0) throw conflict();
    await recordAuditEventBy(caller, { action: "settings.sla_changed", targetType: "organization", targetId: caller.orgId, metadata: { to: sla } }, tx);
    return getSlaSettings(caller, tx);
  });
}
