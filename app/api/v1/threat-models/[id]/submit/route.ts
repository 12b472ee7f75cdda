import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";
import { submitForReview } from "@/lib/server/threat-models/submit-for-review";
import { ZSubmitForReview } from "@/lib/validation/threat-models";

export const POST = withOrg({ permission: "threat:write", params: ZIdParams, body: ZSubmitForReview }, async ({ caller, params, body }) => {
  await submitForReview(caller, params.id, body);
  return json(await getThreatModel(caller, params.id));
});
