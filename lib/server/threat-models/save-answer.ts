import "server-only";
import { AppError, fieldError, notFound } from "@/lib/core/app-error";
import { db, type DbTransaction } from "@/lib/db";
import type { ChecklistAnswerValue, DataClassification, DataFlag, Exposure, ThreatStatus } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/server/bulk-insert";
import { byIdInOrg, type TCaller, type TOrgScope } from "@/lib/server/scope";
import { DEFAULT_RISK_BANDS } from "@/lib/core/threats/risk";
import type { TSaveAnswer } from "@/lib/validation/threat-models";
import { insertGeneratedThreat, type TGeneratedThreatEntry } from "./generated-threats";
import { assertDraft } from "@/lib/core/threat-models/draft-rule";
import { scoreOf, type TRuleEvidence } from "@/lib/core/threat-models/pre-answers";

// One saved answer is a hot path (every click in the wizard), so it runs a fixed number of
// statements on the transaction's one connection: BEGIN, one context read, the answer upsert,
// at most one threat write, one statement for touch + contributor + audit + progress, COMMIT.

type TAnswerContext = {
  id: string;
  status: string;
  entryKeys: string[];
  exposure: Exposure;
  dataClassification: DataClassification;
  dataFlags: DataFlag[];
  mediumFrom: number;
  highFrom: number;
  criticalFrom: number;
  entry: TGeneratedThreatEntry | null;
  prevAnswer: ChecklistAnswerValue | null;
  ruleAnswer: ChecklistAnswerValue | null;
  ruleReason: string | null;
  ruleOperationIds: string[] | null;
  ruleEvidence: TRuleEvidence | null;
  threatId: string | null;
  threatStatus: ThreatStatus | null;
};

/**
 * Everything one save needs, in one org-scoped statement: the model, its API's facts (not its
 * operations or findings), the risk bands, the entry (built-in first, else the organisation's own;
 * switched-off entries still count, as a model keeps the checklist it was created with), the
 * previous answer and the entry's threat.
 */
async function loadAnswerContext(tx: DbTransaction, caller: TOrgScope, modelId: string, entryKey: string): Promise<TAnswerContext> {
  const rows = await tx.$queryRaw<TAnswerContext[]>`
    SELECT m.id, m.status::text AS status, m."entryKeys",
           a.exposure::text AS exposure, a."dataClassification"::text AS "dataClassification", a."dataFlags"::text[] AS "dataFlags",
           COALESCE(s."mediumFrom", ${DEFAULT_RISK_BANDS.mediumFrom}::int) AS "mediumFrom",
           COALESCE(s."highFrom", ${DEFAULT_RISK_BANDS.highFrom}::int) AS "highFrom",
           COALESCE(s."criticalFrom", ${DEFAULT_RISK_BANDS.criticalFrom}::int) AS "criticalFrom",
           e.entry,
           p.answer::text AS "prevAnswer", p."ruleAnswer"::text AS "ruleAnswer", p."ruleReason", p."ruleOperationIds", p."ruleEvidence",
           t.id AS "threatId", t.status::text AS "threatStatus"
      FROM "ThreatModel" m
      JOIN "Api" a ON a.id = m."apiId" AND a."orgId" = m."orgId"
      LEFT JOIN "OrgSettings" s ON s."orgId" = m."orgId"
      LEFT JOIN LATERAL (
        SELECT entry FROM (
          SELECT 0 AS rank, jsonb_build_object('key', c.key, 'category', c.category, 'title', c.title, 'whyItMatters', c."whyItMatters",
                 'mitigations', c.mitigations, 'owaspApi', to_jsonb(c."owaspApi"), 'stride', to_jsonb(c.stride)) AS entry
            FROM "CatalogEntry" c WHERE c.key = ${entryKey}
          UNION ALL
          SELECT 1, jsonb_build_object('key', o.key, 'category', o.category, 'title', o.title, 'whyItMatters', o."whyItMatters",
                 'mitigations', o.mitigations, 'owaspApi', to_jsonb(o."owaspApi"), 'stride', to_jsonb(o.stride))
            FROM "OrgCatalogEntry" o WHERE o."orgId" = m."orgId" AND o.key = ${entryKey}
        ) candidates ORDER BY rank LIMIT 1
      ) e ON true
      LEFT JOIN "ChecklistAnswer" p ON p."threatModelId" = m.id AND p."orgId" = m."orgId" AND p."entryKey" = ${entryKey}
      LEFT JOIN "Threat" t ON t."threatModelId" = m.id AND t."orgId" = m."orgId" AND t."catalogEntryKey" = ${entryKey}
     WHERE m.id = ${modelId} AND m."orgId" = ${caller.orgId}`;
  const context = rows[0];
  if (!context) throw notFound("threat model");
  return context;
}

