import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { getExport } from "@/lib/server/exports/get-export";

// Status and progress of one of your exports.
export const GET = withOrg({ permission: "report:export", params: ZIdParams }, async ({ caller, params }) => json(await getExport(caller, params.id)));
