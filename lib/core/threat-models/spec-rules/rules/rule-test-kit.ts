import { buildOperationModel } from "@/lib/core/specs/operation-model/build-operation-model";
import type { TSpecFormat } from "@/lib/core/specs/spec-format";
import type { TEvidence, TSpecRule, TSpecRuleContext } from "../types";

// Small inline OpenAPI documents and a runner for one rule, shared by the rule files' unit tests.

type Obj = Record<string, unknown>;
const info = { title: "t", version: "1" };

export const ok = { "200": { description: "ok" } };
export const json = (schema: Obj, example?: unknown) => ({ content: { "application/json": { schema, ...(example === undefined ? {} : { example }) } } });
export const object = (properties: Obj, extra: Obj = {}) => ({ type: "object", properties, ...extra });

export function openapi(paths: Obj, extra: Obj = {}): Obj {
  return { openapi: "3.0.3", info, paths, ...extra };
}

export function contextOf(document: Obj, options: { format?: TSpecFormat; findings?: TSpecRuleContext["findings"]; exposure?: TSpecRuleContext["api"]["exposure"] } = {}): TSpecRuleContext {
  return {
    model: buildOperationModel(document, options.format ?? "openapi-3.0"),
    api: { exposure: options.exposure ?? "INTERNET", lifecycle: "ACTIVE", dataClassification: "CONFIDENTIAL", dataFlags: [] },
    findings: options.findings ?? [],
  };
}

/** Every piece of evidence the rule produces over the document: per operation, then API-wide. */
export function runRule(rule: TSpecRule, document: Obj, options?: Parameters<typeof contextOf>[1]): TEvidence[] {
  const context = contextOf(document, options);
  return [...context.model.operations.flatMap((operation) => rule.evaluate(operation, context)), ...(rule.evaluateApi?.(context) ?? [])];
}

export function ruleById(rules: TSpecRule[], id: string): TSpecRule {
  const rule = rules.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`no rule ${id} among ${rules.map((candidate) => candidate.id).join(", ")}`);
  return rule;
}

/** A JWT with the given header and payload (the signature is not checked by anything here). */
export function jwt(header: Obj, payload: Obj, signature = "c2ln"): string {
  const part = (value: Obj) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  return `${part(header)}.${part(payload)}.${signature}`;
}
