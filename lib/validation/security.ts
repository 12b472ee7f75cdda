import { z } from "zod";

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

/** "Sign out everywhere" (keep none) or "sign out my other sessions" (keep this one). */
export const ZRevokeSessionsQuery = z.object({ keep: z.enum(["current", "none"], { error: "Say which sessions to keep: keep=current or keep=none." }) }).strict();
