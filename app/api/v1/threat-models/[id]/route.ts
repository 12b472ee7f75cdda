import { json, noContent, withOrg, ZIdParams } from "@/lib/api/guard";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";
import { deleteThreatModel } from "@/lib/server/threat-models/delete-threat-model";
import { updateThreatModel } from "@/lib/server/threat-models/update-threat-model";
import { ZUpdateThreatModel } from "@/lib/validation/threat-models";

export const GET = withOrg({ permission: "threat:read", params: ZIdParams }, async ({ caller, params }) => json(await getThreatModel(caller, params.id)));

export const PATCH = withOrg({ permission: "threat:write", params: ZIdParams, body: ZUpdateThreatModel }, async ({ caller, params, body }) => {
  await updateThreatModel(caller, params.id, body);
  return json(await getThreatModel(caller, params.id));
});

export const DELETE = withOrg({ permission: "threat:write", params: ZIdParams }, async ({ caller, params }) => {
  await deleteThreatModel(caller, params.id);
  return noContent();
});
