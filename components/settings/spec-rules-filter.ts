import type { TSpecRuleItem } from "@/lib/query/types";

export type TSpecRuleGroup = { entryKey: string; entryTitle: string; rules: TSpecRuleItem[]; enabled: number };

/** The lower-case words of a filter; an empty filter has none and matches every rule. */
function wordsOf(text: string): string[] {
  return text.toLowerCase().split(/\s+/).filter(Boolean);
}

/**
 * The rules a filter keeps: every word typed must appear in the rule's entry title, what it
 * looks for or its id, so "admin body" finds a rule about admin fields in request bodies.
 */
export function matchesSpecRule(rule: TSpecRuleItem, filter: string): boolean {
  const haystack = `${rule.entryTitle} ${rule.looksFor} ${rule.id}`.toLowerCase();
  return wordsOf(filter).every((word) => haystack.includes(word));
}

/** The rules that match, grouped by the checklist entry they answer, in the order the rules come. */
export function groupSpecRules(rules: TSpecRuleItem[], filter: string): TSpecRuleGroup[] {
  const groups = new Map<string, TSpecRuleGroup>();
  for (const rule of rules) {
    if (!matchesSpecRule(rule, filter)) continue;
    const group = groups.get(rule.entryKey) ?? { entryKey: rule.entryKey, entryTitle: rule.entryTitle, rules: [], enabled: 0 };
    group.rules.push(rule);
    if (rule.enabled) group.enabled++;
    groups.set(rule.entryKey, group);
  }
  return [...groups.values()];
}
