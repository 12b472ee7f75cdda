import { withOrg } from "@/lib/api/guard";
import { listThreatRegister } from "@/lib/server/threats/list-threat-register";
import { ZListThreatsQuery } from "@/lib/validation/threats";

export const GET = withOrg({ permission: "threat:read", query: ZListThreatsQuery }, async ({ caller, query }) => Response.json(await listThreatRegister(caller, query)));
