-- Rollup refreshes lock the rollup row instead of taking a transaction-scoped advisory lock per
-- API (a transaction refreshing more than ~12,000 APIs ran out of lock-table memory), and only
-- answers a person confirmed count a category as assessed (rule pre-answers await confirmation,
-- as the checklist's progress already counts them).
CREATE OR REPLACE FUNCTION bulwark_refresh_api_rollup(target_api TEXT) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  api_org TEXT;
  current_id TEXT;
  current_status "ThreatModelStatus";
BEGIN
  -- The rollup row's own lock (rows exist from the API's insert on). Unlike an advisory lock it
  -- takes no slot in the shared lock table, so one transaction may refresh any number of APIs.
  PERFORM 1 FROM "ApiRiskRollup" WHERE "apiId" = target_api FOR UPDATE;
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
        WHERE a."threatModelId" = current_id AND a."answeredById" IS NOT NULL
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

-- Recompute with the new rule.
SELECT bulwark_refresh_api_rollup(id) FROM "Api";
