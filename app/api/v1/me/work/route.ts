import { json, withOrg } from "@/lib/api/guard";
import { getMyWork } from "@/lib/server/mitigations/get-my-work";

export const GET = withOrg({ permission: "threat:read" }, async ({ caller }) => json(await getMyWork(caller)));
