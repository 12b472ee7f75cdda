import { json, withOrg } from "@/lib/api/guard";
import { env } from "@/lib/env";
import { fetchSpecFromUrl } from "@/lib/server/specs/fetch-spec-url";
import { previewSpec } from "@/lib/server/specs/import-spec";
import { decodeSpecBytes } from "@/lib/specs/parse-spec-text";
import { ZSpecUrlBody } from "@/lib/validation/specs";

export const POST = withOrg({ permission: "api:write", body: ZSpecUrlBody }, async ({ body }) => {
  const fetched = await fetchSpecFromUrl(body.url, { allowedHosts: env.BULWARK_URL_IMPORT_ALLOWED_HOSTS });
  return json({ ...(await previewSpec(decodeSpecBytes(fetched.bytes))), sourceUrl: fetched.finalUrl });
});
