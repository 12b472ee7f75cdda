import { json, withOrg } from "@/lib/api/guard";
import { createExport } from "@/lib/server/exports/create-export";
import { listExports } from "@/lib/server/exports/list-exports";
import { ZCreateExport } from "@/lib/validation/exports";

// Your recent exports (newest first) and a new one: 202 with the job to poll.
export const GET = withOrg({ permission: "report:export" }, async ({ caller }) => json(await listExports(caller)));

export const POST = withOrg({ permission: "report:export", body: ZCreateExport }, async ({ caller, body }) => json(await createExport(caller, body), { status: 202 }));
