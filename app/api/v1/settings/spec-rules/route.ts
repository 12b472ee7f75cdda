import { json, withOrg } from "@/lib/api/guard";
import { listSpecRules } from "@/lib/server/settings/list-spec-rules";

export const GET = withOrg({ permission: "threat:read" }, async ({ caller }) => json(await listSpecRules(caller)));
