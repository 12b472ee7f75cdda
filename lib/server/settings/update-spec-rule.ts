import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import type { TCaller } from "@/lib/server/scope";
import { SPEC_RULES } from "@/lib/core/threat-models/spec-rules";
import type { TUpdateSpecRule } from "@/lib/validation/settings";

/**
 * Switches one spec rule on or off for the caller's organisation. Models created from then on
 * follow it; existing models keep their pre-answers. One statement, so two admins switching
 * different rules at once both win.
 */
export async function updateSpecRule(caller: TCaller, ruleId: string, input: TUpdateSpecRule) {
  if (!SPEC_RULES.some((rule) => rule.id === ruleId)) throw notFound("rule");
  return db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ disabledSpecRuleIds: string[] }[]>`
      INSERT INTO "OrgSettings" ("orgId", "disabledSpecRuleIds", "updatedAt")
      VALUES (${caller.orgId}, CASE WHEN ${input.enabled} THEN ARRAY[]::text[] ELSE ARRAY[${ruleId}]::text[] END, now())
      ON CONFLICT ("orgId") DO UPDATE SET
        "disabledSpecRuleIds" = CASE WHEN ${input.enabled} THEN array_remove("OrgSettings"."disabledSpecRuleIds", ${ruleId})
                                     ELSE array_append(array_remove("OrgSettings"."disabledSpecRuleIds", ${ruleId}), ${ruleId}) END,
        "updatedAt" = now()
      RETURNING "disabledSpecRuleIds"`;
    await recordAuditEventBy(caller, { action: input.enabled ? "settings.spec_rule_enabled" : "settings.spec_rule_disabled", targetType: "organization", targetId: caller.orgId, metadata: { ruleId } }, tx);
    return { id: ruleId, enabled: !(row?.disabledSpecRuleIds ?? []).includes(ruleId) };
  });
}
