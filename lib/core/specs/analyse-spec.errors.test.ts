import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { analyseSpec, MAX_OPERATIONS } from "@/lib/core/specs/analyse-spec";
import { decodeSpecBytes, MAX_SPEC_BYTES } from "@/lib/core/specs/parse-spec-text";
import { SpecError } from "@/lib/core/specs/spec-error";

// Documents Bulwark refuses: each must end in a SpecError (an AppError, 422) that says what is
// wrong and, where the parser knows it, on which line or at which JSON pointer.

const FIXTURES = new URL("../../../tests/fixtures/specs/", import.meta.url);
const fixtureText = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8");

/** The SpecError a call rejects with; anything else (a resolve, a TypeError…) fails the test. */
async function specErrorOf(run: () => Promise<unknown> | unknown): Promise<SpecError> {
  let result: unknown;
  try {
    result = await run();
  } catch (error) {
    if (error instanceof SpecError) return error;
    throw new Error(`Expected a SpecError (422), got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
  throw new Error(`Expected a SpecError, but the call resolved with ${JSON.stringify(result)?.slice(0, 200)}`);
}
const refused = (text: string) => specErrorOf(() => analyseSpec(text, { lint: false }));

describe("SpecError", () => {
  it("is an AppError with status 422 and code VALIDATION_FAILED", async () => {
    const error = await refused(fixtureText("broken/not-openapi.yaml"));
    expect(error).toBeInstanceOf(AppError);
    expect({ name: error.name, code: error.code, status: error.status }).toEqual({ name: "SpecError", code: "VALIDATION_FAILED", status: 422 });
  });
});

describe("syntax", () => {
  it("invalid YAML: names the problem and its line", async () => {
    const error = await refused(fixtureText("broken/invalid-yaml.yaml"));
    // The unclosed `[` opened on line 7 is only detected at the end of the input (line 9).
    expect(error.message).toBe("The spec is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (line 9).");
    expect(error.fieldErrors?.[0]).toMatchObject({ field: "line 9" });
  });

  it("invalid YAML in the middle of a file: the line of the bad indentation", async () => {
    const error = await refused(fixtureText("broken/bad-indent.yaml"));
    expect(error.message).toMatch(/^The spec is not valid YAML: .+ \(line 11\)\.$/);
    expect(fixtureText("broken/bad-indent.yaml").split("\n")[10]).toBe("     summary: this line is indented by five spaces");
    expect(error.fieldErrors?.map((f) => f.field)).toContain("line 11");
  });

  it("invalid JSON: the parser's complaint, without the byte position, and the line of the trailing comma", async () => {
    const error = await refused(fixtureText("broken/invalid-json.json"));
    expect(error.message).toBe("The spec is not valid JSON: Expected double-quoted property name.");
    expect(error.fieldErrors).toEqual([{ field: "line 6", pointer: "", detail: expect.stringMatching(/position 133.*\(line 6\)$/) }]);
    expect(fixtureText("broken/invalid-json.json").split("\n")[5]).toBe("  }");
  });

  it("duplicate keys in YAML are refused, with the line of the second key", async () => {
    const error = await refused(fixtureText("broken/duplicate-keys.yaml"));
    expect(error.message).toBe("The spec is not valid YAML: Map keys must be unique (line 8).");
    expect(fixtureText("broken/duplicate-keys.yaml").split("\n")[7]).toBe("  /things:");
  });

  it("duplicate keys in JSON are refused too, not silently collapsed to the last one", async () => {
    // JSON.parse keeps the last "/things" and drops GET /things without a word.
    const error = await refused(fixtureText("broken/duplicate-keys.json"));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/unique|duplicate|twice/i);
  });

  it.each([
    ["empty text", "", "The spec is empty."],
    ["whitespace only", "  \n\t\n", "The spec is empty."],
    ["a JSON array at the top", fixtureText("broken/top-level-array.json"), "The spec must be a JSON or YAML object with an `openapi` or `swagger` field at the top."],
    ["a YAML sequence at the top", "- openapi: 3.0.3\n- paths: {}\n", "The spec must be a JSON or YAML object with an `openapi` or `swagger` field at the top."],
    ["a bare scalar", "just some words", "The spec must be a JSON or YAML object with an `openapi` or `swagger` field at the top."],
  ])("%s", async (_label, text, message) => {
    expect((await refused(text)).message).toBe(message);
  });
});

describe("not a supported OpenAPI document", () => {
  it("a YAML file that is not OpenAPI at all", async () => {
    const error = await refused(fixtureText("broken/not-openapi.yaml"));
    expect(error.message).toBe("This is not an OpenAPI document: there is no top-level `openapi: 3.x` or `swagger: \"2.0\"` field.");
    expect(error.fieldErrors).toEqual([{ field: "spec", pointer: "", detail: "Expected an `openapi` or `swagger` field." }]);
  });

  it("OpenAPI 3.2 is not supported (pointer /openapi)", async () => {
    const error = await refused(fixtureText("broken/unsupported-3.2.yaml"));
    expect(error.message).toBe("OpenAPI 3.2.0 is not supported; Bulwark reads OpenAPI 3.0, 3.1 and Swagger 2.0.");
    expect(error.fieldErrors).toEqual([{ field: "/openapi", pointer: "/openapi", detail: "Unsupported version 3.2.0." }]);
  });

  it("Swagger 1.2 is not supported (pointer /swagger)", async () => {
    const error = await refused(fixtureText("broken/swagger-1.2.yaml"));
    expect(error.message).toBe("Swagger 1.2 is not supported; Bulwark reads OpenAPI 3.0, 3.1 and Swagger 2.0.");
    expect(error.fieldErrors?.[0]).toMatchObject({ pointer: "/swagger" });
  });

  it("schema-invalid: an operation without responses, at its pointer and line 6", async () => {
    const error = await refused(fixtureText("broken/schema-invalid.yaml"));
    expect(error.message).toBe("The document does not follow the OpenAPI schema: /paths/~1a/get must have required property 'responses' (line 6).");
    expect(error.fieldErrors?.[0]).toEqual({ field: "line 6", pointer: "/paths/~1a/get", detail: "/paths/~1a/get must have required property 'responses' (line 6)" });
  });

  it("schema-invalid in Swagger 2.0 JSON: the line comes from the JSON text", async () => {
    const text = fixtureText("warehouse-swagger-2.0.json").replace('"responses": { "202": { "description": "Accepted" } }', '"responsez": {}');
    const error = await refused(text);
    expect(error.message).toMatch(/^The document does not follow the OpenAPI schema: \/paths\/~1imports\/post .+ \(line \d+\)\.$/);
    const line = Number(/\(line (\d+)\)/.exec(error.message)![1]);
    expect(text.split("\n").slice(line - 1, line + 1).join("\n")).toMatch(/"post"|"operationId": "importCsv"/);
  });
});

