import { readdirSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import { generateSpec } from "@/bench/generate-spec";
import { analyseSpec, MAX_OPERATIONS } from "@/lib/core/specs/analyse-spec";
import { MAX_SPEC_DEPTH, scanSpecText } from "@/lib/core/specs/scan-spec-text";
import { SpecError } from "@/lib/core/specs/spec-error";

// Finding 3 of the security assessment: 10,000 nested arrays in a 20 KB spec overflowed the
// stack (a 500), and a 10 MB spec of 37,000 operations was refused only after ~20 s of parsing.

const FIXTURES = new URL("../../../tests/fixtures/specs/", import.meta.url);
const HEAD_JSON = '{"openapi":"3.0.3","info":{"title":"x","version":"1"},"paths":{"/a":{"get":{"responses":{"200":{"description":"ok"}}}}},"x-deep":';
const HEAD_YAML = 'openapi: 3.0.3\ninfo:\n  title: x\n  version: "1"\npaths:\n  /a:\n    get:\n      responses:\n        "200":\n          description: ok\n';

/** Arrays nested so that the whole document is `depth` levels deep (the root object is one). */
const nestedJson = (depth: number) => `${HEAD_JSON}${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}}`;
const nestedFlowYaml = (depth: number) => `${HEAD_YAML}x-deep: ${"[".repeat(depth - 1)}${"]".repeat(depth - 1)}\n`;
/** Block mappings, one more level per two spaces. */
const nestedBlockYaml = (depth: number) => HEAD_YAML + Array.from({ length: depth }, (_, level) => `${"  ".repeat(level)}k${level}:`).join("\n") + " leaf\n";

function scanError(text: string): SpecError {
  try {
    scanSpecText(text);
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw error;
  }
  throw new Error("expected the scan to refuse the text");
}

describe("finding 3: nesting depth, from the text", () => {
  it.each([
    ["JSON", nestedJson],
    ["YAML flow", nestedFlowYaml],
    ["YAML block", nestedBlockYaml],
  ])(`finding 3: %s: ${MAX_SPEC_DEPTH} levels pass, one more is refused with the line`, (_name, make) => {
    expect(() => scanSpecText(make(MAX_SPEC_DEPTH))).not.toThrow();
    const error = scanError(make(MAX_SPEC_DEPTH + 1));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(new RegExp(`^The spec is nested more than ${MAX_SPEC_DEPTH} levels deep \\(line \\d+\\); .*\\$ref`));
  });

  it("finding 3: 10,000 nested arrays are refused in milliseconds, JSON and YAML", () => {
    for (const text of [nestedJson(10_000), nestedFlowYaml(10_000)]) {
      const started = performance.now();
      expect(scanError(text).message).toMatch(/nested more than 100 levels deep \((line \d+)\)/);
      expect(performance.now() - started).toBeLessThan(50);
    }
  });

  it("finding 3: compact sequences (- - - x) and same-column sequences count as levels", () => {
    expect(scanError(`${HEAD_YAML}x:\n  ${"- ".repeat(MAX_SPEC_DEPTH)}leaf\n`).message).toMatch(/line 12/);
    // After "key: " a dash is text, not a sequence.
    expect(() => scanSpecText(`${HEAD_YAML}x: ${"- ".repeat(MAX_SPEC_DEPTH)}leaf\n`)).not.toThrow();
    const sameColumn = HEAD_YAML + Array.from({ length: MAX_SPEC_DEPTH }, (_, level) => `${"  ".repeat(level)}k${level}:\n${"  ".repeat(level)}- `).join("\n") + "leaf\n";
    expect(scanError(sameColumn).status).toBe(422);
  });

  it("finding 3: brackets in strings, comments and block text are not nesting", () => {
    const brackets = "[".repeat(500);
    expect(() => scanSpecText(`${HEAD_JSON}"${brackets}\\"${brackets}"}`)).not.toThrow();
    expect(() => scanSpecText(`${HEAD_YAML}x-a: "${brackets}"\nx-b: '${brackets}''${brackets}'\nx-c: plain ${brackets}\n# ${brackets}\nx-d: [a, "${brackets}"] # ${brackets}\n`)).not.toThrow();
    const deepText = Array.from({ length: 300 }, (_, i) => `${" ".repeat(i + 2)}line ${i}`).join("\n");
    expect(() => scanSpecText(`${HEAD_YAML}description: |\n${deepText}\nx-after: >-\n${deepText}\n`)).not.toThrow();
  });

  it("finding 3: the fixtures are well within the limit", () => {
    for (const name of readdirSync(FIXTURES).filter((file) => /\.(ya?ml|json)$/.test(file))) {
      expect(() => scanSpecText(readFileSync(new URL(name, FIXTURES), "utf8")), name).not.toThrow();
    }
  });

  it("finding 3: a long line without a key is scanned in linear time", () => {
    const started = performance.now();
    scanSpecText(`${HEAD_YAML}x: a${" ".repeat(2_000_000)}b\n${"a".repeat(2_000_000)}:${"b".repeat(10)}\n`);
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe("finding 3: operations counted from the text", () => {
  it("finding 3: the fixtures' counts equal the parsed documents' path × method entries", () => {
    for (const name of readdirSync(FIXTURES).filter((file) => /\.(ya?ml|json)$/.test(file))) {
      const text = readFileSync(new URL(name, FIXTURES), "utf8");
      const document = parseYaml(text) as { paths?: Record<string, object>; webhooks?: Record<string, object> };
      const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
      const actual = [document.paths, document.webhooks].flatMap((group) => Object.values(group ?? {})).reduce((sum, item) => sum + Object.keys(item).filter((key) => methods.includes(key)).length, 0);
      expect(scanSpecText(text).operations, name).toBe(actual);
    }
  });

  it("finding 3: JSON, pretty or compact, and YAML give the same count; properties named get do not count", () => {
    const yamlText = generateSpec(1_234);
    const document = parseYaml(yamlText) as Record<string, unknown>;
    expect(scanSpecText(yamlText).operations).toBe(1_234);
    expect(scanSpecText(JSON.stringify(document)).operations).toBe(1_234);
    expect(scanSpecText(JSON.stringify(document, null, 2)).operations).toBe(1_234);
    const tricky = `${HEAD_YAML}  "/b":\n    'post':\n      requestBody:\n        content:\n          application/json:\n            schema:\n              properties:\n                get: { type: string }\n                delete: { type: string }\n      responses: { "200": { description: ok } }\ncomponents:\n  pathItems:\n    x:\n      get: {}\n`;
    expect(scanSpecText(tricky).operations).toBe(2);
  });

  it("finding 3: paths in YAML flow style are left to the count after parsing", () => {
    expect(scanSpecText('openapi: 3.0.3\ninfo: { title: x, version: "1" }\npaths: { /a: { get: {} } }\n').operations).toBeNull();
  });
});

describe("finding 3: analyseSpec refuses before parsing", () => {
  const big = generateSpec(37_000);
  const bigJson = JSON.stringify(parseYaml(big));

  it.each([
    ["YAML", big],
    ["JSON", bigJson],
  ])("finding 3: %s, 37,000 operations (under 10 MB): refused in well under 2 s", async (_name, text) => {
    expect(Buffer.byteLength(text)).toBeLessThan(10 * 1024 * 1024);
    const started = performance.now();
    await expect(analyseSpec(text, { lint: false })).rejects.toThrow(`This spec has 37,000 operations; Bulwark imports at most ${MAX_OPERATIONS.toLocaleString("en")} per API. Split it by domain.`);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("finding 3: a spec at the depth limit is analysed and linted normally", async () => {
    const analysis = await analyseSpec(nestedJson(MAX_SPEC_DEPTH));
    expect(analysis.operations.map((operation) => operation.key)).toEqual(["GET /a"]);
  });

  it("finding 3: 10,000 nested arrays are a SpecError, not a RangeError", async () => {
    for (const text of [nestedJson(10_000), nestedFlowYaml(10_000), nestedBlockYaml(2_000)]) {
      await expect(analyseSpec(text, { lint: false })).rejects.toBeInstanceOf(SpecError);
    }
  });
});
