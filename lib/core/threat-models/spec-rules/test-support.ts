import { buildOperationModel } from "@/lib/core/specs/operation-model/build-operation-model";
import type { TSpecFormat } from "@/lib/core/specs/spec-format";
import type { TEvidence, TSpecRule, TSpecRuleContext } from "./types";

// Small inline specs for the rules' unit tests: one document in, the rule's evidence out.

type Obj = Record<string, unknown>;

/** An OpenAPI 3.0 document with these paths (and optional components and document security). */
export const spec = (paths: Obj, extra: Obj = {}): Obj => ({ openapi: "3.0.3", info: { title: "t", version: "1" }, paths, ...extra });

export const json = (schema: Obj, example?: unknown) => ({ content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } } });
export const ok = (schema?: Obj) => ({ "200": { description: "ok", ...(schema ? json(schema) : {}) } });
export const bearer = { components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } }, security: [{ bearer: [] }] };

export function contextOf(document: Obj, options: { format?: TSpecFormat; exposure?: TSpecRuleContext["api"]["exposure"] } = {}): TSpecRuleContext {
  return {
    model: buildOperationModel(document, options.format ?? "openapi-3.0"),
    api: { exposure: options.exposure ?? "INTERNET", lifecycle: "ACTIVE", dataClassification: "INTERNAL", dataFlags: [] },
    findings: [],
  };
}

/** The evidence one rule finds in a document, over every operation and its API-wide pass. */
export function evidenceOf(rules: TSpecRule[], id: string, document: Obj): TEvidence[] {
  const rule = rules.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`No rule ${id}`);
  const context = contextOf(document);
  return [...context.model.operations.flatMap((operation) => rule.evaluate(operation, context)), ...(rule.evaluateApi?.(context) ?? [])];
}
