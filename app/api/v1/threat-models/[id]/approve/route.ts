import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";
import { approveThreatModel } from "@/lib/server/threat-models/approve-threat-model";
import { ZReviewDecision } from "@/lib/validation/threat-models";

export const POST = withOrg({ permission: "threat:review", params: ZIdParams, body: ZReviewDecision }, async ({ caller, params, body }) => {
  await approveThreatModel(caller, params.id, body.comment);
  return json(await getThreatModel(caller, params.id));
});
