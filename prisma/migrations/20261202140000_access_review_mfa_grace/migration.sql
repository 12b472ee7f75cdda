-- Assessment findings 6 and 11.

-- 6. Four-eyes review: everyone who wrote in a version (created or submitted it, edited it,
-- answered its checklist, added or changed its threats) is recorded on the version, because
-- answers and threats keep only their latest author. Nobody on the list may review it.
ALTER TABLE "ThreatModel" ADD COLUMN "contributorIds" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Existing versions: the people the rows and the audit log name. Copies of earlier versions'
-- answers and threats count too, which errs on the strict side for models started before this.
UPDATE "ThreatModel" m SET "contributorIds" = ARRAY(
  SELECT DISTINCT person FROM (
    SELECT m."authorId" AS person
    UNION SELECT r."actorId" FROM "ThreatModelReview" r WHERE r."threatModelId" = m.id AND r.action = 'SUBMITTED'
    UNION SELECT a."answeredById" FROM "ChecklistAnswer" a WHERE a."threatModelId" = m.id
    UNION SELECT t."createdById" FROM "Threat" t WHERE t."threatModelId" = m.id
    UNION SELECT e."actorId" FROM "AuditEvent" e
     WHERE e."orgId" = m."orgId"
       AND ((e."targetType" = 'threat_model' AND e."targetId" = m.id AND e.action IN ('threat_model.created', 'threat_model.version_started', 'threat_model.updated', 'threat_model.answered', 'threat_model.submitted'))
         OR (e."targetType" = 'threat' AND e.action IN ('threat.created', 'threat.updated') AND e."targetId" IN (SELECT t.id FROM "Threat" t WHERE t."threatModelId" = m.id)))
  ) people
  WHERE person IS NOT NULL
  ORDER BY person
);

-- 11. Requiring MFA starts a grace period: enrolment is forced from this moment on.
ALTER TABLE "Organization" ADD COLUMN "mfaRequiredFrom" TIMESTAMP(3);
-- Organisations that already require it keep requiring it, at once.
UPDATE "Organization" SET "mfaRequiredFrom" = CURRENT_TIMESTAMP WHERE "requireMfa";
-- A requirement always has its moment, and a moment only exists with the requirement.
ALTER TABLE "Organization" ADD CONSTRAINT "Organization_mfa_required_from" CHECK ("requireMfa" = ("mfaRequiredFrom" IS NOT NULL));
