import "server-only";
import { db } from "@/lib/db";
import type { TOrgScope } from "@/lib/server/scope";
import type { TPortfolioFilters } from "@/lib/validation/portfolio";
import { cachedDashboard } from "./dashboard-cache";
import { getDashboard, type TDashboard } from "./get-dashboard";

// The dashboard is read far more often than the data under it changes, and ten people opening
// it at once should not compute it ten times. Results are kept per organisation and filters,
// keyed by a data version read on every request (one tiny statement): any write to APIs, teams,
// threats, models, answers, operations (all through the rollups), mitigations or settings bumps
// it, so a cached dashboard does not outlive the data it shows. The version moves when the write
// happens, not when it commits, so a dashboard computed in between can miss that write; the
// minute in the key bounds that to a minute, and also refreshes the figures that move with the
// clock (overdue work, current models). Concurrent misses for the same key share one computation.

/** The data version every relevant write bumps (a sequence; see migration 20261128200000). */
async function dataStamp(): Promise<string> {
  const [row] = await db.$queryRaw<{ version: bigint }[]>`SELECT last_value AS version FROM bulwark_dashboard_data_version`;
  return String(row?.version ?? 0);
}

export async function getDashboardCached(caller: TOrgScope, filters: TPortfolioFilters, now = new Date()): Promise<TDashboard> {
  const key = JSON.stringify([caller.orgId, filters, await dataStamp(), Math.floor(now.getTime() / 60_000)]);
  return cachedDashboard(key, () => getDashboard(caller, filters, now));
}
