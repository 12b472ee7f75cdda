import { json, withOrg } from "@/lib/api/guard";
import { markNotificationsRead } from "@/lib/server/notifications/mark-notifications-read";
import { ZMarkNotificationsRead } from "@/lib/validation/mitigations";

export const POST = withOrg({ permission: "member:read", body: ZMarkNotificationsRead }, async ({ caller, body }) => json(await markNotificationsRead(caller, body)));
