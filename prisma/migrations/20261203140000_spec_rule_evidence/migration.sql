-- Issue 14: the spec rules' evidence travels with what they pre-answer.
-- Each linked operation of a threat keeps the reasons it was linked for ("`POST /accounts` accepts `isAdmin` ...").
ALTER TABLE "ThreatOperation" ADD COLUMN "reasons" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- A pre-answer's evidence: the rules that fired, per operation its reasons, API-wide reasons and the
-- scores the evidence supports. Kept on the answer so that confirming it later builds the same threat.
ALTER TABLE "ChecklistAnswer" ADD COLUMN "ruleEvidence" JSONB;

-- Spec rules an organisation switched off (by rule id); the next model no longer pre-answers them.
ALTER TABLE "OrgSettings" ADD COLUMN "disabledSpecRuleIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

-- Rule hits a re-import found on an approved model that its answers do not have: "new since approval".
ALTER TABLE "ThreatModel" ADD COLUMN "newRuleHits" JSONB NOT NULL DEFAULT '[]'::jsonb,
ADD COLUMN "newRuleHitsAt" TIMESTAMP(3);
