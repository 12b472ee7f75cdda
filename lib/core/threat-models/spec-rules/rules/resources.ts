import type { TModelOperation, TSchemaField } from "@/lib/core/specs/operation-model/types";
import { COLLECTION_FIELD_NAMES, compactName, pathWords, describesSizeLimit, isBinaryMediaType, isUploadFieldName, isLimitParameterName, isPageParameterName, isWorkMultiplierName } from "../names";
import { operationEvidence } from "../scoring";
import type { TEvidence, TSpecRule } from "../types";
import { bodyInputs, displayPath, isServed, isWrite, successResponses } from "./inputs-of";

// API4, unrestricted resource consumption: what one request can make the server read, store or
// repeat. Each rule needs a missing bound it can point at (no limit parameter, no maxItems, no
// maximum, no size limit); a missing page size is scored low to medium, never like leaked secrets.

/** The array a list response returns: the body itself, or its data/items/results array. */
function collectionArray(operation: TModelOperation): { field: TSchemaField; status: string; mediaType: string } | null {
  for (const response of successResponses(operation)) {
    for (const content of response.content) {
      if (content.kind !== "json" && content.kind !== "xml") continue;
      const resource = pathWords(operation.path).at(-1) ?? "";
      const field = content.fields.find(
        (candidate) =>
          candidate.type === "array" &&
          (candidate.path === "$" || (candidate.path.split(".").length === 2 && (COLLECTION_FIELD_NAMES.has(candidate.name.toLowerCase()) || compactName(candidate.name) === resource))),
      );
      if (field) return { field, status: response.status, mediaType: content.mediaType };
    }
  }
  return null;
}

const hasMaximum = (facts: { maximum?: number; exclusiveMaximum?: number | boolean; enum?: unknown[] }) => facts.maximum !== undefined || typeof facts.exclusiveMaximum === "number" || Boolean(facts.enum);
const FILE_FORMATS = new Set(["binary", "byte", "base64"]);

export const RESOURCE_RULES: TSpecRule[] = [
  {
    id: "unbounded-collection-response",
    entryKey: "api4-unbounded-lists",
    looksFor: "GET operations whose response is a collection (an array at the top or a data/items/results array) without maxItems, with no limit or page-size parameter, or one without a maximum.",
    example: "GET /customers → [Customer] with no limit parameter",
    answer: "YES",
    evaluate: (operation, context) => {
      if (!isServed(operation) || operation.method !== "GET") return [];
      const collection = collectionArray(operation);
      if (!collection || collection.field.maxItems !== undefined) return [];
      const query = operation.parameters.filter((parameter) => parameter.location === "query");
      const limit = query.find((parameter) => isLimitParameterName(parameter.name));
      if (limit && hasMaximum(limit)) return [];
      // A page or cursor without a size: the server picks the page size, which the spec does not show.
      if (!limit && query.some((parameter) => isPageParameterName(parameter.name, parameter.format))) return [];
      const where = collection.field.path === "$" ? "an array" : `the array \`${displayPath(collection.field.path)}\``;
      const reason = limit
        ? `\`${operation.key}\` returns ${where} in its ${collection.status} response and its query parameter \`${limit.name}\` has no maximum`
        : `\`${operation.key}\` returns ${where} in its ${collection.status} response with no limit or page parameter and no maxItems`;
      return [
        operationEvidence(operation, context, {
          target: limit ? { kind: "parameter", location: "query", name: limit.name } : { kind: "response-field", status: collection.status, mediaType: collection.mediaType, path: collection.field.path, name: collection.field.name },
          reason,
          strength: "direct",
          likelihoodDelta: limit ? -1 : 0,
          impactCap: 3,
        }),
      ];
    },
  },
  {
    id: "request-array-without-max-items",
    entryKey: "api4-large-request-bodies",
    looksFor: "Arrays in write bodies without maxItems: one request can carry any number of elements for the server to parse, store or process.",
    example: "POST /readings { readings: [Reading] } with no maxItems",
    answer: "YES",
    evaluate: (operation, context) => {
      if (!isServed(operation) || !isWrite(operation)) return [];
      return bodyInputs(operation)
        .filter((input) => input.facts.type === "array" && input.facts.maxItems === undefined && !input.name.endsWith("[]"))
        .map((input) =>
          operationEvidence(operation, context, {
            target: input.target,
            reason: `\`${operation.key}\` accepts ${input.label}, an array with no maxItems`,
            strength: "direct",
            impactCap: 3,
          }),
        );
    },
  },
  {
    id: "work-multiplier-without-maximum",
    entryKey: "api4-costly-downstream-actions",
    looksFor: "Numbers that multiply the work one request causes (repeat and retry counts, copies, batch sizes, concurrency) without a maximum.",
    example: "POST /commands { repeat: integer } with no maximum",
    answer: "YES",
    evaluate: (operation, context) => {
      if (!isServed(operation)) return [];
      return [...operation.parameters.map((parameter) => ({ name: parameter.name, facts: parameter, label: `${parameter.location} parameter \`${parameter.name}\``, target: { kind: "parameter" as const, location: parameter.location, name: parameter.name } })), ...bodyInputs(operation)]
        .filter((input) => (input.facts.type === "integer" || input.facts.type === "number") && isWorkMultiplierName(input.name) && !hasMaximum(input.facts))
        .map(
          (input): TEvidence =>
            operationEvidence(operation, context, {
              target: input.target,
              reason: `\`${operation.key}\` takes ${input.label} (${input.facts.type}), a count that multiplies the work of one request, with no maximum`,
              strength: "direct",
            }),
        );
    },
  },
  {
    id: "file-upload-without-limits",
    entryKey: "api4-file-uploads",
    looksFor: "Operations that accept files (a binary field in a multipart or form body, or a binary media type) with no documented size limit (maxLength or a size in the description).",
    example: "POST /documents multipart/form-data { file: string, format binary }",
    answer: "YES",
    evaluate: (operation, context) => {
      if (!isServed(operation) || !operation.requestBody) return [];
      const body = operation.requestBody;
      const documented = describesSizeLimit(body.description) || describesSizeLimit(operation.description) || describesSizeLimit(operation.summary);
      for (const content of body.content) {
        if (isBinaryMediaType(content.mediaType)) {
          if (documented) return [];
          return [
            operationEvidence(operation, context, {
              target: { kind: "request-field", mediaType: content.mediaType, path: "$", name: "" },
              reason: `\`${operation.key}\` accepts a ${content.mediaType} upload as its body with no documented size limit`,
              strength: "direct",
            }),
          ];
        }
        const file = content.fields.find(
          (field) =>
            field.path !== "$" &&
            ((field.format !== undefined && FILE_FORMATS.has(field.format)) || field.type === "file" || (content.kind === "multipart" && field.type === "string" && !field.enum && isUploadFieldName(field.name))),
        );
        if (file && (content.kind === "multipart" || content.kind === "form" || file.format === "binary")) {
          if (documented || file.maxLength !== undefined || describesSizeLimit(file.description)) return [];
          return [
            operationEvidence(operation, context, {
              target: { kind: "request-field", mediaType: content.mediaType, path: file.path, name: file.name },
              reason: `\`${operation.key}\` accepts a file in body field \`${displayPath(file.path)}\` (${content.mediaType}) with no documented size limit`,
              strength: "direct",
            }),
          ];
        }
      }
      return [];
    },
  },
];
