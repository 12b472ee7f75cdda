import { json, noContent, withOrg, ZIdParams } from "@/lib/api/guard";
import { deleteMitigation } from "@/lib/server/mitigations/delete-mitigation";
import { getMitigation } from "@/lib/server/mitigations/get-mitigation";
import { updateMitigation } from "@/lib/server/mitigations/update-mitigation";
import { ZUpdateMitigation } from "@/lib/validation/mitigations";

export const GET = withOrg({ permission: "threat:read", params: ZIdParams }, async ({ caller, params }) => json(await getMitigation(caller, params.id)));

// Includes linking threats: send `threatIds` to replace the links.
export const PATCH = withOrg({ permission: "threat:write", params: ZIdParams, body: ZUpdateMitigation }, async ({ caller, params, body }) => json(await updateMitigation(caller, params.id, body)));

export const DELETE = withOrg({ permission: "threat:write", params: ZIdParams }, async ({ caller, params }) => {
  await deleteMitigation(caller, params.id);
  return noContent();
});
