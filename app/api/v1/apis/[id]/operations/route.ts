import { withOrg, ZIdParams } from "@/lib/api/guard";
import { listOperations } from "@/lib/server/specs/list-operations";
import { ZListOperationsQuery } from "@/lib/validation/specs";

export const GET = withOrg({ permission: "api:read", params: ZIdParams, query: ZListOperationsQuery }, async ({ caller, params, query }) =>
  Response.json(await listOperations(caller, params.id, query)),
);
