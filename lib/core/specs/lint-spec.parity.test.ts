import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { generateSpec } from "@/bench/generate-spec";
import { hasRefWithSiblings, lintSpec, stockRuleset, tunedRuleset, UNRESOLVED_SCHEMA_RULES, type TLintFinding } from "@/lib/core/specs/lint-spec";
import { parseSpecText } from "@/lib/core/specs/parse-spec-text";

// The app lints with the OWASP ruleset where the schema-walking rules read the document as written
// instead of the resolved one (lint-spec.ts says why). That is only allowed while it changes no
// finding: every spec here is linted with the ruleset as shipped and with the tuned one, and the
// two lists must be the same finding for finding (rule, severity, pointer, line, message).

const FIXTURES = new URL("../../../tests/fixtures/specs/", import.meta.url);
const specFiles = (folder: string) =>
  readdirSync(new URL(folder, FIXTURES))
    .filter((name) => /\.(ya?ml|json)$/.test(name) && !name.endsWith(".expected.json"))
    .map((name) => `${folder}${name}`);

const key = (finding: TLintFinding) => [finding.ruleId, finding.severity, finding.path, finding.line, finding.message].join(" | ");
const keys = (findings: TLintFinding[]) => findings.map(key).sort();

// Shapes where resolving could matter: one string schema shared by many operations through $ref,
// a $ref with sibling keywords (3.1), allOf/oneOf chains, refs to a nested part of a component,
// a cycle, parameters and headers by reference, and schemas that exist only inline.
const SHARED_SHAPES = `openapi: 3.1.0
info: { title: Shapes, version: "1" }
servers: [{ url: https://api.example.com }]
paths:
  /a/{code}:
    parameters: [{ $ref: "#/components/parameters/Code" }]
    get:
      responses:
        "200":
          description: ok
          headers: { X-Trace: { $ref: "#/components/headers/Trace" } }
          content: { application/json: { schema: { $ref: "#/components/schemas/Node" } } }
    put:
      requestBody:
        content:
          application/json:
            schema:
              allOf: [{ $ref: "#/components/schemas/Node" }, { type: object, properties: { note: { type: string } } }]
      responses: { "204": { description: done } }
  /b:
    post:
      requestBody:
        content:
          application/json:
            schema: { $ref: "#/components/schemas/Node/properties/label", description: sibling of a ref }
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                oneOf: [{ $ref: "#/components/schemas/Node" }, { type: array, items: { type: integer } }]
components:
  parameters:
    Code: { name: code, in: path, required: true, schema: { type: string } }
  headers:
    Trace: { schema: { type: string, maxLength: 64 } }
  schemas:
    Node:
      type: object
      additionalProperties: { type: string }
      properties:
        label: { type: string }
        count: { type: integer }
        tags: { type: array, items: { type: string, format: uuid } }
        parent: { $ref: "#/components/schemas/Node" }
    Unused: { type: object, additionalProperties: true, properties: { x: { type: string, enum: [a] } } }
`;

// The same shapes without the one $ref that has a sibling keyword, so the tuned ruleset applies.
const SHARED_SHAPES_PLAIN = SHARED_SHAPES.replace(', description: sibling of a ref }', " }");

const SPECS: [string, () => string][] = [
  ...[...specFiles(""), ...specFiles("corpus/")].map((name): [string, () => string] => [name, () => readFileSync(new URL(name, FIXTURES), "utf8")]),
  ["shared shapes (3.1), a $ref with a sibling", () => SHARED_SHAPES],
  ["shared shapes (3.1), no $ref with a sibling", () => SHARED_SHAPES_PLAIN],
  ["generated bench spec, 150 operations", () => generateSpec(150)],
];

describe("lint with the tuned ruleset", () => {
  it("tunes rules that exist in the shipped ruleset, and only those", () => {
    const stock = stockRuleset.rules;
    const tuned = tunedRuleset().rules;
    for (const id of UNRESOLVED_SCHEMA_RULES) {
      expect(stock[id], id).toBeDefined();
      expect(tuned[id]?.resolved, id).toBe(false);
    }
    for (const id of Object.keys(stock).filter((id) => !(UNRESOLVED_SCHEMA_RULES as readonly string[]).includes(id))) {
      expect(tuned[id], id).toBe(stock[id]);
    }
  });

  it.each(SPECS)("finds exactly what the shipped ruleset finds: %s", async (_name, text) => {
    const spec = text();
    const document = parseSpecText(spec).document;
    const [stock, app] = [await lintSpec(spec, { ruleset: stockRuleset }), await lintSpec(spec, { document })];
    expect(keys(app)).toEqual(keys(stock));
  }, 60_000);

  it("is exercised: the tuned rules fire on the plain shapes, and the tuned ruleset is what lints them", async () => {
    expect(hasRefWithSiblings(parseSpecText(SHARED_SHAPES_PLAIN).document)).toBe(false);
    const findings = await lintSpec(SHARED_SHAPES_PLAIN, { ruleset: tunedRuleset() });
    const fired = new Set(findings.map((finding) => finding.ruleId));
    for (const id of ["owasp:api4:2023-string-limit", "owasp:api4:2023-string-restricted", "owasp:api4:2023-integer-format", "owasp:api4:2023-array-limit"]) {
      expect(fired, id).toContain(id);
    }
  });

  it("falls back to the shipped ruleset for a $ref with sibling keywords, where the tuned one would miss a finding", async () => {
    expect(hasRefWithSiblings(parseSpecText(SHARED_SHAPES).document)).toBe(true);
    const stock = keys(await lintSpec(SHARED_SHAPES, { ruleset: stockRuleset }));
    const tuned = keys(await lintSpec(SHARED_SHAPES, { ruleset: tunedRuleset() }));
    expect(stock.filter((finding) => !tuned.includes(finding))).toEqual([
      expect.stringContaining("owasp:api4:2023-string-limit | ERROR | /paths/~1b/post/requestBody/content/application~1json/schema"),
      expect.stringContaining("owasp:api4:2023-string-restricted | WARN | /paths/~1b/post/requestBody/content/application~1json/schema"),
    ]);
  });

  it("spots a $ref with siblings anywhere, and nothing else", () => {
    expect(hasRefWithSiblings({ a: [{ b: { $ref: "#/x", summary: "s" } }] })).toBe(true);
    expect(hasRefWithSiblings({ a: [{ b: { $ref: "#/x" } }], $ref: { not: "a reference" }, c: "d" })).toBe(false);
  });
});
