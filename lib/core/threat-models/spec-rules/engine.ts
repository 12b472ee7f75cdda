import { SPEC_RULES } from "./index";
import type { TEvidence, TScore, TSpecRule, TSpecRuleAnswer, TSpecRuleContext } from "./types";

// Runs every enabled rule over every operation and folds the evidence into one answer per
// catalogue entry. The answer is YES when any YES rule found evidence, else UNSURE; there is no
// NO: silence from the rules is not proof of absence.
//
// Precision: a threat may link many operations (every write body of an API can reuse its read
// model), but each link carries its own reasons from its own evidence, never one sentence for
// the lot. The engine keeps that true by construction (evidence is per operation) and by check:
// a reason that does not name its operation gets the operation's key in front of it.
//
// Cost, measured by hand on 2026-12-03 (2 shared cores under load): 130-300 ms for the object, property,
// input and resource rules over bench/generate-spec.ts's 1,000-operation spec, the model already built.

export type TRunSpecRulesOptions = {
  /** Defaults to SPEC_RULES; tests pass a few. */
  rules?: TSpecRule[];
  /** Rule ids an organisation switched off. */
  disabledRuleIds?: Iterable<string>;
};

const MAX_SUMMARY_OPERATIONS = 3;

type TScored = TEvidence & { ruleId: string; order: number };

/** Direct before indirect, then the larger risk (likelihood × impact), then the order the rules ran. */
const compareEvidence = (a: TScored, b: TScored) =>
  (a.strength === b.strength ? 0 : a.strength === "direct" ? -1 : 1) || b.likelihood * b.impact - a.likelihood * a.impact || a.order - b.order;

const namesOperation = (reason: string, operationKey: string) => reason.includes(operationKey);

export function runSpecRules(context: TSpecRuleContext, options: TRunSpecRulesOptions = {}): TSpecRuleAnswer[] {
  const disabled = new Set(options.disabledRuleIds ?? []);
  const rules = (options.rules ?? SPEC_RULES).filter((rule) => !disabled.has(rule.id));
  const byEntry = new Map<string, { rules: TSpecRule[]; evidence: TScored[] }>();
  let order = 0;

  for (const rule of rules) {
    const found: TEvidence[] = [];
    for (const operation of context.model.operations) found.push(...rule.evaluate(operation, context));
    if (rule.evaluateApi) found.push(...rule.evaluateApi(context));
    if (!found.length) continue;
    const entry = byEntry.get(rule.entryKey) ?? { rules: [], evidence: [] };
    entry.rules.push(rule);
    for (const evidence of found) {
      const reason = evidence.operationKey && !namesOperation(evidence.reason, evidence.operationKey) ? `\`${evidence.operationKey}\`: ${evidence.reason}` : evidence.reason;
      entry.evidence.push({ ...evidence, reason, ruleId: rule.id, order: order++ });
    }
    byEntry.set(rule.entryKey, entry);
  }

  const answers: TSpecRuleAnswer[] = [];
  for (const [entryKey, { rules: fired, evidence }] of byEntry) {
    evidence.sort(compareEvidence);
    const operations = new Map<string, string[]>();
    const apiReasons: string[] = [];
    for (const piece of evidence) {
      if (piece.operationKey === null) {
        if (!apiReasons.includes(piece.reason)) apiReasons.push(piece.reason);
        continue;
      }
      const reasons = operations.get(piece.operationKey) ?? [];
      if (!reasons.includes(piece.reason)) reasons.push(piece.reason);
      operations.set(piece.operationKey, reasons);
    }
    const linked = [...operations].map(([operationKey, reasons]) => ({ operationKey, reasons }));
    const shown = linked.slice(0, MAX_SUMMARY_OPERATIONS).map((operation) => operation.reasons[0]);
    const rest = linked.length - shown.length;
    const parts = [...shown, ...(shown.length ? [] : apiReasons.slice(0, 1))];
    const reason = `${parts.join("; ")}${rest > 0 ? `; and ${rest} more operation${rest === 1 ? "" : "s"}` : ""}`;
    answers.push({
      entryKey,
      answer: fired.some((rule) => rule.answer === "YES") ? "YES" : "UNSURE",
      ruleIds: fired.map((rule) => rule.id),
      reason,
      operations: linked,
      apiReasons,
      likelihood: Math.max(...evidence.map((piece) => piece.likelihood)) as TScore,
      impact: Math.max(...evidence.map((piece) => piece.impact)) as TScore,
    });
  }
  return answers;
}
