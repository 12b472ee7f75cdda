import "server-only";
import { db, type DbTransaction } from "@/lib/db";
import { DEFAULT_SLA, type TSlaSettings } from "@/lib/core/mitigations/sla";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

export async function getSlaSettings(caller: TOrgScope, tx: Pick<typeof db, "orgSettings"> | DbTransaction = db): Promise<TSlaSettings & { version: number }> {
  const settings = await tx.orgSettings.findUnique({
    where: inOrg(caller),
    select: { slaCriticalDays: true, slaHighDays: true, slaMediumDays: true, slaLowDays: true, independentVerification: true, reviewIntervalDays: true, version: true },
  });
  return settings ?? { ...DEFAULT_SLA, version: 0 };
}

/** Approved threat models older than the organisation's review interval no longer count as current. */
export async function modelFreshSince(caller: TOrgScope, now = new Date()): Promise<{ since: Date; reviewIntervalDays: number }> {
  const settings = await db.orgSettings.findUnique({ where: inOrg(caller), select: { reviewIntervalDays: true } });
  const reviewIntervalDays = settings?.reviewIntervalDays ?? DEFAULT_SLA.reviewIntervalDays;
  return { since: new Date(now.getTime() - reviewIntervalDays * 24 * 60 * 60 * 1000), reviewIntervalDays };
}
