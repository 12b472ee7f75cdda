import type { TModelOperation, TModelParameter, TSchemaField, TSchemaFacts } from "@/lib/core/specs/operation-model/types";
import type { TEvidenceTarget } from "../types";

// What a caller sends an operation, as one list: parameters and request-body fields, each with the
// target a reason points at and the words a reason uses ("query parameter `sort`", "body field
// `user.isAdmin`"). Webhooks and callbacks are requests this API sends, so they have no inputs here.

export type TInput = {
  name: string;
  /** "query parameter `sort`", "body field `items[].sku`". */
  label: string;
  facts: TSchemaFacts;
  target: TEvidenceTarget;
  location: TModelParameter["location"] | "body";
  required: boolean;
  field?: TSchemaField;
  mediaType?: string;
};

/** "$.user.roles[]" → "user.roles[]"; "$" → "(body)". */
export const displayPath = (path: string) => (path === "$" ? "(body)" : path.replace(/^\$\.?/, ""));

export const isServed = (operation: TModelOperation) => operation.kind === "operation";
export const isWrite = (operation: TModelOperation) => ["POST", "PUT", "PATCH"].includes(operation.method);
export const isSafeMethod = (operation: TModelOperation) => ["GET", "HEAD", "OPTIONS"].includes(operation.method);

export function parameterInputs(operation: TModelOperation): TInput[] {
  return operation.parameters.map((parameter) => ({
    name: parameter.name,
    label: `${parameter.location} parameter \`${parameter.name}\``,
    facts: parameter,
    target: { kind: "parameter", location: parameter.location, name: parameter.name },
    location: parameter.location,
    required: parameter.required,
  }));
}

/** Body fields a client can send (readOnly ones excluded), first media type of each kind only. */
export function bodyInputs(operation: TModelOperation): TInput[] {
  const inputs: TInput[] = [];
  const seen = new Set<string>();
  for (const content of operation.requestBody?.content ?? []) {
    for (const field of content.fields) {
      if (field.path === "$" || field.readOnly || seen.has(field.path)) continue;
      seen.add(field.path);
      inputs.push({
        name: field.name,
        label: `body field \`${displayPath(field.path)}\``,
        facts: field,
        target: { kind: "request-field", mediaType: content.mediaType, path: field.path, name: field.name },
        location: "body",
        required: field.required,
        field,
        mediaType: content.mediaType,
      });
    }
  }
  return inputs;
}

/** Every input of a served operation; none for webhooks and callbacks. */
export const inputsOf = (operation: TModelOperation): TInput[] => (isServed(operation) ? [...parameterInputs(operation), ...bodyInputs(operation)] : []);

/** "(string, format uri)", "(integer, no maximum)". */
export function describeType(facts: TSchemaFacts): string {
  const parts = [facts.type ?? "untyped"];
  if (facts.format) parts.push(`format ${facts.format}`);
  return `(${parts.join(", ")})`;
}

/** The example values a field or parameter documents. */
export const exampleValues = (facts: TSchemaFacts): unknown[] => [facts.example, ...(facts.examples ?? []), facts.default].filter((value) => value !== undefined);

/** The documented 2xx responses. */
export const successResponses = (operation: TModelOperation) => operation.responses.filter((response) => /^2/.test(response.status));
