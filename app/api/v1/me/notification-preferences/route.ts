import { json, withUser } from "@/lib/api/guard";
import { getPreferences, setPreferences } from "@/lib/server/notifications/inbox";
import { ZNotificationPreferences } from "@/lib/validation/mitigations";

export const GET = withUser({}, async ({ user }) => json(await getPreferences(user.userId)));

export const PUT = withUser({ body: ZNotificationPreferences }, async ({ user, body }) => json(await setPreferences(user.userId, body.preferences)));
