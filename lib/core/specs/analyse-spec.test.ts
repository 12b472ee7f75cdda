import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { analyseSpec, type TSpecAnalysis } from "@/lib/core/specs/analyse-spec";
import { isUrlLike } from "@/lib/core/specs/extract-operations";
import { parseSpecText } from "@/lib/core/specs/parse-spec-text";
import { checkReferences } from "@/lib/core/specs/refs";

// What Bulwark reads out of each fixture spec: overview, operations and their derived facts.
// Lint findings are checked in analyse-spec.lint.test.ts, refusals in analyse-spec.errors.test.ts.

const FIXTURES = new URL("../../../tests/fixtures/specs/", import.meta.url);
const fixtureText = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8");

type TFacts = { key: string; requiresAuth: boolean; securitySchemes: string[]; flags: string[]; deprecated: boolean; sensitiveFields: string[] };
const facts = (analysis: TSpecAnalysis): TFacts[] =>
  analysis.operations.map(({ key, requiresAuth, securitySchemes, flags, deprecated, sensitiveFields }) => ({ key, requiresAuth, securitySchemes, flags, deprecated, sensitiveFields }));
const op = (analysis: TSpecAnalysis, key: string) => {
  const found = analysis.operations.find((operation) => operation.key === key);
  if (!found) throw new Error(`${key} not among ${analysis.operations.map((o) => o.key).join(", ")}`);
  return found;
};
/** Analyses an edited copy of a fixture, failing loudly if the edit did not apply. */
async function analyseEdited(name: string, edits: [string, string][]) {
  let text = fixtureText(name);
  for (const [from, to] of edits) {
    if (!text.includes(from)) throw new Error(`fixture ${name} has no ${JSON.stringify(from)}`);
    text = text.replace(from, to);
  }
  return analyseSpec(text, { lint: false });
}

const analyses: Record<string, TSpecAnalysis> = {};
beforeAll(async () => {
  for (const name of ["kennel-3.0.yaml", "events-3.1.yaml", "warehouse-swagger-2.0.json", "vulnerable-3.0.yaml"]) {
    analyses[name] = await analyseSpec(fixtureText(name));
  }
}, 60_000);

describe("every fixture", () => {
  it.each(["kennel-3.0.yaml", "events-3.1.yaml", "warehouse-swagger-2.0.json", "vulnerable-3.0.yaml"])("%s: checksum is the sha256 of the text, size in bytes, text kept", (name) => {
    const text = fixtureText(name);
    const analysis = analyses[name]!;
    expect(analysis.checksum).toBe(createHash("sha256").update(text).digest("hex"));
    expect(analysis.sizeBytes).toBe(Buffer.byteLength(text));
    expect(analysis.text).toBe(text);
    expect(analysis.findings.length).toBeGreaterThan(0);
    expect(Object.keys(analysis.timings).sort()).toEqual(["extract", "lint", "parse", "validate"]);
  });

  it("reports its stages in order, and skips linting when asked", async () => {
    const stages: string[] = [];
    const analysis = await analyseSpec(fixtureText("kennel-3.0.yaml"), { lint: false, onStage: (stage) => stages.push(stage) });
    expect(stages).toEqual(["parsing", "validating", "extracting"]);
    expect(analysis.findings).toEqual([]);
    const linted: string[] = [];
    await analyseSpec(fixtureText("kennel-3.0.yaml"), { onStage: (stage) => linted.push(stage) });
    expect(linted).toEqual(["parsing", "validating", "extracting", "linting"]);
  });
});

