import { readBodyBytes } from "@/lib/api/body";
import { json, withOrg } from "@/lib/api/guard";
import { progressStream, wantsProgress } from "@/lib/api/progress-stream";
import { assertSpecContentType } from "@/lib/core/specs/spec-content-type";
import { previewSpec } from "@/lib/server/specs/preview-spec";
import { decodeSpecBytes, MAX_SPEC_BYTES } from "@/lib/core/specs/parse-spec-text";

// Reads a spec that belongs to no API yet: title, version and servers to prefill a new entry.
export const POST = withOrg({ permission: "api:write" }, async ({ req, caller }) => {
  assertSpecContentType(req.headers.get("content-type"));
  const text = decodeSpecBytes(await readBodyBytes(req, MAX_SPEC_BYTES));
  if (wantsProgress(req)) return progressStream((onStage) => previewSpec(caller, text, onStage), { status: 200 });
  return json(await previewSpec(caller, text));
});
