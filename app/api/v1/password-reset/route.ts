import { after } from "next/server";
import { json, withPublic } from "@/lib/api/guard";
import { logger } from "@/lib/logger";
import { assertPasswordResetRequestAllowed, sendPasswordResetLink } from "@/lib/server/auth/send-password-reset-link";
import { ZPasswordResetRequest } from "@/lib/validation/auth";

// The same answer, just as fast, whether or not the address has an account: the lookup and the
// email happen after the response is sent.
export const POST = withPublic({ body: ZPasswordResetRequest }, async ({ body, meta }) => {
  await assertPasswordResetRequestAllowed(meta);
  after(() => sendPasswordResetLink(meta, body.email).catch((error: unknown) => logger.error("password reset email failed", { error })));
  return json({ sent: true }, { status: 202 });
});
