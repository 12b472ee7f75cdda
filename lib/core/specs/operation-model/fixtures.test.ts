import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extractOperations } from "../extract-operations";
import { parseSpecText } from "../parse-spec-text";
import { checkReferences } from "../refs";
import { scanSpecText } from "../scan-spec-text";
import { detectFormat } from "../spec-format";
import { buildOperationModel, compareStatus } from "./build-operation-model";
import { DEFAULT_OPERATION_MODEL_LIMITS } from "./limits";
import type { TMediaContent } from "./types";

// The model of every importable fixture spec agrees with extractOperations, read the way
// analyseSpec reads a spec.
// Speed is not asserted (shared cores make timings noise). Measured by hand on 2026-12-03 on a
// 2-core machine at load 7: the model of bench/generate-spec.ts's 1,000-operation spec (5,000
// fields, 1.6 MB of JSON) took 127 ms cold, 68 ms median, 37 ms at best; analyseSpec without lint
// took 1.2 s on the same run. 5,000 operations each with five 450-field bodies (the model cap
// applies): 210-250 ms, 24 MB of JSON.

const FIXTURES = new URL("../../../../tests/fixtures/specs/", import.meta.url);
const specFiles = (folder: URL, prefix = ""): string[] =>
  existsSync(folder)
    ? readdirSync(folder)
        .filter((name) => /\.(ya?ml|json)$/.test(name) && !name.endsWith(".expected.json"))
        .map((name) => `${prefix}${name}`)
        .sort()
    : [];
// Broken specs are refused before extraction; the corpus joins in when it exists.
const FILES = [...specFiles(FIXTURES), ...specFiles(new URL("corpus/", FIXTURES), "corpus/")];

function read(name: string) {
  const text = readFileSync(new URL(name, FIXTURES), "utf8");
  const { document } = parseSpecText(text, scanSpecText(text));
  const format = detectFormat(document);
  checkReferences(document);
  return { document, format };
}

/** extractOperations names a property "owner.email" wherever arrays and choices sit. */
const extractStylePath = (path: string) =>
  path
    .replace(/^\$\.?/, "")
    .replaceAll("[]", "")
    .replaceAll(".*", "")
    .replace(/\["((?:[^"\\]|\\.)*)"\]/g, (_, name: string) => `.${JSON.parse(`"${name}"`) as string}`)
    .replace(/^\./, "");

describe.each(FILES)("%s", (name) => {
  const { document, format } = read(name);
  const extracted = extractOperations(document, format);
  const model = buildOperationModel(document, format);
  const byKey = new Map(model.operations.map((operation) => [operation.key, operation]));

  it("has a model for every extracted operation, in the same order, and unique keys", () => {
    expect(model.format).toBe(format);
    expect(model.operations.filter((operation) => operation.kind !== "callback").map((operation) => operation.key)).toEqual(extracted.map((operation) => operation.key));
    expect(byKey.size).toBe(model.operations.length);
  });

  it("agrees with extractOperations on method, path, ids, tags, deprecation, authentication and parameters", () => {
    for (const operation of extracted) {
      const modelled = byKey.get(operation.key)!;
      expect(modelled.kind).toBe(operation.flags.includes("webhook") ? "webhook" : "operation");
      expect({ method: modelled.method, path: modelled.path, operationId: modelled.operationId ?? null, deprecated: modelled.deprecated, tags: modelled.tags }).toEqual({
        method: operation.method,
        path: operation.path,
        operationId: operation.operationId,
        deprecated: operation.deprecated,
        tags: operation.tags,
      });
      expect(modelled.security.anonymous, operation.key).toBe(!operation.requiresAuth);
      if (operation.requiresAuth) {
        const names = new Set(modelled.security.alternatives.flatMap((alternative) => alternative.schemes.map((entry) => entry.scheme.name)));
        expect([...names].sort()).toEqual(operation.securitySchemes);
      }
      // extractOperations reads only the first type of a list and no allOf, so its type is one of ours or null.
      const inParameters = operation.parameters.filter((parameter) => parameter.in !== "body" && parameter.in !== "formData");
      expect(modelled.parameters.map((parameter) => `${parameter.location}:${parameter.name}`)).toEqual(inParameters.map((parameter) => `${parameter.in}:${parameter.name}`));
      inParameters.forEach((parameter, index) => {
        const ours = modelled.parameters[index]!;
        if (parameter.type) expect(ours.type?.split("|"), `${operation.key} ${parameter.name}`).toContain(parameter.type);
        if (parameter.format) expect(ours.format, `${operation.key} ${parameter.name}`).toBe(parameter.format);
      });
    }
  });

  it("lists every body and response field extractOperations found sensitive, unless a bound cut it", () => {
    for (const operation of extracted) {
      const modelled = byKey.get(operation.key)!;
      const pathsOf = (contents: TMediaContent[]) => ({
        paths: new Set(contents.flatMap((content) => content.fields.map((field) => extractStylePath(field.path)))),
        // extractOperations' depth counts differently; a field below a depth or size cut may be missing.
        cut: contents.some((content) => content.truncation || content.fields.some((field) => field.truncation?.reason === "depth")),
      });
      const request = pathsOf(modelled.requestBody?.content ?? []);
      const response = pathsOf(modelled.responses.flatMap((entry) => entry.content));
      for (const field of operation.sensitiveFields) {
        const [where, ...rest] = field.split(".");
        const side = where === "request" ? request : where === "response" ? response : undefined;
        if (side && !side.cut) expect(side.paths.has(rest.join(".")), `${operation.key} ${field}`).toBe(true);
      }
    }
  });

  it("keeps its invariants: JSON paths, sorted status codes, bounds, plain JSON, deterministic", () => {
    for (const operation of model.operations) {
      expect(operation.statusCodes).toEqual([...operation.statusCodes].sort(compareStatus));
      expect(operation.documents429).toBe(operation.statusCodes.includes("429"));
      const contents = [...(operation.requestBody?.content ?? []), ...operation.responses.flatMap((response) => response.content)];
      let total = 0;
      for (const content of contents) {
        expect(content.fields.length).toBeLessThanOrEqual(DEFAULT_OPERATION_MODEL_LIMITS.maxFieldsPerSchema);
        total += content.fields.length;
        if (content.fields.length) expect(content.fields[0]!.path).toBe("$");
        for (const field of content.fields) expect(field.path).toMatch(/^\$/);
      }
      expect(total).toBeLessThanOrEqual(DEFAULT_OPERATION_MODEL_LIMITS.maxFieldsPerOperation);
    }
    const json = JSON.stringify(model);
    expect(JSON.parse(json)).toEqual(model);
    expect(JSON.stringify(buildOperationModel(read(name).document, format))).toBe(json);
  });
});

it("reads every fixture", () => {
  expect(FILES.length).toBeGreaterThanOrEqual(6);
});
