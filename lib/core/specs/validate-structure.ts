import { createRequire } from "node:module";
import { SpecError } from "./spec-error";

// The official OpenAPI/Swagger JSON schemas, through swagger-parser's validator. It runs on the
// document as written (Reference Objects are allowed by those schemas), so nothing is
// dereferenced and nothing is fetched.
const require = createRequire(import.meta.url);
const validateAgainstSchema = require("@apidevtools/swagger-parser/lib/validators/schema") as (api: unknown) => void;

type AjvError = { instancePath: string; message?: string; keyword: string; params?: Record<string, unknown> };

function describe(error: AjvError): string {
  if (error.keyword === "additionalProperties" && error.params?.additionalProperty) return `unexpected property "${String(error.params.additionalProperty)}"`;
  return error.message ?? error.keyword;
}

export function validateStructure(document: Record<string, unknown>, lineOf: (pointer: string) => number | undefined): void {
  try {
    validateAgainstSchema(document);
  } catch (error) {
    const details = (error as { details?: AjvError[] }).details;
    if (!Array.isArray(details)) throw error;
    // oneOf/anyOf branches repeat themselves; keep the first message per place.
    const byPointer = new Map<string, string>();
    for (const detail of details) if (!byPointer.has(detail.instancePath)) byPointer.set(detail.instancePath, describe(detail));
    const problems = [...byPointer].slice(0, 10).map(([pointer, detail]) => ({ pointer, line: lineOf(pointer), detail: `${pointer || "/"} ${detail}` }));
    const first = problems[0]!;
    throw new SpecError(`The document does not follow the OpenAPI schema: ${first.detail}${first.line ? ` (line ${first.line})` : ""}.`, problems);
  }
}