describe("kennel-3.0.yaml (OpenAPI 3.0)", () => {
  it("overview: format, title, version, description, both servers with the {region} variable defaulted", () => {
    const analysis = analyses["kennel-3.0.yaml"]!;
    expect({ format: analysis.format, title: analysis.title, version: analysis.version, description: analysis.description }).toEqual({
      format: "openapi-3.0",
      title: "Kennel API",
      version: "1.4.0",
      description: "Boarding bookings for pets.",
    });
    expect(analysis.servers).toEqual([
      { name: "production", baseUrl: "https://kennel.example.com/v1" },
      { name: "sandbox", baseUrl: "https://eu.sandbox.kennel.example.com/v1" },
    ]);
  });

  it("operations, in document order, with auth, schemes, flags, deprecation and sensitive fields", () => {
    const oauth = { requiresAuth: true, securitySchemes: ["oauth"] };
    expect(facts(analyses["kennel-3.0.yaml"]!)).toEqual([
      { key: "GET /pets", ...oauth, flags: ["sensitive-data"], deprecated: false, sensitiveFields: ["response.owner.email"] },
      { key: "POST /pets", ...oauth, flags: ["sensitive-data"], deprecated: false, sensitiveFields: ["response.owner.email"] },
      { key: "GET /pets/{petId}", ...oauth, flags: ["id-path-param", "sensitive-data"], deprecated: false, sensitiveFields: ["response.owner.email"] },
      { key: "DELETE /pets/{petId}", ...oauth, flags: ["id-path-param"], deprecated: true, sensitiveFields: [] },
      { key: "PUT /pets/{petId}/photo", ...oauth, flags: ["id-path-param", "file-upload"], deprecated: false, sensitiveFields: [] },
      { key: "GET /bookings", ...oauth, flags: ["sensitive-data", "unbounded-list"], deprecated: false, sensitiveFields: ["response.data.pet.owner.email"] },
    ]);
  });

  it("operation ids, summaries, tags, and path-level parameters inherited by each method", () => {
    const analysis = analyses["kennel-3.0.yaml"]!;
    expect(analysis.operations.map((o) => [o.operationId, o.summary, o.tags])).toEqual([
      ["listPets", "List pets", ["pets"]],
      ["createPet", "Register a pet", ["pets"]],
      ["getPet", "One pet", ["pets"]],
      ["deletePet", "Remove a pet", ["pets"]],
      ["uploadPhoto", "Upload a photo", ["pets"]],
      ["listBookings", "All bookings", ["bookings"]],
    ]);
    const petId = { name: "petId", in: "path", required: true, type: "string", format: "uuid" };
    expect(op(analysis, "GET /pets/{petId}").parameters).toEqual([petId]);
    expect(op(analysis, "DELETE /pets/{petId}").parameters).toEqual([petId]);
    expect(op(analysis, "GET /pets").parameters).toEqual([{ name: "limit", in: "query", required: false, type: "integer", format: null }]);
  });

  it("GET /pets is bounded by maxItems and by its limit parameter, each on its own", async () => {
    const limitParameter = "      parameters:\n        - name: limit\n          in: query\n          schema: { type: integer, maximum: 100 }\n";
    const withoutLimit = await analyseEdited("kennel-3.0.yaml", [[limitParameter, ""]]);
    expect(op(withoutLimit, "GET /pets").parameters).toEqual([]);
    expect(op(withoutLimit, "GET /pets").flags).not.toContain("unbounded-list");
    const withoutMaxItems = await analyseEdited("kennel-3.0.yaml", [["                maxItems: 100\n", ""]]);
    expect(op(withoutMaxItems, "GET /pets").flags).not.toContain("unbounded-list");
    const neither = await analyseEdited("kennel-3.0.yaml", [
      ["                maxItems: 100\n", ""],
      [limitParameter, ""],
    ]);
    expect(op(neither, "GET /pets").flags).toContain("unbounded-list");
  });

  it("GET /bookings: the { data: [...] } envelope is unbounded; maxItems on data bounds it", async () => {
    const bounded = await analyseEdited("kennel-3.0.yaml", [["                  data:\n                    type: array\n", "                  data:\n                    type: array\n                    maxItems: 50\n"]]);
    expect(op(bounded, "GET /bookings").flags).toEqual(["sensitive-data"]);
  });

  it("PUT /pets/{petId}/photo is a file upload through multipart/form-data", async () => {
    // Without the multipart media type and the binary property there is no upload.
    const json = await analyseEdited("kennel-3.0.yaml", [
      ["          multipart/form-data:", "          application/json:"],
      ["                file: { type: string, format: binary }", "                caption: { type: string }"],
    ]);
    expect(op(json, "PUT /pets/{petId}/photo").flags).toEqual(["id-path-param"]);
  });
});

