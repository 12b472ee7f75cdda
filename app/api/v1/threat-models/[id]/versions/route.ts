import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { startNewVersion } from "@/lib/server/threat-models/start-new-version";

// Starts the next version of an approved model, as a copy of it.
export const POST = withOrg({ permission: "threat:write", params: ZIdParams }, async ({ caller, params }) => {
  const next = await startNewVersion(caller, params.id);
  return json(next, { status: 201, headers: { location: `/api/v1/threat-models/${next.id}` } });
});
