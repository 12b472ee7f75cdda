import { json, withOrg } from "@/lib/api/guard";
import { listNotifications } from "@/lib/server/notifications/inbox";

export const GET = withOrg({ permission: "member:read" }, async ({ caller }) => json(await listNotifications(caller)));
