import { z } from "zod";

/** "Sign out everywhere" (keep none) or "sign out my other sessions" (keep this one). */
export const ZRevokeSessionsQuery = z.object({ keep: z.enum(["current", "none"], { error: "Say which sessions to keep: keep=current or keep=none." }) }).strict();
