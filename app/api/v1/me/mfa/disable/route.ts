import { noContent, withUser } from "@/lib/api/guard";
import { disableMfa } from "@/lib/server/auth/disable-mfa";
import { ZReauthenticate } from "@/lib/validation/auth";

export const POST = withUser({ body: ZReauthenticate }, async ({ user, body, meta }) => {
  await disableMfa(user.userId, body.password, meta);
  return noContent();
});
