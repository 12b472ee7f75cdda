import { z } from "zod";
import { zInt, zVersion } from "./int";

export const ZRiskBands = z
  .strictObject({
    // 0 while the organisation still uses the default bands.
    version: zVersion({ min: 0 }),
    mediumFrom: zInt({ min: 2, max: 25 }),
    highFrom: zInt({ min: 2, max: 25 }),
    criticalFrom: zInt({ min: 2, max: 25 }),
  })
  .refine((bands) => bands.mediumFrom < bands.highFrom && bands.highFrom < bands.criticalFrom, {
    path: ["highFrom"],
    message: "The bands must rise: medium below high below critical.",
  });

export const ZOrgSecurityPolicy = z
  .object({
    requireMfa: z.boolean(),
    ssoOnly: z.boolean(),
    // Days members without MFA keep access when the requirement is switched on (default 7).
    mfaGraceDays: z
      .number({ error: "Give the grace period in whole days." })
      .int("Give the grace period in whole days.")
      .min(0, "The grace period cannot be negative.")
      .max(90, "Give members at most 90 days.")
      .optional(),
  })
  .strict();
export type TOrgSecurityPolicy = z.infer<typeof ZOrgSecurityPolicy>;

/** A spec rule's id (lib/core/threat-models/spec-rules): kebab-case. */
export const ZSpecRuleParams = z.object({ ruleId: z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/, "Unknown rule.") });

export const ZUpdateSpecRule = z.strictObject({ enabled: z.boolean({ error: "Say whether the rule is on (true) or off (false)." }) });
export type TUpdateSpecRule = z.infer<typeof ZUpdateSpecRule>;
