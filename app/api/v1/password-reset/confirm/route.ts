import { noContent, withPublic } from "@/lib/api/guard";
import { resetPassword } from "@/lib/server/auth/reset-password";
import { ZPasswordReset } from "@/lib/validation/auth";

export const POST = withPublic({ body: ZPasswordReset }, async ({ body, meta }) => {
  await resetPassword(meta, body);
  return noContent();
});
