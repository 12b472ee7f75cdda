import { withOrg, ZIdParams } from "@/lib/api/guard";
import { listFindings } from "@/lib/server/specs/list-findings";
import { ZListFindingsQuery } from "@/lib/validation/specs";

export const GET = withOrg({ permission: "api:read", params: ZIdParams, query: ZListFindingsQuery }, async ({ caller, params, query }) =>
  Response.json(await listFindings(caller, params.id, query)),
);
