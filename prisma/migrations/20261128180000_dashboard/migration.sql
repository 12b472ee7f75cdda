-- Dashboard: per-API risk rollups kept current by triggers, weekly risk history, and the review
-- interval after which an approved model stops counting as current.

ALTER TABLE "OrgSettings" ADD COLUMN "reviewIntervalDays" INTEGER NOT NULL DEFAULT 180;

-- CreateTable
CREATE TABLE "ApiRiskRollup" (
    "apiId" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "currentModelId" TEXT,
    "currentModelStatus" "ThreatModelStatus",
    "approvedAt" TIMESTAMP(3),
    "openCritical" INTEGER NOT NULL DEFAULT 0,
    "openHigh" INTEGER NOT NULL DEFAULT 0,
    "openMedium" INTEGER NOT NULL DEFAULT 0,
    "openLow" INTEGER NOT NULL DEFAULT 0,
    "riskScore" INTEGER NOT NULL DEFAULT 0,
    "heat" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "owaspWorst" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "owaspAssessed" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ApiRiskRollup_pkey" PRIMARY KEY ("apiId")
);

-- CreateTable
CREATE TABLE "RiskSnapshot" (
    "apiId" TEXT NOT NULL,
    "weekStart" DATE NOT NULL,
    "orgId" TEXT NOT NULL,
    "openCritical" INTEGER NOT NULL,
    "openHigh" INTEGER NOT NULL,
    "openMedium" INTEGER NOT NULL,
    "openLow" INTEGER NOT NULL,
    "takenAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "RiskSnapshot_pkey" PRIMARY KEY ("apiId","weekStart")
);

-- CreateIndex
CREATE INDEX "ApiRiskRollup_orgId_riskScore_idx" ON "ApiRiskRollup"("orgId", "riskScore");

-- CreateIndex
CREATE INDEX "ApiRiskRollup_currentModelId_idx" ON "ApiRiskRollup"("currentModelId");

-- CreateIndex
CREATE INDEX "RiskSnapshot_orgId_weekStart_idx" ON "RiskSnapshot"("orgId", "weekStart");

-- AddForeignKey
ALTER TABLE "ApiRiskRollup" ADD CONSTRAINT "ApiRiskRollup_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiRiskRollup" ADD CONSTRAINT "ApiRiskRollup_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiRiskRollup" ADD CONSTRAINT "ApiRiskRollup_currentModelId_fkey" FOREIGN KEY ("currentModelId") REFERENCES "ThreatModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskSnapshot" ADD CONSTRAINT "RiskSnapshot_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RiskSnapshot" ADD CONSTRAINT "RiskSnapshot_apiId_fkey" FOREIGN KEY ("apiId") REFERENCES "Api"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One API's rollup, recomputed from scratch. Writers to the same API are serialised by a
-- transaction-scoped advisory lock, and each statement below reads a fresh snapshot, so a
-- refresh that waited for another transaction sees what that one committed.
CREATE FUNCTION bulwark_refresh_api_rollup(target_api TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  api_org TEXT;
  current_id TEXT;
  current_status "ThreatModelStatus";
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('bulwark:rollup:' || target_api));
  SELECT "orgId" INTO api_org FROM "Api" WHERE id = target_api;
  IF api_org IS NULL THEN
    RETURN;
  END IF;
  SELECT id, status INTO current_id, current_status FROM "ThreatModel"
    WHERE "apiId" = target_api AND status <> 'ARCHIVED'
    ORDER BY (status = 'APPROVED') DESC, "modelVersion" DESC
    LIMIT 1;
  INSERT INTO "ApiRiskRollup" AS r ("apiId", "orgId", "currentModelId", "currentModelStatus", "approvedAt", "openCritical", "openHigh", "openMedium", "openLow", "riskScore", "heat", "owaspWorst", "owaspAssessed", "updatedAt")
  SELECT
    target_api,
    api_org,
    current_id,
    current_status,
    (SELECT max("approvedAt") FROM "ThreatModel" WHERE "apiId" = target_api AND status = 'APPROVED'),
    count(*) FILTER (WHERE t.severity = 'CRITICAL'),
    count(*) FILTER (WHERE t.severity = 'HIGH'),
    count(*) FILTER (WHERE t.severity = 'MEDIUM'),
    count(*) FILTER (WHERE t.severity = 'LOW'),
    coalesce(sum(t.score), 0),
    (SELECT array_agg(coalesce(h.n, 0) ORDER BY g.cell)
       FROM generate_series(0, 24) AS g(cell)
       LEFT JOIN (SELECT (likelihood - 1) * 5 + (impact - 1) AS cell, count(*)::int AS n
                    FROM "Threat" WHERE "threatModelId" = current_id AND status = 'OPEN' GROUP BY 1) h ON h.cell = g.cell),
    (SELECT array_agg(coalesce(w.worst, 0) ORDER BY g.i)
       FROM generate_series(1, 10) AS g(i)
       LEFT JOIN (SELECT "owaspApiId" AS category,
                         max(CASE severity WHEN 'LOW' THEN 1 WHEN 'MEDIUM' THEN 2 WHEN 'HIGH' THEN 3 ELSE 4 END) AS worst
                    FROM "Threat" WHERE "threatModelId" = current_id AND status = 'OPEN' AND "owaspApiId" IS NOT NULL GROUP BY 1) w
         ON w.category = 'API' || g.i),
    (SELECT coalesce(array_agg(DISTINCT category ORDER BY category), ARRAY[]::TEXT[]) FROM (
       SELECT unnest(coalesce(c."owaspApi", oc."owaspApi", ARRAY[]::TEXT[])) AS category
         FROM "ChecklistAnswer" a
         LEFT JOIN "CatalogEntry" c ON c.key = a."entryKey"
         LEFT JOIN "OrgCatalogEntry" oc ON oc."orgId" = a."orgId" AND oc.key = a."entryKey"
        WHERE a."threatModelId" = current_id
       UNION
       SELECT "owaspApiId" FROM "Threat" WHERE "threatModelId" = current_id AND "owaspApiId" IS NOT NULL) assessed),
    CURRENT_TIMESTAMP
  FROM (SELECT severity, score FROM "Threat" WHERE "threatModelId" = current_id AND status = 'OPEN') t
  ON CONFLICT ("apiId") DO UPDATE SET
    "currentModelId" = EXCLUDED."currentModelId",
    "currentModelStatus" = EXCLUDED."currentModelStatus",
    "approvedAt" = EXCLUDED."approvedAt",
    "openCritical" = EXCLUDED."openCritical",
    "openHigh" = EXCLUDED."openHigh",
    "openMedium" = EXCLUDED."openMedium",
    "openLow" = EXCLUDED."openLow",
    "riskScore" = EXCLUDED."riskScore",
    "heat" = EXCLUDED."heat",
    "owaspWorst" = EXCLUDED."owaspWorst",
    "owaspAssessed" = EXCLUDED."owaspAssessed",
    "updatedAt" = EXCLUDED."updatedAt";
