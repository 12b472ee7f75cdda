import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { createThreat } from "@/lib/server/threats/create-threat";
import { listThreats } from "@/lib/server/threats/list-threats";
import { ZCreateThreat } from "@/lib/validation/threats";

export const GET = withOrg({ permission: "threat:read", params: ZIdParams }, async ({ caller, params }) => json(await listThreats(caller, params.id)));

export const POST = withOrg({ permission: "threat:write", params: ZIdParams, body: ZCreateThreat }, async ({ caller, params, body }) =>
  json(await createThreat(caller, params.id, body), { status: 201 }),
);