describe("events-3.1.yaml (OpenAPI 3.1)", () => {
  it("overview", () => {
    const analysis = analyses["events-3.1.yaml"]!;
    expect({ format: analysis.format, title: analysis.title, version: analysis.version, description: analysis.description, servers: analysis.servers }).toEqual({
      format: "openapi-3.1",
      title: "Events API",
      version: "2026.11",
      description: null,
      servers: [{ name: "server 1", baseUrl: "https://events.example.com" }],
    });
  });

  it("operations: security: [] and an empty requirement make an operation anonymous; the webhook is listed", () => {
    expect(facts(analyses["events-3.1.yaml"]!)).toEqual([
      { key: "GET /health", requiresAuth: false, securitySchemes: [], flags: [], deprecated: false, sensitiveFields: [] },
      { key: "GET /events", requiresAuth: false, securitySchemes: [], flags: ["sensitive-data"], deprecated: false, sensitiveFields: ["response.organiserPhone"] },
      { key: "POST /subscriptions", requiresAuth: true, securitySchemes: ["apiKey"], flags: ["url-input", "sensitive-data"], deprecated: false, sensitiveFields: ["request.secret"] },
      { key: "GET /subscriptions/{subscriptionId}", requiresAuth: false, securitySchemes: [], flags: ["id-path-param"], deprecated: false, sensitiveFields: [] },
      // Top-level security is applied to webhooks too, as written.
      { key: "POST webhook:eventCreated", requiresAuth: true, securitySchemes: ["apiKey"], flags: ["sensitive-data", "webhook"], deprecated: false, sensitiveFields: ["request.organiserPhone"] },
    ]);
    const webhook = op(analyses["events-3.1.yaml"]!, "POST webhook:eventCreated");
    expect([webhook.method, webhook.path, webhook.operationId]).toEqual(["POST", "webhook:eventCreated", "eventCreatedHook"]);
  });

  it("GET /events is paginated by `page`; without it the list is unbounded", async () => {
    expect(op(analyses["events-3.1.yaml"]!, "GET /events").flags).not.toContain("unbounded-list");
    const unpaged = await analyseEdited("events-3.1.yaml", [["      parameters:\n        - name: page\n          in: query\n          schema: { type: integer }\n", ""]]);
    expect(op(unpaged, "GET /events").flags).toEqual(["sensitive-data", "unbounded-list"]);
  });

  it("GET /subscriptions/{id} needs auth once the anonymous {} alternative is gone", async () => {
    const strict = await analyseEdited("events-3.1.yaml", [["        - apiKey: []\n        - {}\n", "        - apiKey: []\n"]]);
    expect(op(strict, "GET /subscriptions/{subscriptionId}")).toMatchObject({ requiresAuth: true, securitySchemes: ["apiKey"] });
    // Dropping `security: []` makes /health inherit the global requirement.
    const inherited = await analyseEdited("events-3.1.yaml", [["      summary: Liveness\n      security: []\n", "      summary: Liveness\n"]]);
    expect(op(inherited, "GET /health")).toMatchObject({ requiresAuth: true, securitySchemes: ["apiKey"] });
  });

  it("POST /subscriptions: url-input comes from format: uri on callbackUrl", async () => {
    const renamed = await analyseEdited("events-3.1.yaml", [["callbackUrl: { type: string, format: uri }", "target: { type: string, format: uri }"]]);
    expect(op(renamed, "POST /subscriptions").flags).toContain("url-input");
    const plain = await analyseEdited("events-3.1.yaml", [["callbackUrl: { type: string, format: uri }", "target: { type: string }"]]);
    expect(op(plain, "POST /subscriptions").flags).toEqual(["sensitive-data"]);
  });

  it("the recursive Event schema (children → Event) is accepted and walked without looping", () => {
    const parsed = parseSpecText(fixtureText("events-3.1.yaml"));
    expect(() => checkReferences(parsed.document)).not.toThrow();
    // organiserPhone is found once, not once per level of recursion.
    expect(op(analyses["events-3.1.yaml"]!, "GET /events").sensitiveFields).toEqual(["response.organiserPhone"]);
  });
});

describe("warehouse-swagger-2.0.json (Swagger 2.0)", () => {
  it("overview: the server is built from schemes, host and basePath", () => {
    const analysis = analyses["warehouse-swagger-2.0.json"]!;
    expect({ format: analysis.format, title: analysis.title, version: analysis.version, servers: analysis.servers }).toEqual({
      format: "swagger-2.0",
      title: "Warehouse API",
      version: "0.9.2",
      servers: [{ name: "default", baseUrl: "https://warehouse.example.com/api" }],
    });
  });

  it("operations: POST /items needs `key`, the rest the global `basic`; formData file upload; integer sku", () => {
    const basic = { requiresAuth: true, securitySchemes: ["basic"] };
    expect(facts(analyses["warehouse-swagger-2.0.json"]!)).toEqual([
      { key: "GET /items", ...basic, flags: ["sensitive-data", "unbounded-list"], deprecated: false, sensitiveFields: ["response.supplierIban"] },
      { key: "POST /items", requiresAuth: true, securitySchemes: ["key"], flags: ["sensitive-data"], deprecated: false, sensitiveFields: ["request.supplierIban"] },
      { key: "GET /items/{sku}", ...basic, flags: ["id-path-param", "sensitive-data"], deprecated: false, sensitiveFields: ["response.supplierIban"] },
      { key: "POST /imports", ...basic, flags: ["file-upload"], deprecated: false, sensitiveFields: [] },
    ]);
    const analysis = analyses["warehouse-swagger-2.0.json"]!;
    expect(op(analysis, "GET /items/{sku}").parameters).toEqual([{ name: "sku", in: "path", required: true, type: "integer", format: "int64" }]);
    expect(op(analysis, "POST /imports").parameters).toEqual([{ name: "file", in: "formData", required: true, type: "file", format: null }]);
  });

  it("`sku` is an id because it is an integer, and the upload because the formData parameter is type file", async () => {
    const stringSku = await analyseEdited("warehouse-swagger-2.0.json", [['"type": "integer", "format": "int64" }],', '"type": "string" }],']]);
    expect(op(stringSku, "GET /items/{sku}").flags).toEqual(["sensitive-data"]);
    const textField = await analyseEdited("warehouse-swagger-2.0.json", [
      ['"consumes": ["multipart/form-data"],', '"consumes": ["application/x-www-form-urlencoded"],'],
      ['"in": "formData", "type": "file"', '"in": "formData", "type": "string"'],
    ]);
    expect(op(textField, "POST /imports").flags).toEqual([]);
  });
});

