import "server-only";
import type { TDashboard } from "./get-dashboard";

// The dashboard is read far more often than the data under it changes, and ten people opening
// it at once should not compute it ten times. Results are kept per organisation and filters,
// keyed by a data version read on every request (one tiny statement): any write to APIs, teams,
// threats, models, answers, operations (all through the rollups), mitigations or settings bumps
// it, so a cached dashboard does not outlive the data it shows. The version moves when the write
// happens, not when it commits, so a dashboard computed in between can miss that write; the
// minute in the key bounds that to a minute, and also refreshes the figures that move with the
// clock (overdue work, current models). Concurrent misses for the same key share one computation.

export const MAX_ENTRIES = 200;
export const cache = new Map<string, TDashboard>();
export const inFlight = new Map<string, Promise<TDashboard>>();

/** For tests: forget every cached dashboard. */
export function clearDashboardCache(): void {
  cache.clear();
}
