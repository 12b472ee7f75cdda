import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";
import { saveAnswer } from "@/lib/server/threat-models/save-answer";
import { ZSaveAnswer } from "@/lib/validation/threat-models";

export const GET = withOrg({ permission: "threat:read", params: ZIdParams }, async ({ caller, params }) => {
  const model = await getThreatModel(caller, params.id);
  return json(model.answers);
});

// One answer at a time, saved as it is given: { entryKey, answer, note }.
export const PUT = withOrg({ permission: "threat:write", params: ZIdParams, body: ZSaveAnswer }, async ({ caller, params, body }) => json(await saveAnswer(caller, params.id, body)));
