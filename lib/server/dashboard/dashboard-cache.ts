import "server-only";
import type { TDashboard } from "./get-dashboard";

// This process's computed dashboards by key (get-dashboard-cached.ts builds the key), the most
// recently used last so the oldest is the first to go.

const MAX_ENTRIES = 200;
const cache = new Map<string, TDashboard>();
const inFlight = new Map<string, Promise<TDashboard>>();

/** The dashboard kept under `key`, else `compute`'s; concurrent misses of one key share one computation. */
export function cachedDashboard(key: string, compute: () => Promise<TDashboard>): Promise<TDashboard> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return Promise.resolve(hit);
  }
  const pending = inFlight.get(key);
  if (pending) return pending;
  const computing = compute()
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
