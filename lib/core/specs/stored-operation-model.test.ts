import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyseSpec } from "./analyse-spec";
import { extractOperations } from "./extract-operations";
import { parseSpecText } from "./parse-spec-text";
import { detectFormat } from "./spec-format";
import { buildOperationModelFromText, splitOperationModel } from "./stored-operation-model";

const fixture = (name: string) => readFileSync(new URL(`../../../tests/fixtures/specs/${name}`, import.meta.url), "utf8");
const PAYMENTS = fixture("corpus/payments-hooks-3.1.yaml");

describe("splitOperationModel", () => {
  it("gives every extracted operation one stored model under its key, and no entry to callbacks", () => {
    const model = buildOperationModelFromText(PAYMENTS);
    const document = parseSpecText(PAYMENTS).document;
    const keys = extractOperations(document, detectFormat(document)).map((operation) => operation.key);
    const stored = splitOperationModel(model);
    expect([...stored.keys()].sort()).toEqual([...keys].sort());
    for (const [key, entry] of stored) {
      expect(entry.operation.key).toBe(key);
      expect(entry.format).toBe("openapi-3.1");
    }
  });

  it("keeps each callback with the operation that registers it", () => {
    const model = buildOperationModelFromText(PAYMENTS);
    const callbacks = model.operations.filter((operation) => operation.kind === "callback");
    expect(callbacks.length).toBeGreaterThan(0);
    const stored = splitOperationModel(model);
    for (const callback of callbacks) expect(stored.get(callback.callback!.parentKey)!.callbacks).toContainEqual(callback);
    expect([...stored.values()].flatMap((entry) => entry.callbacks)).toHaveLength(callbacks.length);
  });
});

describe("buildOperationModelFromText", () => {
  it("builds the same model an import's analysis does", async () => {
    for (const name of ["kennel-3.0.yaml", "warehouse-swagger-2.0.json", "events-3.1.yaml", "corpus/payments-hooks-3.1.yaml"]) {
      const text = fixture(name);
      expect(buildOperationModelFromText(text), name).toEqual((await analyseSpec(text, { lint: false })).model);
    }
  });
});
