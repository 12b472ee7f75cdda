import "server-only";
import { db } from "@/lib/db";
import { weekStart } from "@/lib/core/dashboard/week-start";

/**
 * Records this week's open threats per modelled API (one row per API and week, the latest state of
 * the week wins), in every organisation at once. Run by the scheduler; the dashboard's trend reads these rows.
 */
export async function unsafeRecordRiskSnapshots(now = new Date()): Promise<number> {
  const week = weekStart(now);
  return db.$executeRaw`
    INSERT INTO "RiskSnapshot" ("apiId", "weekStart", "orgId", "openCritical", "openHigh", "openMedium", "openLow", "takenAt")
    SELECT "apiId", ${week}::date, "orgId", "openCritical", "openHigh", "openMedium", "openLow", ${now}
      FROM "ApiRiskRollup" WHERE "currentModelId" IS NOT NULL
    ON CONFLICT ("apiId", "weekStart") DO UPDATE SET
      "openCritical" = EXCLUDED."openCritical", "openHigh" = EXCLUDED."openHigh",
      "openMedium" = EXCLUDED."openMedium", "openLow" = EXCLUDED."openLow", "takenAt" = EXCLUDED."takenAt"
    WHERE "RiskSnapshot"."takenAt" <= EXCLUDED."takenAt"`;
}
