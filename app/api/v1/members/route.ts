import { json, withOrg } from "@/lib/api/guard";
import { listMembers } from "@/lib/server/members/list-members";

export const GET = withOrg({ permission: "member:read" }, async ({ caller }) => json(await listMembers(caller)));
