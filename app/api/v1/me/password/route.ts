import { json, withUser } from "@/lib/api/guard";
import { changePassword } from "@/lib/server/account/change-password";
import { ZChangePassword } from "@/lib/validation/auth";

export const POST = withUser({ body: ZChangePassword }, async ({ user, body, meta }) => json(await changePassword(user.userId, body, meta)));
