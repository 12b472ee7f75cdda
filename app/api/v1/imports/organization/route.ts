import { json, readJsonBody, withOrg } from "@/lib/api/guard";
import { progressStream, wantsProgress } from "@/lib/api/progress-stream";
import { importOrganization } from "@/lib/server/exports/import-organization";

const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

// POST a Bulwark organisation export into the caller's organisation, which must be empty.
// With Accept: application/x-ndjson the answer streams its stages, then the result.
export const POST = withOrg({ permission: "org:import" }, async ({ req, caller }) => {
  const document = await readJsonBody(req, MAX_EXPORT_BYTES);
  if (wantsProgress(req)) {
    return progressStream((onStage) => importOrganization(caller, document, (stage) => onStage(stage)), { status: 201, context: { method: "POST", path: req.nextUrl.pathname } });
  }
  return json(await importOrganization(caller, document), { status: 201 });
});
