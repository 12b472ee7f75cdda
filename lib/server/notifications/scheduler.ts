import "server-only";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { runReminders } from "./reminders";

let timer: NodeJS.Timeout | undefined;

/** Starts the in-process reminder job (instrumentation.ts calls this once per server). */
export function startReminderScheduler(intervalMs = env.REMINDER_INTERVAL_MS): void {
  if (timer || intervalMs <= 0) return;
  const tick = async () => {
    try {
      const run = await runReminders();
      if (run.dueSoon || run.overdue || run.reopened) logger.info("reminders sent", run);
    } catch (error) {
      logger.error("reminder run failed", { error });
    }
  };
  // A little jitter so instances started together do not always collide on the lock.
  timer = setInterval(() => void tick(), intervalMs + Math.floor(Math.random() * 1000));
  timer.unref();
  setTimeout(() => void tick(), 5_000).unref();
}
