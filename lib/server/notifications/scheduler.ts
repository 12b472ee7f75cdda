import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { unsafeRecordRiskSnapshots } from "@/lib/server/dashboard/unsafe-record-risk-snapshots";
import { unsafeRunReminders } from "./unsafe-run-reminders";

let timer: NodeJS.Timeout | undefined;
let lastSnapshot = 0;
const SNAPSHOT_EVERY_MS = 60 * 60 * 1000;

/** Starts the in-process reminder and risk-snapshot jobs (instrumentation.ts calls this once per server). */
export function unsafeStartJobs(intervalMs = env.REMINDER_INTERVAL_MS): void {
  if (timer || intervalMs <= 0) return;
  const tick = async () => {
    try {
      const run = await unsafeRunReminders();
      if (run.dueSoon || run.overdue || run.reopened) logger.info("reminders sent", run);
    } catch (error) {
      logger.error("reminder run failed", { error });
    }
    // The dashboard's weekly risk history; an upsert, so instances running it at once agree.
    if (Date.now() - lastSnapshot >= SNAPSHOT_EVERY_MS) {
      try {
        await unsafeRecordRiskSnapshots();
        lastSnapshot = Date.now();
      } catch (error) {
        logger.error("risk snapshot failed", { error });
      }
    }
  };
  // A little jitter so instances started together do not always collide on the lock.
  timer = setInterval(() => void tick(), intervalMs + Math.floor(Math.random() * 1000));
  timer.unref();
  setTimeout(() => void tick(), 5_000).unref();
}