/** The rule's operations with their reasons; answers pre-answered before reasons were kept have ids only. */
const ruleOperations = (context: TAnswerContext) => context.ruleEvidence?.operations ?? (context.ruleOperationIds ?? []).map((operationId) => ({ operationId, reasons: [] }));

/** Saves one checklist answer as it is given and brings the entry's threat in line with it. */
export async function saveAnswer(caller: TCaller, modelId: string, input: TSaveAnswer) {
  return db.$transaction(async (tx) => {
    const context = await loadAnswerContext(tx, caller, modelId, input.entryKey);
    assertDraft(context);
    if (!context.entryKeys.includes(input.entryKey)) {
      throw new AppError("VALIDATION_FAILED", "This entry is not part of this model's checklist.", { fieldErrors: [fieldError("entryKey", "Unknown entry for this model.")] });
    }
    const entry = context.entry;
    if (!entry) throw new AppError("VALIDATION_FAILED", "This checklist entry no longer exists.", { fieldErrors: [fieldError("entryKey", "Unknown entry.")] });

    const answer = await tx.checklistAnswer.upsert({
      where: { threatModelId_entryKey: { threatModelId: context.id, entryKey: input.entryKey } },
      create: { orgId: caller.orgId, threatModelId: context.id, entryKey: input.entryKey, answer: input.answer, note: input.note, answeredById: caller.userId },
      update: { answer: input.answer, note: input.note, answeredById: caller.userId },
      select: { entryKey: true, answer: true, note: true, ruleAnswer: true, ruleReason: true, updatedAt: true },
    });

    // "yes" and "unsure" have a threat; "no" and "not applicable" set it aside (never delete it,
    // so scoring and notes survive a change of mind).
    const applies = input.answer === "YES" || input.answer === "UNSURE";
    let threatId = context.threatId;
    if (context.threatId && context.threatStatus === (applies ? "NOT_APPLICABLE" : "OPEN")) {
      await tx.threat.updateMany({ where: byIdInOrg(caller, context.threatId), data: { status: applies ? "OPEN" : "NOT_APPLICABLE", version: { increment: 1 } } });
    } else if (applies && !context.threatId) {
      // Agreeing with a rule keeps the rule as the threat's source and its operations as evidence.
      const agreesWithRule = context.ruleAnswer === input.answer;
      threatId = await insertGeneratedThreat(tx, {
        orgId: caller.orgId,
        threatModelId: context.id,
        entry,
        answer: input.answer,
        source: agreesWithRule ? "RULE" : "CHECKLIST",
        reason: agreesWithRule ? context.ruleReason : null,
        operations: agreesWithRule ? ruleOperations(context) : [],
        score: agreesWithRule ? scoreOf(context.ruleEvidence) : null,
        actorId: caller.userId,
        api: context,
        bands: context,
      });
    }

    // Touch the model, put the caller on its contributors (four-eyes: they may not review this
    // version), record the change of answer (not a note edit), and count progress, in one statement.
    const changed = context.prevAnswer !== input.answer;
    const metadata = JSON.stringify({ entryKey: input.entryKey, from: context.prevAnswer, to: input.answer });
    const [progress] = await tx.$queryRaw<{ answered: number }[]>`
      WITH touched AS (
        UPDATE "ThreatModel"
           SET "updatedAt" = now(),
               "contributorIds" = CASE WHEN ${caller.userId} = ANY(COALESCE("contributorIds", '{}')) THEN "contributorIds"
                                       ELSE array_append(COALESCE("contributorIds", '{}'), ${caller.userId}) END
         WHERE id = ${context.id} AND "orgId" = ${caller.orgId}
      ), audit AS (
        INSERT INTO "AuditEvent" (id, "orgId", "actorId", action, "targetType", "targetId", ip, "userAgent", metadata)
        SELECT ${newId()}, ${caller.orgId}, ${caller.userId}, 'threat_model.answered', 'threat_model', ${context.id}, ${caller.ip}, ${caller.userAgent?.slice(0, 512) ?? null}, ${metadata}::jsonb
         WHERE ${changed}
      )
      SELECT count(*)::int AS answered FROM "ChecklistAnswer"
       WHERE "threatModelId" = ${context.id} AND "orgId" = ${caller.orgId} AND "answeredById" IS NOT NULL`;
    return { answer, threatId, progress: { answered: progress?.answered ?? 0, total: context.entryKeys.length } };
  });
}
