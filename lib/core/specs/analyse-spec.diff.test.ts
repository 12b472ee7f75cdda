import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { analyseSpec } from "@/lib/core/specs/analyse-spec";
import { diffOperations, operationKey, type TStoredOperation } from "@/lib/core/specs/diff-operations";
import type { TExtractedOperation } from "@/lib/core/specs/extract-operations";

// Drift between the stored operations of an API and a newly imported spec.

const FIXTURES = new URL("../../../tests/fixtures/specs/", import.meta.url);
const kennelText = readFileSync(new URL("kennel-3.0.yaml", FIXTURES), "utf8");

let kennel: TExtractedOperation[];
beforeAll(async () => {
  kennel = (await analyseSpec(kennelText, { lint: false })).operations;
});

const stored = (operations: TExtractedOperation[], removed: string[] = []): TStoredOperation[] =>
  operations.map(({ key, ...operation }, index) => ({ ...operation, id: `op${index}`, removedAt: removed.includes(key) ? new Date("2026-01-01") : null }));
const edit = (key: string, change: Partial<TExtractedOperation>) => kennel.map((operation) => (operation.key === key ? { ...operation, ...change } : operation));

describe("diffOperations", () => {
  it("operationKey upper-cases the method", () => {
    expect(operationKey({ method: "get", path: "/pets/{petId}" })).toBe("GET /pets/{petId}");
  });

  it("against nothing stored, everything is added, with its flags", () => {
    const diff = diffOperations([], kennel);
    expect(diff.added).toEqual(kennel.map(({ key, method, path, flags }) => ({ key, method, path, flags })));
    expect(diff.added.find((a) => a.key === "GET /bookings")?.flags).toEqual(["sensitive-data", "unbounded-list"]);
    expect({ removed: diff.removed, changed: diff.changed, unchanged: diff.unchanged }).toEqual({ removed: [], changed: [], unchanged: 0 });
  });

  it("the same operations again are all unchanged", () => {
    expect(diffOperations(stored(kennel), kennel)).toEqual({ added: [], removed: [], changed: [], unchanged: 6 });
  });

  it("an edited spec: added, removed, and changed with the names of the fields that differ", async () => {
    const text = kennelText
      .replace("      summary: One pet\n", "      summary: One pet, by its id\n")
      .replace("      operationId: uploadPhoto\n", "      operationId: uploadPhoto\n      security: []\n")
      .replace(/  \/bookings:\n[\s\S]*?(?=components:)/, "  /owners:\n    get:\n      summary: Owners\n      responses:\n        '200': { description: ok }\n");
    const incoming = (await analyseSpec(text, { lint: false })).operations;
    expect(diffOperations(stored(kennel), incoming)).toEqual({
      added: [{ key: "GET /owners", method: "GET", path: "/owners", flags: [] }],
      removed: [{ key: "GET /bookings", method: "GET", path: "/bookings" }],
      changed: [
        { key: "GET /pets/{petId}", method: "GET", path: "/pets/{petId}", fields: ["summary"] },
        { key: "PUT /pets/{petId}/photo", method: "PUT", path: "/pets/{petId}/photo", fields: ["requiresAuth", "securitySchemes"] },
      ],
      unchanged: 3,
    });
  });

  it("every compared field is detected, and only that field is named", () => {
    const changes: [string, Partial<TExtractedOperation>][] = [
      ["operationId", { operationId: "renamed" }],
      ["summary", { summary: "Different" }],
      ["tags", { tags: ["pets", "new"] }],
      ["deprecated", { deprecated: true }],
      ["requiresAuth", { requiresAuth: false }],
      ["securitySchemes", { securitySchemes: ["oauth", "apiKey"] }],
      ["flags", { flags: ["sensitive-data", "unbounded-list"] }],
      ["sensitiveFields", { sensitiveFields: [] }],
      ["parameters", { parameters: [] }],
    ];
    for (const [field, change] of changes) {
      const diff = diffOperations(stored(kennel), edit("GET /pets", change));
      expect(diff.changed, field).toEqual([{ key: "GET /pets", method: "GET", path: "/pets", fields: [field] }]);
      expect(diff.unchanged, field).toBe(5);
    }
  });

  it("a removed operation that comes back counts as added, not changed or unchanged", () => {
    const diff = diffOperations(stored(kennel, ["GET /bookings"]), kennel);
    expect(diff.added).toEqual([{ key: "GET /bookings", method: "GET", path: "/bookings", flags: ["sensitive-data", "unbounded-list"] }]);
    expect(diff).toMatchObject({ removed: [], changed: [], unchanged: 5 });
  });

  it("an operation already removed is not removed again", () => {
    const diff = diffOperations(stored(kennel, ["GET /bookings"]), kennel.filter((o) => o.key !== "GET /bookings"));
    expect(diff).toEqual({ added: [], removed: [], changed: [], unchanged: 5 });
  });

  it("parameters read back from jsonb, with their keys reordered, are unchanged", () => {
    // PostgreSQL jsonb stores object keys shortest first: { in, name, type, format, required }.
    const reordered = stored(kennel).map((operation) => ({
      ...operation,
      parameters: operation.parameters.map(({ name, in: where, required, type, format }) => ({ in: where, name, type, format, required })),
    }));
    expect(JSON.stringify(reordered[0]!.parameters)).not.toBe(JSON.stringify(kennel[0]!.parameters));
    expect(diffOperations(reordered, kennel)).toEqual({ added: [], removed: [], changed: [], unchanged: 6 });
    // A real change inside a parameter is still seen.
    const required = reordered.map((operation) => (operation.path === "/pets" && operation.method === "GET" ? { ...operation, parameters: [{ ...operation.parameters[0]!, required: true }] } : operation));
    expect(diffOperations(required, kennel).changed).toEqual([{ key: "GET /pets", method: "GET", path: "/pets", fields: ["parameters"] }]);
  });

  it("stored methods in lower case still match", () => {
    const lower = stored(kennel).map((operation) => ({ ...operation, method: operation.method.toLowerCase() }));
    expect(diffOperations(lower, kennel)).toMatchObject({ added: [], removed: [], unchanged: 6 });
  });
});
