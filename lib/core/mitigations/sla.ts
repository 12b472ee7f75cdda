import type { Severity } from "@/lib/generated/prisma/enums";

// Mitigation SLAs: days to fix by the worst linked threat's severity (OrgSettings), counted in
// whole days from when someone takes the work on. The app (lib/server/mitigations), the OTM
// import and the demo/bench generator (scripts/lib/demo-data) all date work with these.

export type TSlaSettings = { slaCriticalDays: number; slaHighDays: number; slaMediumDays: number; slaLowDays: number; independentVerification: boolean; reviewIntervalDays: number };

export const DEFAULT_SLA: TSlaSettings = { slaCriticalDays: 7, slaHighDays: 30, slaMediumDays: 90, slaLowDays: 180, independentVerification: false, reviewIntervalDays: 180 };

const DAY_MS = 24 * 60 * 60 * 1000;

export function slaDays(severity: Severity | null, sla: Pick<TSlaSettings, "slaCriticalDays" | "slaHighDays" | "slaMediumDays" | "slaLowDays">): number {
  if (severity === "CRITICAL") return sla.slaCriticalDays;
  if (severity === "HIGH") return sla.slaHighDays;
  if (severity === "MEDIUM") return sla.slaMediumDays;
  return sla.slaLowDays;
}

/** Midnight UTC, `days` days after `from`: due dates are whole days. */
export function dueDateFromSla(from: Date, days: number): Date {
  const date = new Date(from.getTime() + days * DAY_MS);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}