describe("vulnerable-3.0.yaml", () => {
  it("overview: the plain-http server is kept", () => {
    const analysis = analyses["vulnerable-3.0.yaml"]!;
    expect({ format: analysis.format, title: analysis.title, version: analysis.version, servers: analysis.servers }).toEqual({
      format: "openapi-3.0",
      title: "Leaky Orders API",
      version: "0.1.0",
      servers: [{ name: "server 1", baseUrl: "http://orders.example.com" }],
    });
  });

  it("operations: no auth anywhere, ids in paths, URL inputs, secrets in responses, an unbounded list", () => {
    const open = { requiresAuth: false, securitySchemes: [], deprecated: false };
    expect(facts(analyses["vulnerable-3.0.yaml"]!)).toEqual([
      { key: "GET /orders/{orderId}", ...open, flags: ["id-path-param", "sensitive-data"], sensitiveFields: ["response.cardNumber"] },
      { key: "GET /users/{userId}", ...open, flags: ["id-path-param", "sensitive-data"], sensitiveFields: ["response.creditCard", "response.email", "response.password"] },
      { key: "GET /users", ...open, flags: ["sensitive-data", "unbounded-list"], sensitiveFields: ["response.dateOfBirth"] },
      { key: "POST /fetch-preview", ...open, flags: ["url-input"], sensitiveFields: [] },
      { key: "PUT /admin/users/{userId}/role", ...open, flags: ["id-path-param", "sensitive-data"], sensitiveFields: ["query.token"] },
    ]);
  });

  it("POST /fetch-preview: the redirect_uri query parameter and the imageUrl body field are each a URL input", async () => {
    expect(isUrlLike("redirect_uri", { type: "string" })).toBe(true);
    expect(isUrlLike("imageUrl", { type: "string" })).toBe(true);
    const redirect = "      parameters:\n        - name: redirect_uri\n          in: query\n          schema: { type: string }\n";
    const onlyBody = await analyseEdited("vulnerable-3.0.yaml", [[redirect, ""]]);
    expect(op(onlyBody, "POST /fetch-preview").flags).toEqual(["url-input"]);
    const onlyQuery = await analyseEdited("vulnerable-3.0.yaml", [["imageUrl: { type: string }", "caption: { type: string }"]]);
    expect(op(onlyQuery, "POST /fetch-preview").flags).toEqual(["url-input"]);
    const neither = await analyseEdited("vulnerable-3.0.yaml", [
      [redirect, ""],
      ["imageUrl: { type: string }", "caption: { type: string }"],
    ]);
    expect(op(neither, "POST /fetch-preview").flags).toEqual([]);
  });

  it("an id parameter is recognised by name, by uuid format or by integer type, not by `in: path` alone", async () => {
    const named = await analyseEdited("vulnerable-3.0.yaml", [
      ["  /users/{userId}:\n", "  /users/{who}:\n"],
      ["      operationId: getUser\n      summary: A user, password included\n      parameters:\n        - name: userId\n", "      operationId: getUser\n      summary: A user, password included\n      parameters:\n        - name: who\n"],
    ]);
    expect(op(named, "GET /users/{who}").flags).toEqual(["sensitive-data"]);
  });
});

describe("YAML anchors in a legitimate spec", () => {
  it("are expanded: aliased parameters paginate, aliased responses are read", async () => {
    const analysis = await analyseSpec(fixtureText("anchors-3.0.yaml"), { lint: false });
    expect(facts(analysis).map((o) => [o.key, o.flags])).toEqual([
      ["GET /a", []],
      ["GET /b", []],
      ["GET /c", ["unbounded-list"]],
    ]);
    expect(op(analysis, "GET /b").parameters).toEqual([{ name: "limit", in: "query", required: false, type: "integer", format: null }]);
  });
});
