import type { TMediaKind } from "./types";

/** Groups media types by how a server parses them, which is what injection and upload rules care about. */
export function classifyMediaType(mediaType: string): TMediaKind {
  const essence = mediaType.split(";")[0]!.trim().toLowerCase();
  if (essence === "application/x-www-form-urlencoded") return "form";
  if (essence.startsWith("multipart/")) return "multipart";
  if (/^(application|text)\/(.+\+)?json$/.test(essence) || essence === "application/json-patch+json" || essence === "application/x-ndjson") return "json";
  if (/^(application|text)\/(.+\+)?xml$/.test(essence)) return "xml";
  return "other";
}
