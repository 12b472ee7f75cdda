import type { ChecklistAnswerValue } from "@/lib/generated/prisma/enums";
import type { TOperationModel } from "@/lib/core/specs/operation-model/types";
import { evaluateRules, type TRuleContext, type TRuleOperation } from "./rules";
import { runSpecRules } from "./spec-rules/engine";
import type { TScore, TSpecRuleContext } from "./spec-rules/types";

// What the rules pre-answer for a new threat model, from two sources:
// - the spec rules (spec-rules/), over the normalised model every imported operation stores: per
//   operation and per field, with a reason for each linked operation and scores from the evidence;
// - the recorded-facts rules (rules.ts), over what the inventory says (schemes, exposure, data
//   classification, environments) and over operations that have no stored model (rows created
//   without an import, such as the demo data), which they judge by the flags recorded with them.
// Per catalogue entry the answers fold into one: YES over UNSURE over NO, the spec rules' reason
// first, every linked operation with its own reasons.

/** What the rules saw, keyed so evidence can be tied back to Operation rows. */
export type TPreAnswerContext = {
  facts: TRuleContext["api"];
  /** Operations with a stored model: the model of each, and its row id by model key. */
  model: TOperationModel;
  operationIdByKey: Map<string, string>;
  /** Operations without a stored model, judged by their recorded flags. */
  unmodelled: TRuleOperation[];
  findings: (TSpecRuleContext["findings"][number] & { operationId: string | null })[];
};

/** Stored with the pre-answer (ChecklistAnswer.ruleEvidence), so confirming it later links the same evidence. */
export type TRuleEvidence = {
  ruleIds: string[];
  operations: { operationId: string; reasons: string[] }[];
  apiReasons: string[];
  /** Scores the spec evidence supports; null when only recorded facts answered (the first estimate applies). */
  likelihood: TScore | null;
  impact: TScore | null;
};

export type TPreAnswer = {
  entryKey: string;
  answer: ChecklistAnswerValue;
  reason: string;
  /** LINT when only lint findings led to the answer. */
  source: "RULE" | "LINT";
  evidence: TRuleEvidence;
};

/** A rule hit a re-import found that an approved model's answers lack (ThreatModel.newRuleHits). */
export type TNewRuleHit = { entryKey: string; answer: "YES" | "UNSURE"; operationId: string | null; reason: string };

const RANK: Record<ChecklistAnswerValue, number> = { YES: 3, UNSURE: 2, NO: 1, NOT_APPLICABLE: 0 };

/** Rule ids of the spec rules that read only lint findings: an answer from them alone is sourced LINT. */
const isLintRule = (ruleId: string) => ruleId.startsWith("lint-");

