import { json, noContent, withOrg, ZIdParams } from "@/lib/api/guard";
import { deleteApi } from "@/lib/server/apis/delete-api";
import { getApi } from "@/lib/server/apis/get-api";
import { updateApi } from "@/lib/server/apis/update-api";
import { ZUpdateApi } from "@/lib/validation/apis";

export const GET = withOrg({ permission: "api:read", params: ZIdParams }, async ({ caller, params }) => {
  return json(await getApi(caller, params.id));
});

export const PATCH = withOrg({ permission: "api:write", params: ZIdParams, body: ZUpdateApi }, async ({ caller, params, body }) => {
  return json(await updateApi(caller, params.id, body));
});

export const DELETE = withOrg({ permission: "api:delete", params: ZIdParams }, async ({ caller, params }) => {
  await deleteApi(caller, params.id);
  return noContent();
});
