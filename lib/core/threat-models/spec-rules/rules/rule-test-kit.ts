import { describe, expect, it } from "vitest";
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

/** One rule on one inline spec: the operations it should link (none for a negative case), and what its reasons should say. */
export type TRuleCase = { name: string; document: Obj; keys: string[]; reason?: RegExp; target?: string; findings?: TSpecRuleContext["findings"]; format?: TSpecFormat };

/**
 * Runs every rule of a group on its cases: each rule has positive and negative cases, ids are unique
 * kebab-case, a positive case links exactly its operations (in that order unless `anyOrder`), and
 * every reason names the operation it links.
 */
export function describeRuleCases(group: string, rules: TSpecRule[], cases: Record<string, { positive: TRuleCase[]; negative: TRuleCase[] }>, options: { anyOrder?: boolean } = {}): void {
  const run = (rule: TSpecRule, example: TRuleCase) => runRule(rule, example.document, { findings: example.findings, format: example.format });
  describe(group, () => {
    it("has a positive and a negative case for every rule, and unique kebab-case ids", () => {
      const ids = rules.map((rule) => rule.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(Object.keys(cases).sort()).toEqual([...ids].sort());
    });

    for (const [id, { positive, negative }] of Object.entries(cases)) {
      describe(id, () => {
        const rule = ruleById(rules, id);
        for (const example of positive) {
          it(`fires on ${example.name}`, () => {
            const evidence = run(rule, example);
            expect(evidence.length).toBeGreaterThan(0);
            const linked = [...new Set(evidence.flatMap((piece) => (piece.operationKey ? [piece.operationKey] : [])))];
            if (options.anyOrder) expect(linked.sort()).toEqual([...example.keys].sort());
            else expect(linked).toEqual(example.keys);
            for (const piece of evidence) {
              // Every reason names the operation it links (API-wide reasons name the scheme or server).
              if (piece.operationKey) expect(piece.reason).toContain(piece.operationKey);
              if (example.reason) expect(piece.reason).toMatch(example.reason);
              if (example.target) expect(piece.target.kind).toBe(example.target);
            }
          });
        }
        for (const example of negative) {
          it(`does not fire on ${example.name}`, () => {
            expect(run(rule, example)).toEqual([]);
          });
        }
      });
    }
  });
}
