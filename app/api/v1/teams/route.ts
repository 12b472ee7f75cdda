import { json, withOrg } from "@/lib/api/guard";
import { listTeams } from "@/lib/server/members/list-teams";

export const GET = withOrg({ permission: "api:read" }, async ({ caller }) => json(await listTeams(caller)));
