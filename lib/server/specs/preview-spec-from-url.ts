import "server-only";
import { decodeSpecBytes } from "@/lib/core/specs/parse-spec-text";
import { env } from "@/lib/env";
import type { TCaller } from "@/lib/server/scope";
import { fetchSpecFromUrl } from "./fetch-spec-url";
import type { TImportStage } from "./import-spec";
import { previewSpec } from "./preview-spec";

/** A preview of the spec at a URL (fetched through the SSRF guard), with the address it finally came from. */
export async function previewSpecFromUrl(caller: TCaller, url: string, onStage?: (stage: TImportStage) => void) {
  onStage?.("fetching");
  const fetched = await fetchSpecFromUrl(url, { allowedHosts: env.BULWARK_URL_IMPORT_ALLOWED_HOSTS });
  return { ...(await previewSpec(caller, decodeSpecBytes(fetched.bytes), onStage)), sourceUrl: fetched.finalUrl };
}
