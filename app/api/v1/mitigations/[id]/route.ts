import { json, noContent, withOrg, ZIdParams } from "@/lib/api/guard";
import { deleteMitigation, getMitigation, updateMitigation } from "@/lib/server/mitigations/mitigations";
import { ZUpdateMitigation } from "@/lib/validation/mitigations";

export const GET = withOrg({ permission: "threat:read", params: ZIdParams }, async ({ caller, params }) => json(await getMitigation(caller, params.id)));

// Includes linking threats: send `threatIds` to replace the links.
export const PATCH = withOrg({ permission: "threat:write", params: ZIdParams, body: ZUpdateMitigation }, async ({ caller, params, body }) => json(await updateMitigation(caller, params.id, body)));

export const DELETE = withOrg({ permission: "threat:write", params: ZIdParams }, async ({ caller, params }) => {
  await deleteMitigation(caller, params.id);
  return noContent();
});
