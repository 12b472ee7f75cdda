import { z } from "zod";

export const ZOrgSecurityPolicy = z.object({ requireMfa: z.boolean(), ssoOnly: z.boolean() }).strict();
export type TOrgSecurityPolicy = z.infer<typeof ZOrgSecurityPolicy>;

/** "Sign out everywhere" (keep none) or "sign out my other sessions" (keep this one). */
export const ZRevokeSessionsQuery = z.object({ keep: z.enum(["current", "none"], { error: "Say which sessions to keep: keep=current or keep=none." }) }).strict();
