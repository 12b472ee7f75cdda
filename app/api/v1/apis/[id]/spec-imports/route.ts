import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { listSpecImports } from "@/lib/server/specs/list-spec-imports";

export const GET = withOrg({ permission: "api:read", params: ZIdParams }, async ({ caller, params }) => json(await listSpecImports(caller, params.id)));
