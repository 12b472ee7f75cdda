import { json, withOrg } from "@/lib/api/guard";
import { listNotifications } from "@/lib/server/notifications/list-notifications";

export const GET = withOrg({ permission: "member:read" }, async ({ caller }) => json(await listNotifications(caller)));
