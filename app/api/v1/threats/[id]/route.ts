import { json, noContent, withOrg, ZIdParams } from "@/lib/api/guard";
import { deleteThreat } from "@/lib/server/threats/delete-threat";
import { getThreat } from "@/lib/server/threats/get-threat";
import { updateThreat } from "@/lib/server/threats/update-threat";
import { ZUpdateThreat } from "@/lib/validation/threats";

export const GET = withOrg({ permission: "threat:read", params: ZIdParams }, async ({ caller, params }) => json(await getThreat(caller, params.id)));

export const PATCH = withOrg({ permission: "threat:write", params: ZIdParams, body: ZUpdateThreat }, async ({ caller, params, body }) => json(await updateThreat(caller, params.id, body)));

export const DELETE = withOrg({ permission: "threat:write", params: ZIdParams }, async ({ caller, params }) => {
  await deleteThreat(caller, params.id);
  return noContent();
});
