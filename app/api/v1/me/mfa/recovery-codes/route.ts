import { json, withUser } from "@/lib/api/guard";
import { regenerateRecoveryCodes } from "@/lib/server/auth/regenerate-recovery-codes";
import { ZReauthenticate } from "@/lib/validation/auth";

export const POST = withUser({ body: ZReauthenticate }, async ({ user, body, meta }) => json(await regenerateRecoveryCodes(user.userId, body.password, meta)));