export function preAnswer(context: TPreAnswerContext, options: { disabledRuleIds?: Iterable<string> } = {}): TPreAnswer[] {
  const byEntry = new Map<string, TPreAnswer>();

  const specContext: TSpecRuleContext = {
    model: context.model,
    api: { exposure: context.facts.exposure, lifecycle: context.facts.lifecycle, dataClassification: context.facts.dataClassification, dataFlags: context.facts.dataFlags },
    findings: context.findings.map(({ ruleId, operationKey, message }) => ({ ruleId, operationKey, message })),
  };
  for (const answer of runSpecRules(specContext, { disabledRuleIds: options.disabledRuleIds })) {
    const operations = new Map<string, string[]>();
    for (const linked of answer.operations) {
      const operationId = operationIdOf(context, linked.operationKey);
      if (!operationId) continue;
      // A callback's evidence lands on the operation that registers it; its reasons name the callback.
      operations.set(operationId, [...(operations.get(operationId) ?? []), ...linked.reasons]);
    }
    byEntry.set(answer.entryKey, {
      entryKey: answer.entryKey,
      answer: answer.answer,
      reason: answer.reason,
      source: answer.ruleIds.every(isLintRule) ? "LINT" : "RULE",
      evidence: {
        ruleIds: answer.ruleIds,
        operations: [...operations].map(([operationId, reasons]) => ({ operationId, reasons })),
        apiReasons: answer.apiReasons,
        likelihood: answer.likelihood,
        impact: answer.impact,
      },
    });
  }

  // The recorded facts, and the unmodelled operations; lint findings are the spec rules' to read.
  const hasModel = context.model.operations.length > 0;
  for (const answer of evaluateRules({ api: context.facts, operations: context.unmodelled, findings: [] })) {
    // "Every operation requires authentication" holds only when the rules saw every operation.
    if (answer.answer === "NO" && hasModel) continue;
    const current = byEntry.get(answer.entryKey);
    const factOperations = answer.operationIds.map((operationId) => ({ operationId, reasons: [answer.reason] }));
    if (!current) {
      byEntry.set(answer.entryKey, {
        entryKey: answer.entryKey,
        answer: answer.answer,
        reason: answer.reason,
        source: answer.source,
        evidence: { ruleIds: [`recorded:${answer.entryKey}`], operations: factOperations, apiReasons: answer.operationIds.length ? [] : [answer.reason], likelihood: null, impact: null },
      });
      continue;
    }
    const linked = new Set(current.evidence.operations.map((operation) => operation.operationId));
    byEntry.set(answer.entryKey, {
      ...current,
      answer: RANK[answer.answer] > RANK[current.answer] ? answer.answer : current.answer,
      source: current.source === "LINT" && answer.source === "LINT" ? "LINT" : "RULE",
      evidence: {
        ...current.evidence,
        ruleIds: [...current.evidence.ruleIds, `recorded:${answer.entryKey}`],
        operations: [...current.evidence.operations, ...factOperations.filter((operation) => !linked.has(operation.operationId))],
        apiReasons: answer.operationIds.length ? current.evidence.apiReasons : [...current.evidence.apiReasons, answer.reason],
      },
    });
  }
  return [...byEntry.values()];
}

function operationIdOf(context: TPreAnswerContext, operationKey: string): string | null {
  const direct = context.operationIdByKey.get(operationKey);
  if (direct) return direct;
  const parentKey = context.model.operations.find((operation) => operation.key === operationKey)?.callback?.parentKey;
  return parentKey ? (context.operationIdByKey.get(parentKey) ?? null) : null;
}

/** The operation ids an answer links, in evidence order. */
export const linkedOperationIds = (evidence: TRuleEvidence | null | undefined): string[] => evidence?.operations.map((operation) => operation.operationId) ?? [];

/**
 * What a fresh run of the rules finds that an approved model's stored pre-answers lack: an entry
 * they did not raise, or an operation they did not link. Entries outside the model's checklist
 * are not its business.
 */
export function newRuleHits(fresh: TPreAnswer[], stored: { entryKey: string; ruleAnswer: ChecklistAnswerValue | null; evidence: TRuleEvidence | null }[], entryKeys: string[]): TNewRuleHit[] {
  const inChecklist = new Set(entryKeys);
  const before = new Map(stored.map((answer) => [answer.entryKey, answer]));
  const hits: TNewRuleHit[] = [];
  for (const answer of fresh) {
    if (!inChecklist.has(answer.entryKey) || (answer.answer !== "YES" && answer.answer !== "UNSURE")) continue;
    const previous = before.get(answer.entryKey);
    const raisedBefore = previous?.ruleAnswer === "YES" || previous?.ruleAnswer === "UNSURE";
    const linkedBefore = new Set(linkedOperationIds(previous?.evidence));
    const newOperations = answer.evidence.operations.filter((operation) => !linkedBefore.has(operation.operationId));
    for (const operation of newOperations) hits.push({ entryKey: answer.entryKey, answer: answer.answer, operationId: operation.operationId, reason: operation.reasons[0] ?? answer.reason });
    if (!raisedBefore && !newOperations.length) hits.push({ entryKey: answer.entryKey, answer: answer.answer, operationId: null, reason: answer.evidence.apiReasons[0] ?? answer.reason });
  }
  return hits;
}

/** The evidence's scores, when the spec rules gave any. */
export const scoreOf = (evidence: TRuleEvidence | null | undefined): { likelihood: number; impact: number } | null =>
  evidence?.likelihood && evidence.impact ? { likelihood: evidence.likelihood, impact: evidence.impact } : null;
