import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";
import { requestChanges } from "@/lib/server/threat-models/request-changes";
import { ZRequestChanges } from "@/lib/validation/threat-models";

export const POST = withOrg({ permission: "threat:review", params: ZIdParams, body: ZRequestChanges }, async ({ caller, params, body }) => {
  await requestChanges(caller, params.id, body.comment);
  return json(await getThreatModel(caller, params.id));
});
