import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { TModelOperation } from "@/lib/core/specs/operation-model/types";
import { runSpecRules } from "./engine";
import { SPEC_RULES } from "./index";
import { contextOf, ok, spec } from "./test-support";
import type { TEvidence, TSpecRule, TSpecRuleContext } from "./types";

const document = spec({
  "/a": { get: { responses: ok() } },
  "/b": { get: { responses: ok() } },
  "/c": { post: { responses: ok() } },
});
const context = contextOf(document);

const piece = (operation: TModelOperation, reason: string, extra: Partial<TEvidence> = {}): TEvidence => ({
  operationKey: operation.key,
  target: { kind: "parameter", location: "query", name: "x" },
  reason,
  strength: "indirect",
  likelihood: 2,
  impact: 2,
  ...extra,
});

const rule = (id: string, entryKey: string, answer: "YES" | "UNSURE", evaluate: TSpecRule["evaluate"], evaluateApi?: (context: TSpecRuleContext) => TEvidence[]): TSpecRule => ({
  id,
  entryKey,
  answer,
  looksFor: id,
  example: id,
  evaluate,
  ...(evaluateApi ? { evaluateApi } : {}),
});

describe("runSpecRules", () => {
  const weak = rule("weak", "entry-1", "UNSURE", (operation) => (operation.method === "GET" ? [piece(operation, `\`${operation.key}\` takes \`x\``)] : []));
  const strong = rule("strong", "entry-1", "YES", (operation) =>
    operation.path === "/b" ? [piece(operation, `\`${operation.key}\` returns \`secret\``, { strength: "direct", likelihood: 4, impact: 5 }), piece(operation, `\`${operation.key}\` returns \`secret\``, { strength: "direct" })] : [],
  );
  const api = rule("api", "entry-2", "UNSURE", () => [], () => [{ operationKey: null, target: { kind: "api", detail: "server" }, reason: "the server http://x is plain HTTP", strength: "direct", likelihood: 3, impact: 3 }]);

  it("folds evidence into one answer per entry: YES if a YES rule fired, operations strongest first, reasons deduplicated, scores the maximum", () => {
    const [answer] = runSpecRules(context, { rules: [weak, strong] });
    expect(answer).toEqual({
      entryKey: "entry-1",
      answer: "YES",
      ruleIds: ["weak", "strong"],
      reason: "`GET /b` returns `secret`; `GET /a` takes `x`",
      operations: [
        { operationKey: "GET /b", reasons: ["`GET /b` returns `secret`", "`GET /b` takes `x`"] },
        { operationKey: "GET /a", reasons: ["`GET /a` takes `x`"] },
      ],
      apiReasons: [],
      likelihood: 4,
      impact: 5,
    });
  });

  it("answers UNSURE when only UNSURE rules fired, and keeps API-wide reasons apart", () => {
    const answers = runSpecRules(context, { rules: [weak, api] });
    expect(answers.map((answer) => [answer.entryKey, answer.answer])).toEqual([
      ["entry-1", "UNSURE"],
      ["entry-2", "UNSURE"],
    ]);
    expect(answers[1]).toMatchObject({ operations: [], apiReasons: ["the server http://x is plain HTTP"], reason: "the server http://x is plain HTTP" });
  });

  it("skips rules an organisation switched off", () => {
    expect(runSpecRules(context, { rules: [weak, strong], disabledRuleIds: ["strong"] })[0]?.answer).toBe("UNSURE");
    expect(runSpecRules(context, { rules: [weak], disabledRuleIds: ["weak"] })).toEqual([]);
  });

  it("names at most three operations in the summary and counts the rest", () => {
    const many = spec(Object.fromEntries(["/a", "/b", "/c", "/d", "/e"].map((path) => [path, { get: { responses: ok() } }])));
    const [answer] = runSpecRules(contextOf(many), { rules: [weak] });
    expect(answer?.reason).toBe("`GET /a` takes `x`; `GET /b` takes `x`; `GET /c` takes `x`; and 2 more operations");
  });

  it("justifies every link on its own: a reason that does not name its operation gets the operation's key", () => {
    // More than half of the operations linked: each keeps a reason from its own evidence.
    const vague = rule("vague", "entry-3", "UNSURE", (operation) => [piece(operation, "takes `x`")]);
    const [answer] = runSpecRules(context, { rules: [vague] });
    expect(answer?.operations).toEqual(context.model.operations.map((operation) => ({ operationKey: operation.key, reasons: [`\`${operation.key}\`: takes \`x\``] })));
  });
});

describe("SPEC_RULES", () => {
  it("has unique, kebab-case rule ids, each with what it looks for and an example", () => {
    const ids = SPEC_RULES.map((candidate) => candidate.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const candidate of SPEC_RULES) {
      expect(candidate.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(candidate.looksFor.length, candidate.id).toBeGreaterThan(20);
      expect(candidate.example.length, candidate.id).toBeGreaterThan(5);
    }
  });

  it("answers only catalogue entries or the entries the corpus README proposes", () => {
    const catalog = new Set((JSON.parse(readFileSync(new URL("../../../../prisma/catalog/threat-catalog.json", import.meta.url), "utf8")) as { entries: { key: string }[] }).entries.map((entry) => entry.key));
    const proposed = new Set(["inj-open-redirect", "inj-path-traversal", "api2-account-enumeration"]);
    for (const candidate of SPEC_RULES) expect(catalog.has(candidate.entryKey) || proposed.has(candidate.entryKey), `${candidate.id} → ${candidate.entryKey}`).toBe(true);
  });

  it("is listed rule by rule in docs/THREAT-RULES.md", () => {
    const doc = readFileSync(new URL("../../../../docs/THREAT-RULES.md", import.meta.url), "utf8");
    for (const candidate of SPEC_RULES) expect(doc, candidate.id).toContain(`\`${candidate.id}\``);
  });
});
