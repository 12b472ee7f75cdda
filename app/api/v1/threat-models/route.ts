import { json, withOrg } from "@/lib/api/guard";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { listThreatModels } from "@/lib/server/threat-models/list-threat-models";
import { ZCreateThreatModel, ZListThreatModelsQuery } from "@/lib/validation/threat-models";

export const GET = withOrg({ permission: "threat:read", query: ZListThreatModelsQuery }, async ({ caller, query }) => json(await listThreatModels(caller, query)));

export const POST = withOrg({ permission: "threat:write", body: ZCreateThreatModel }, async ({ caller, body }) => {
  const model = await createThreatModel(caller, body);
  return json(model, { status: 201, headers: { location: `/api/v1/threat-models/${model.id}` } });
});
