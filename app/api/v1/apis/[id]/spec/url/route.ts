import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { progressStream, wantsProgress } from "@/lib/api/progress-stream";
import { env } from "@/lib/env";
import { fetchSpecFromUrl } from "@/lib/server/specs/fetch-spec-url";
import { importSpec } from "@/lib/server/specs/import-spec";
import { decodeSpecBytes } from "@/lib/core/specs/parse-spec-text";
import { ZSpecUrlBody, ZSpecUrlQuery } from "@/lib/validation/specs";

// Body {"url": "https://…"}: Bulwark fetches the spec (public addresses only, see fetch-spec-url.ts).
export const POST = withOrg({ permission: "api:write", params: ZIdParams, query: ZSpecUrlQuery, body: ZSpecUrlBody }, async ({ req, caller, params, query, body }) => {
  const fetchSource = async (onStage?: (stage: "fetching") => void) => {
    onStage?.("fetching");
    const fetched = await fetchSpecFromUrl(body.url, { allowedHosts: env.BULWARK_URL_IMPORT_ALLOWED_HOSTS });
    return { text: decodeSpecBytes(fetched.bytes), source: "URL" as const, sourceUrl: fetched.finalUrl };
  };
  const run = (onStage?: Parameters<typeof importSpec>[3]["onStage"]) => importSpec(caller, params.id, fetchSource, { dryRun: query.dryRun, onStage });
  const status = query.dryRun ? 200 : 201;
  if (wantsProgress(req)) return progressStream(run, { status, context: { method: "POST", path: req.nextUrl.pathname } });
  return json(await run(), { status });
});