describe("references", () => {
  it("an external $ref is refused at the pointer of the $ref, before anything is fetched", async () => {
    const error = await refused(fixtureText("broken/external-ref.yaml"));
    expect(error.message).toBe('External reference "https://schemas.example.com/thing.json" is not allowed; bundle the spec into one file first.');
    expect(error.fieldErrors).toEqual([
      {
        field: "/paths/~1things/get/responses/200/content/application~1json/schema/$ref",
        pointer: "/paths/~1things/get/responses/200/content/application~1json/schema/$ref",
        detail: 'External reference "https://schemas.example.com/thing.json" is not allowed; bundle the spec into one file first.',
      },
    ]);
  });

  it("a file-system $ref is refused the same way", async () => {
    const text = fixtureText("broken/external-ref.yaml").replace("https://schemas.example.com/thing.json", "../../../../etc/passwd");
    expect((await refused(text)).message).toBe('External reference "../../../../etc/passwd" is not allowed; bundle the spec into one file first.');
  });

  it("a circular $ref with nothing in between is reported once, naming the cycle", async () => {
    const error = await refused(fixtureText("broken/circular-ref.yaml"));
    expect(error.message).toBe("Circular reference with nothing in between: #/components/schemas/A → #/components/schemas/B → #/components/schemas/A.");
    expect(error.fieldErrors).toHaveLength(1);
    expect(error.fieldErrors![0]!.pointer).toBe("/paths/~1loops/get/responses/200/content/application~1json/schema/$ref");
  });

  it("a schema that is a $ref to itself", async () => {
    const error = await refused(fixtureText("broken/self-ref.yaml"));
    expect(error.message).toBe("Circular reference with nothing in between: #/components/schemas/Loop → #/components/schemas/Loop.");
    expect(error.fieldErrors).toEqual([expect.objectContaining({ pointer: "/components/schemas/Loop/$ref" })]);
  });

  it("a dangling $ref names the reference and its pointer", async () => {
    const error = await refused(fixtureText("broken/dangling-ref.yaml"));
    expect(error.message).toBe('Reference "#/components/schemas/Widget" points to nothing in this document.');
    expect(error.fieldErrors).toEqual([expect.objectContaining({ pointer: "/paths/~1widgets/get/responses/200/content/application~1json/schema/$ref" })]);
  });

  it("a $ref with a malformed %-escape is a 422, not a crash", async () => {
    // "#/components/schemas/100%off": decodeURIComponent throws URIError on "%of".
    const error = await refused(fixtureText("broken/malformed-ref-escape.yaml"));
    expect(error.status).toBe(422);
    expect(error.message).toContain("#/components/schemas/100%off");
  });

  it("recursive schemas through properties are accepted (a linked list)", async () => {
    const text = [
      "openapi: 3.0.3",
      "info: { title: List, version: '1' }",
      "paths:",
      "  /nodes:",
      "    get:",
      "      responses:",
      "        '200':",
      "          description: ok",
      "          content:",
      "            application/json:",
      "              schema: { $ref: '#/components/schemas/Node' }",
      "components:",
      "  schemas:",
      "    Node:",
      "      type: object",
      "      properties:",
      "        next: { $ref: '#/components/schemas/Node' }",
      "        token: { type: string }",
      "",
    ].join("\n");
    const analysis = await analyseSpec(text, { lint: false });
    // The walk stops where the schema recurses, so each field is named once.
    expect(analysis.operations.map((o) => [o.key, o.sensitiveFields])).toEqual([["GET /nodes", ["response.token"]]]);
  });
});

