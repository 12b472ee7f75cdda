import { json, withOrg } from "@/lib/api/guard";
import { createApi } from "@/lib/server/apis/create-api";
import { listApis } from "@/lib/server/apis/list-apis";
import { ZCreateApi, ZListApisQuery } from "@/lib/validation/apis";

export const GET = withOrg({ permission: "api:read", query: ZListApisQuery }, async ({ caller, query }) => {
  const page = await listApis(caller, query);
  return Response.json(page);
});

export const POST = withOrg({ permission: "api:write", body: ZCreateApi }, async ({ caller, body }) => {
  const api = await createApi(caller, body);
  return json(api, { status: 201, headers: { location: `/api/v1/apis/${api.id}` } });
});
