import { json, withOrg } from "@/lib/api/guard";
import { progressStream, wantsProgress } from "@/lib/api/progress-stream";
import { env } from "@/lib/env";
import { fetchSpecFromUrl } from "@/lib/server/specs/fetch-spec-url";
import { previewSpec } from "@/lib/server/specs/preview-spec";
import { decodeSpecBytes } from "@/lib/core/specs/parse-spec-text";
import { ZSpecUrlBody } from "@/lib/validation/specs";

export const POST = withOrg({ permission: "api:write", body: ZSpecUrlBody }, async ({ req, body, caller }) => {
  const run = async (onStage?: (stage: string) => void) => {
    onStage?.("fetching");
    const fetched = await fetchSpecFromUrl(body.url, { allowedHosts: env.BULWARK_URL_IMPORT_ALLOWED_HOSTS });
    return { ...(await previewSpec(caller, decodeSpecBytes(fetched.bytes), onStage)), sourceUrl: fetched.finalUrl };
  };
  if (wantsProgress(req)) return progressStream(run, { status: 200 });
  return json(await run());
});
