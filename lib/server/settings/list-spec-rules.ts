import "server-only";
import { db } from "@/lib/db";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { SPEC_RULES } from "@/lib/core/threat-models/spec-rules";

/**
 * Every spec rule as the Settings page shows it: what it looks for, an example it fires on, the
 * checklist entry it answers (by title) and whether this organisation has it switched on.
 */
export async function listSpecRules(caller: TOrgScope) {
  const [settings, catalog] = await Promise.all([
    db.orgSettings.findFirst({ where: inOrg(caller, {}), select: { disabledSpecRuleIds: true } }),
    listCatalog(caller, { includeDisabled: true }),
  ]);
  const disabled = new Set(settings?.disabledSpecRuleIds ?? []);
  const titles = new Map(catalog.entries.map((entry) => [entry.key, entry.title]));
  return SPEC_RULES.map((rule) => ({
    id: rule.id,
    entryKey: rule.entryKey,
    entryTitle: titles.get(rule.entryKey) ?? rule.entryKey,
    looksFor: rule.looksFor,
    example: rule.example,
    answer: rule.answer,
    enabled: !disabled.has(rule.id),
  }));
}