END $$;

-- Statement-level triggers: a bulk insert of 40,000 threats refreshes each API once, not 40,000 times.
CREATE FUNCTION bulwark_rollup_for_new_apis() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bulwark_refresh_api_rollup(id) FROM (SELECT DISTINCT id FROM changed_rows ORDER BY id) s;
  RETURN NULL;
END $$;

CREATE FUNCTION bulwark_rollup_for_models() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bulwark_refresh_api_rollup("apiId") FROM (SELECT DISTINCT "apiId" FROM changed_rows ORDER BY "apiId") s;
  RETURN NULL;
END $$;

-- Rows whose model is already gone (a model deleted with its threats) are covered by the model's trigger.
CREATE FUNCTION bulwark_rollup_for_model_children() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bulwark_refresh_api_rollup(api_id) FROM (
    SELECT DISTINCT m."apiId" AS api_id FROM changed_rows r JOIN "ThreatModel" m ON m.id = r."threatModelId" ORDER BY 1) s;
  RETURN NULL;
END $$;

CREATE TRIGGER "Api_rollup_insert" AFTER INSERT ON "Api" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_new_apis();

CREATE TRIGGER "ThreatModel_rollup_insert" AFTER INSERT ON "ThreatModel" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_models();
CREATE TRIGGER "ThreatModel_rollup_update" AFTER UPDATE ON "ThreatModel" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_models();
CREATE TRIGGER "ThreatModel_rollup_delete" AFTER DELETE ON "ThreatModel" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_models();

CREATE TRIGGER "Threat_rollup_insert" AFTER INSERT ON "Threat" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_model_children();
CREATE TRIGGER "Threat_rollup_update" AFTER UPDATE ON "Threat" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_model_children();
CREATE TRIGGER "Threat_rollup_delete" AFTER DELETE ON "Threat" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_model_children();

CREATE TRIGGER "ChecklistAnswer_rollup_insert" AFTER INSERT ON "ChecklistAnswer" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_model_children();
CREATE TRIGGER "ChecklistAnswer_rollup_update" AFTER UPDATE ON "ChecklistAnswer" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_model_children();
CREATE TRIGGER "ChecklistAnswer_rollup_delete" AFTER DELETE ON "ChecklistAnswer" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_model_children();

-- Existing APIs.
SELECT bulwark_refresh_api_rollup(id) FROM "Api";
