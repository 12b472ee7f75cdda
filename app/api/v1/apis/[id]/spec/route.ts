import { readBodyBytes } from "@/lib/api/body";
import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { progressStream, wantsProgress } from "@/lib/api/progress-stream";
import { assertSpecContentType } from "@/lib/core/specs/spec-content-type";
import { importSpec } from "@/lib/server/specs/import-spec";
import { decodeSpecBytes, MAX_SPEC_BYTES } from "@/lib/core/specs/parse-spec-text";
import { ZSpecImportQuery } from "@/lib/validation/specs";

const SOURCE = { upload: "UPLOAD", paste: "PASTE", api: "API" } as const;

// POST the spec itself (JSON or YAML) to import it; ?dryRun=true answers the diff and saves nothing.
export const POST = withOrg({ permission: "api:write", params: ZIdParams, query: ZSpecImportQuery }, async ({ req, caller, params, query }) => {
  assertSpecContentType(req.headers.get("content-type"));
  const text = decodeSpecBytes(await readBodyBytes(req, MAX_SPEC_BYTES));
  const input = { text, source: SOURCE[query.source], fileName: query.fileName };
  const status = query.dryRun ? 200 : 201;
  if (wantsProgress(req)) {
    return progressStream((onStage) => importSpec(caller, params.id, input, { dryRun: query.dryRun, onStage }), { status, context: { method: "POST", path: req.nextUrl.pathname } });
  }
  return json(await importSpec(caller, params.id, input, { dryRun: query.dryRun }), { status });
});
