import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { diffThreatModel } from "@/lib/server/threat-models/diff-threat-model";
import { ZDiffQuery } from "@/lib/validation/threat-models";

export const GET = withOrg({ permission: "threat:read", params: ZIdParams, query: ZDiffQuery }, async ({ caller, params, query }) => json(await diffThreatModel(caller, params.id, query.against)));
