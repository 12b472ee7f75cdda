import type { TModelOperation, TSecurityScheme } from "@/lib/core/specs/operation-model/types";
import type { TScore, TSpecRuleContext } from "./types";

// Small readers of the operation model that several rules share (not name lists: those are in names.ts).

/** A score clamped to the 1–5 scale. */
export const raise = (score: number): TScore => Math.max(1, Math.min(5, Math.round(score))) as TScore;
/** Operations the API itself serves (not webhooks or callbacks it sends). */
export const isServed = (operation: TModelOperation) => operation.kind === "operation";

/** Every request body field of every media type, with the media type a reason names. */
export const requestFieldsWithMedia = (operation: TModelOperation) => operation.requestBody?.content.flatMap((content) => content.fields.map((field) => ({ field, mediaType: content.mediaType }))) ?? [];
export const requestFields = (operation: TModelOperation) => requestFieldsWithMedia(operation).map(({ field }) => field);

/** Each scheme the operation can be called with, once. */
export function operationSchemes(operation: TModelOperation): TSecurityScheme[] {
  const byName = new Map<string, TSecurityScheme>();
  for (const alternative of operation.security.alternatives) for (const { scheme } of alternative.schemes) byName.set(scheme.name, scheme);
  return [...byName.values()];
}

export const isWriteMethod = (method: string) => ["POST", "PUT", "PATCH", "DELETE"].includes(method);
export const quote = (text: string) => `\`${text}\``;

/** +1 on the internet, 0 for partners, -1 inside: how many callers can reach what the spec shows. */
export const reachability = (context: TSpecRuleContext) => (context.api.exposure === "INTERNET" ? 1 : context.api.exposure === "PARTNER" ? 0 : -1);
/** The spec documents throttling: a 429 response or a rate-limit header. */
export const isThrottled = (operation: TModelOperation) => operation.documents429 || operation.rateLimitHeaders.length > 0;
