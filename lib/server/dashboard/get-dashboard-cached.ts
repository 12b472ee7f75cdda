import "server-only";
import { db } from "@/lib/db";
import type { TOrgScope } from "@/lib/server/scope";
import type { TPortfolioFilters } from "@/lib/validation/portfolio";
import { cache, inFlight, MAX_ENTRIES } from "./dashboard-cache";
import { getDashboard, type TDashboard } from "./get-dashboard";

/** The data version every relevant write bumps (a sequence; see migration 20261128200000). */
async function dataStamp(): Promise<string> {
  const [row] = await db.$queryRaw<{ version: bigint }[]>`SELECT last_value AS version FROM bulwark_dashboard_data_version`;
  return String(row?.version ?? 0);
}

export async function getDashboardCached(caller: TOrgScope, filters: TPortfolioFilters, now = new Date()): Promise<TDashboard> {
  const key = JSON.stringify([caller.orgId, filters, await dataStamp(), Math.floor(now.getTime() / 60_000)]);
  const hit = cache.get(key);
  if (hit) {
    // Most recently used last, so the oldest entry is the first to go.
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const pending = inFlight.get(key);
  if (pending) return pending;
  const computing = getDashboard(caller, filters, now)
    .then((dashboard) => {
      cache.set(key, dashboard);
      if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      return dashboard;
    })
    .finally(() => inFlight.delete(key));
  inFlight.set(key, computing);
  return computing;
}
