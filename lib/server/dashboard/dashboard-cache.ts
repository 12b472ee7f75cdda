import "server-only";
import { db } from "@/lib/db";
import type { TOrgScope } from "@/lib/server/scope";
import type { TPortfolioFilters } from "@/lib/validation/portfolio";
import { getDashboard, type TDashboard } from "./dashboard";

// The dashboard is read far more often than the data under it changes, and ten people opening
// it at once should not compute it ten times. Results are kept per organisation and filters,
// keyed by a data version read on every request (one tiny statement): any write to APIs, teams,
// threats, models, answers, operations (all through the rollups), mitigations or settings bumps
// it, so a cached dashboard does not outlive the data it shows. The version moves when the write
// happens, not when it commits, so a dashboard computed in between can miss that write; the
// minute in the key bounds that to a minute, and also refreshes the figures that move with the
// clock (overdue work, current models). Concurrent misses for the same key share one computation.

const MAX_ENTRIES = 200;
const cache = new Map<string, TDashboard>();
const inFlight = new Map<string, Promise<TDashboard>>();

/** The data version every relevant write bumps (a sequence; see migration 20261128200000). */
async function dataStamp(): Promise<string> {
  const [row] = await db.$queryRaw<{ version: bigint }[]>`SELECT last_value AS version FROM bulwark_dashboard_data_version`;
  return String(row?.version ?? 0);
}

export async function getDashboardCached(scope: TOrgScope, filters: TPortfolioFilters, now = new Date()): Promise<TDashboard> {
  const key = JSON.stringify([scope.orgId, filters, await dataStamp(), Math.floor(now.getTime() / 60_000)]);
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last, so the oldest entry is the first to go.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const pending = inFlight.get(key);
  if (pending) return pending;
  const computing = getDashboard(scope, filters, now)
    .then((dashboard) => {
      cache.set(key, dashboard);
      if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      return dashboard;
    })
    .finally(() => inFlight.delete(key));
  inFlight.set(key, computing);
  return computing;
}

/** For tests: forget every cached dashboard. */
export function clearDashboardCache(): void {
  cache.clear();
}