describe("resource limits", () => {
  it("a YAML alias bomb fails fast with a 4xx SpecError, without exhausting memory", async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const error = await refused(fixtureText("broken/billion-laughs.yaml"));
    const elapsed = performance.now() - started;
    expect(error.status).toBe(422);
    expect(error.message).toBe("The spec could not be read: Excessive alias count indicates a resource exhaustion attack.");
    expect(elapsed).toBeLessThan(1_000);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(100 * 1024 * 1024);
  }, 5_000);

  it(`more than ${MAX_OPERATIONS} operations: 20,000 are refused, mentioning the cap`, async () => {
    const lines = ["openapi: 3.0.3", "info: { title: Huge, version: '1' }", "paths:"];
    for (let i = 0; i < 20_000; i++) lines.push(`  /r${i}:`, "    get:", "      responses: { '200': { description: ok } }");
    const error = await refused(lines.join("\n"));
    expect(error.message).toBe("This spec has 20,000 operations; Bulwark imports at most 5,000 per API. Split it by domain.");
  }, 30_000);

  it("exactly 5,000 operations are accepted; 5,001 are not", async () => {
    const spec = (count: number) => {
      const lines = ["openapi: 3.0.3", "info: { title: Big, version: '1' }", "paths:"];
      for (let i = 0; i < count; i++) lines.push(`  /r${i}:`, "    get:", "      responses: { '200': { description: ok } }");
      return lines.join("\n");
    };
    expect((await analyseSpec(spec(5_000), { lint: false })).operations).toHaveLength(5_000);
    expect((await refused(spec(5_001))).message).toMatch(/^This spec has 5,001 operations; Bulwark imports at most 5,000 per API/);
  }, 30_000);
});

describe("decodeSpecBytes", () => {
  const utf8 = (text: string) => new TextEncoder().encode(text);

  it("decodes UTF-8 text and strips a leading BOM", () => {
    expect(decodeSpecBytes(utf8("openapi: 3.0.3\ninfo: { title: Café }\n"))).toBe("openapi: 3.0.3\ninfo: { title: Café }\n");
    expect(decodeSpecBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8("openapi: 3.1.0")]))).toBe("openapi: 3.1.0");
  });

  it("a BOM-prefixed spec then parses like the same spec without it", async () => {
    const text = fixtureText("kennel-3.0.yaml");
    const decoded = decodeSpecBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]));
    expect(decoded).toBe(text);
    expect((await analyseSpec(decoded, { lint: false })).title).toBe("Kennel API");
  });

  it("NUL bytes mean binary: 422", () => {
    const error = (() => {
      try {
        decodeSpecBytes(utf8("openapi: 3.0.3\u0000\n"));
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(SpecError);
    expect(error).toMatchObject({ status: 422, message: "This file is binary, not a JSON or YAML document." });
  });

  it("a PNG (header, IHDR chunk, random bytes) is binary: 422", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, ...randomBytes(4096)]);
    const error = await specErrorOf(() => decodeSpecBytes(png));
    expect({ status: error.status, message: error.message }).toEqual({ status: 422, message: "This file is binary, not a JSON or YAML document." });
  });

  it("random bytes with no NUL are refused as not UTF-8: 422", async () => {
    const bytes = randomBytes(4096).map((byte) => (byte === 0 ? 0xff : byte));
    const error = await specErrorOf(() => decodeSpecBytes(new Uint8Array(bytes)));
    expect({ status: error.status, message: error.message }).toEqual({ status: 422, message: "This file is not UTF-8 text; save the spec as UTF-8 JSON or YAML." });
  });

  it("invalid UTF-8 (a Latin-1 é) is refused: 422", async () => {
    const latin1 = new Uint8Array([...utf8("info: { title: Caf"), 0xe9, ...utf8(" }\n")]);
    const error = await specErrorOf(() => decodeSpecBytes(latin1));
    expect(error.status).toBe(422);
    expect(error.message).toMatch(/not UTF-8/);
  });

  it("more than 10 MB is refused before decoding; exactly 10 MB is fine", async () => {
    expect(MAX_SPEC_BYTES).toBe(10 * 1024 * 1024);
    const error = await specErrorOf(() => decodeSpecBytes(new Uint8Array(MAX_SPEC_BYTES + 1).fill(0x20)));
    expect({ status: error.status, message: error.message }).toEqual({ status: 422, message: "The spec is larger than 10 MB." });
    expect(decodeSpecBytes(new Uint8Array(MAX_SPEC_BYTES).fill(0x20))).toHaveLength(MAX_SPEC_BYTES);
  });
});
