import { json, withUser } from "@/lib/api/guard";
import { getNotificationPreferences } from "@/lib/server/account/get-notification-preferences";
import { setNotificationPreferences } from "@/lib/server/account/set-notification-preferences";
import { ZNotificationPreferences } from "@/lib/validation/mitigations";

export const GET = withUser({}, async ({ user }) => json(await getNotificationPreferences(user.userId)));

export const PUT = withUser({ body: ZNotificationPreferences }, async ({ user, body }) => json(await setNotificationPreferences(user.userId, body.preferences)));
