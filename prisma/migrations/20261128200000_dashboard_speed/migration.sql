-- Cheaper dashboard reads at scale: operations added since the approved model counted in the
-- rollup, each mitigation's worst linked severity kept on the mitigation, and indexes for the
-- lists the dashboard reads (newest operations, recently verified mitigations).

ALTER TABLE "ApiRiskRollup" ADD COLUMN "newOperations" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "ApiRiskRollup" ADD COLUMN "rev" INTEGER NOT NULL DEFAULT 0;

-- Bumped by every write the dashboard reads (rollup refreshes, mitigations, APIs, teams,
-- settings): the dashboard cache keys on it. A sequence, so writers never wait on each other.
CREATE SEQUENCE bulwark_dashboard_data_version;
ALTER TABLE "Mitigation" ADD COLUMN "severity" "Severity";

-- CreateIndex
CREATE INDEX "Operation_orgId_createdAt_idx" ON "Operation"("orgId", "createdAt");

-- CreateIndex
CREATE INDEX "Mitigation_orgId_status_verifiedAt_createdAt_severity_idx" ON "Mitigation"("orgId", "status", "verifiedAt", "createdAt", "severity");

CREATE OR REPLACE FUNCTION bulwark_refresh_api_rollup(target_api TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  api_org TEXT;
  current_id TEXT;
  current_status "ThreatModelStatus";
BEGIN
  -- The rollup row's own lock (rows exist from the API's insert on). Unlike an advisory lock it
  -- takes no slot in the shared lock table, so one transaction may refresh any number of APIs.
  PERFORM 1 FROM "ApiRiskRollup" WHERE "apiId" = target_api FOR UPDATE;
  PERFORM nextval('bulwark_dashboard_data_version');
  SELECT "orgId" INTO api_org FROM "Api" WHERE id = target_api;
  IF api_org IS NULL THEN
    RETURN;
  END IF;
  SELECT id, status INTO current_id, current_status FROM "ThreatModel"
    WHERE "apiId" = target_api AND status <> 'ARCHIVED'
    ORDER BY (status = 'APPROVED') DESC, "modelVersion" DESC
    LIMIT 1;
  INSERT INTO "ApiRiskRollup" AS r ("apiId", "orgId", "currentModelId", "currentModelStatus", "approvedAt", "openCritical", "openHigh", "openMedium", "openLow", "riskScore", "heat", "owaspWorst", "owaspAssessed", "newOperations", "updatedAt")
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
        WHERE a."threatModelId" = current_id AND a."answeredById" IS NOT NULL
       UNION
       SELECT "owaspApiId" FROM "Threat" WHERE "threatModelId" = current_id AND "owaspApiId" IS NOT NULL) assessed),
    (SELECT count(*) FROM "Operation" o
      WHERE o."apiId" = target_api AND o."removedAt" IS NULL
        AND o."createdAt" > (SELECT max("approvedAt") FROM "ThreatModel" WHERE "apiId" = target_api AND status = 'APPROVED')),
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
    "newOperations" = EXCLUDED."newOperations",
    "rev" = r."rev" + 1,
    "updatedAt" = EXCLUDED."updatedAt";
END $$;

CREATE TRIGGER "Operation_rollup_insert" AFTER INSERT ON "Operation" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_models();
CREATE TRIGGER "Operation_rollup_update" AFTER UPDATE ON "Operation" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_models();
CREATE TRIGGER "Operation_rollup_delete" AFTER DELETE ON "Operation" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_rollup_for_models();

-- A mitigation's severity: the worst of its linked threats (NULL when it answers none).
CREATE FUNCTION bulwark_refresh_mitigation_severity(targets TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "Mitigation" m
     SET severity = w.worst
    FROM (
      SELECT t.id,
             (SELECT th.severity FROM "ThreatMitigation" tl JOIN "Threat" th ON th.id = tl."threatId"
               WHERE tl."mitigationId" = t.id
               ORDER BY CASE th.severity WHEN 'CRITICAL' THEN 4 WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 ELSE 1 END DESC
               LIMIT 1) AS worst
        FROM unnest(targets) AS t(id)) w
   WHERE m.id = w.id AND m.severity IS DISTINCT FROM w.worst;
END $$;

CREATE FUNCTION bulwark_severity_for_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bulwark_refresh_mitigation_severity(ARRAY(SELECT DISTINCT "mitigationId" FROM changed_rows ORDER BY 1));
  RETURN NULL;
END $$;

-- Only threats whose severity changed touch their mitigations.
CREATE FUNCTION bulwark_severity_for_threats() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM bulwark_refresh_mitigation_severity(ARRAY(
    SELECT DISTINCT tl."mitigationId"
      FROM new_rows n JOIN old_rows o ON o.id = n.id
      JOIN "ThreatMitigation" tl ON tl."threatId" = n.id
     WHERE n.severity IS DISTINCT FROM o.severity
     ORDER BY 1));
  RETURN NULL;
END $$;

CREATE TRIGGER "ThreatMitigation_severity_insert" AFTER INSERT ON "ThreatMitigation" REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_severity_for_links();
CREATE TRIGGER "ThreatMitigation_severity_delete" AFTER DELETE ON "ThreatMitigation" REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_severity_for_links();
CREATE TRIGGER "Threat_severity_update" AFTER UPDATE ON "Threat" REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION bulwark_severity_for_threats();

CREATE FUNCTION bulwark_bump_dashboard_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM nextval('bulwark_dashboard_data_version');
  RETURN NULL;
END $$;

CREATE TRIGGER "Mitigation_dashboard_version" AFTER INSERT OR UPDATE OR DELETE ON "Mitigation" FOR EACH STATEMENT EXECUTE FUNCTION bulwark_bump_dashboard_version();
CREATE TRIGGER "Api_dashboard_version" AFTER INSERT OR UPDATE OR DELETE ON "Api" FOR EACH STATEMENT EXECUTE FUNCTION bulwark_bump_dashboard_version();
CREATE TRIGGER "Team_dashboard_version" AFTER INSERT OR UPDATE OR DELETE ON "Team" FOR EACH STATEMENT EXECUTE FUNCTION bulwark_bump_dashboard_version();
CREATE TRIGGER "OrgSettings_dashboard_version" AFTER INSERT OR UPDATE OR DELETE ON "OrgSettings" FOR EACH STATEMENT EXECUTE FUNCTION bulwark_bump_dashboard_version();

-- Existing rows.
UPDATE "Mitigation" m SET severity = w.worst FROM (
  SELECT tl."mitigationId" AS id,
         (array_agg(th.severity ORDER BY CASE th.severity WHEN 'CRITICAL' THEN 4 WHEN 'HIGH' THEN 3 WHEN 'MEDIUM' THEN 2 ELSE 1 END DESC))[1] AS worst
    FROM "ThreatMitigation" tl JOIN "Threat" th ON th.id = tl."threatId" GROUP BY tl."mitigationId") w
 WHERE m.id = w.id;
SELECT bulwark_refresh_api_rollup(id) FROM "Api";
