import { json, withOrg } from "@/lib/api/guard";
import { updateSpecRule } from "@/lib/server/settings/update-spec-rule";
import { ZSpecRuleParams, ZUpdateSpecRule } from "@/lib/validation/settings";

export const PUT = withOrg({ permission: "settings:manage", params: ZSpecRuleParams, body: ZUpdateSpecRule }, async ({ caller, params, body }) => json(await updateSpecRule(caller, params.ruleId, body)));
