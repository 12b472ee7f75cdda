import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { analyseSpec, type TSpecAnalysis } from "@/lib/core/specs/analyse-spec";
import type { TLintFinding } from "@/lib/core/specs/lint-spec";
import { parseSpecText } from "@/lib/core/specs/parse-spec-text";
import { getByPointer } from "@/lib/core/specs/refs";

// Spectral + the OWASP API Security ruleset, through analyseSpec: which rules fire, where
// (JSON pointer and 1-based line of the fixture), and which operation each finding belongs to.

const FIXTURES = new URL("../../../tests/fixtures/specs/", import.meta.url);
const fixtureText = (name: string) => readFileSync(new URL(name, FIXTURES), "utf8");
const NAMES = ["kennel-3.0.yaml", "events-3.1.yaml", "warehouse-swagger-2.0.json", "vulnerable-3.0.yaml"] as const;

const analyses = {} as Record<(typeof NAMES)[number], TSpecAnalysis>;
beforeAll(async () => {
  for (const name of NAMES) analyses[name] = await analyseSpec(fixtureText(name));
}, 60_000);

const brief = ({ ruleId, severity, path, line, operationKey }: TLintFinding) => ({ ruleId, severity, path, line, operationKey });
const findingsOf = (name: (typeof NAMES)[number], ruleId: string) => analyses[name].findings.filter((finding) => finding.ruleId === ruleId).map(brief);
const ruleIds = (name: (typeof NAMES)[number]) => [...new Set(analyses[name].findings.map((finding) => finding.ruleId))].sort();
const unescape = (part: string) => part.replaceAll("~1", "/").replaceAll("~0", "~");

describe.each(NAMES)("%s: every finding", (name) => {
  it("has a JSON pointer into the document, a 1-based line within the file, and a known operation or none", () => {
    const text = fixtureText(name);
    const lines = text.split("\n");
    const document = parseSpecText(text).document;
    const keys = new Set(analyses[name].operations.map((operation) => operation.key));
    for (const finding of analyses[name].findings) {
      const label = `${finding.ruleId} at ${finding.path}`;
      expect(finding.path, label).toMatch(/^(\/([^~/]|~[01])*)+$/);
      expect(getByPointer(document, finding.path), label).not.toBeUndefined();
      expect(finding.line, label).toBeGreaterThanOrEqual(1);
      expect(finding.line!, label).toBeLessThanOrEqual(lines.length);
      // The line shows the node the pointer names: its key, or the start of an array item.
      const parts = finding.path.split("/").slice(1).map(unescape);
      const last = parts[parts.length - 1]!;
      const lineText = lines[finding.line! - 1]!;
      const parent = getByPointer(document, finding.path.slice(0, finding.path.lastIndexOf("/")));
      if (Array.isArray(parent)) expect(lineText, label).toMatch(/^\s*- |\{/);
      else expect(lineText, label).toContain(last);
      // Findings inside /paths/{route}/{method} belong to that operation; others to the document.
      const method = parts[0] === "paths" || parts[0] === "webhooks" ? parts[2] : undefined;
      if (method && ["get", "put", "post", "delete", "options", "head", "patch", "trace"].includes(method)) {
        const route = parts[0] === "webhooks" ? `webhook:${parts[1]}` : parts[1];
        expect(finding.operationKey, label).toBe(`${method.toUpperCase()} ${route}`);
        expect(keys.has(finding.operationKey!), label).toBe(true);
      } else {
        expect(finding.operationKey, label).toBeNull();
      }
      expect(["ERROR", "WARN", "INFO", "HINT"]).toContain(finding.severity);
      expect(finding.message.length, label).toBeGreaterThan(0);
    }
  });
});

describe("vulnerable-3.0.yaml", () => {
  it("fires these OWASP rules, and only these", () => {
    expect(ruleIds("vulnerable-3.0.yaml")).toEqual([
      "owasp:api1:2023-no-numeric-ids",
      "owasp:api2:2023-no-credentials-in-url",
      "owasp:api2:2023-read-restricted",
      "owasp:api2:2023-write-restricted",
      "owasp:api4:2023-array-limit",
      "owasp:api4:2023-integer-format",
      "owasp:api4:2023-integer-limit-legacy",
      "owasp:api4:2023-rate-limit",
      "owasp:api4:2023-rate-limit-responses-429",
      "owasp:api4:2023-string-limit",
      "owasp:api4:2023-string-restricted",
      "owasp:api8:2023-define-error-responses-401",
      "owasp:api8:2023-define-error-responses-500",
      "owasp:api8:2023-define-error-validation",
      "owasp:api8:2023-no-server-http",
      "owasp:api9:2023-inventory-access",
    ]);
  });

  it("plain-http server: document-level ERROR at /servers/0/url, line 8", () => {
    expect(findingsOf("vulnerable-3.0.yaml", "owasp:api8:2023-no-server-http")).toEqual([
      { ruleId: "owasp:api8:2023-no-server-http", severity: "ERROR", path: "/servers/0/url", line: 8, operationKey: null },
    ]);
    expect(fixtureText("vulnerable-3.0.yaml").split("\n")[7]).toBe("  - url: http://orders.example.com");
  });

  it("numeric id: ERROR on GET /orders/{orderId}, at the integer schema (line 18)", () => {
    expect(findingsOf("vulnerable-3.0.yaml", "owasp:api1:2023-no-numeric-ids")).toEqual([
      { ruleId: "owasp:api1:2023-no-numeric-ids", severity: "ERROR", path: "/paths/~1orders~1{orderId}/get/parameters/0/schema", line: 18, operationKey: "GET /orders/{orderId}" },
    ]);
    expect(fixtureText("vulnerable-3.0.yaml").split("\n")[17]).toBe("          schema: { type: integer }");
  });

  it("credentials in the URL: ERROR on PUT /admin/users/{userId}/role, at the `token` query parameter (line 89)", () => {
    expect(findingsOf("vulnerable-3.0.yaml", "owasp:api2:2023-no-credentials-in-url")).toEqual([
      {
        ruleId: "owasp:api2:2023-no-credentials-in-url",
        severity: "ERROR",
        path: "/paths/~1admin~1users~1{userId}~1role/put/parameters/1/name",
        line: 89,
        operationKey: "PUT /admin/users/{userId}/role",
      },
    ]);
    expect(fixtureText("vulnerable-3.0.yaml").split("\n")[88]).toBe("        - name: token");
  });

  it("no security anywhere: reads WARN, writes ERROR, one per operation", () => {
    expect(findingsOf("vulnerable-3.0.yaml", "owasp:api2:2023-read-restricted").map((f) => [f.severity, f.operationKey, f.line])).toEqual([
      ["WARN", "GET /orders/{orderId}", 11],
      ["WARN", "GET /users/{userId}", 26],
      ["WARN", "GET /users", 47],
    ]);
    expect(findingsOf("vulnerable-3.0.yaml", "owasp:api2:2023-write-restricted").map((f) => [f.severity, f.operationKey, f.path, f.line])).toEqual([
      ["ERROR", "POST /fetch-preview", "/paths/~1fetch-preview/post", 63],
      ["ERROR", "PUT /admin/users/{userId}/role", "/paths/~1admin~1users~1{userId}~1role/put", 81],
    ]);
  });

  it("the unbounded GET /users array, and the component schema findings with no operation", () => {
    expect(findingsOf("vulnerable-3.0.yaml", "owasp:api4:2023-array-limit")).toEqual([
      { ruleId: "owasp:api4:2023-array-limit", severity: "ERROR", path: "/paths/~1users/get/responses/200/content/application~1json/schema", line: 55, operationKey: "GET /users" },
    ]);
    expect(findingsOf("vulnerable-3.0.yaml", "owasp:api4:2023-string-limit").filter((f) => f.path.startsWith("/components"))).toEqual([
      { ruleId: "owasp:api4:2023-string-limit", severity: "ERROR", path: "/components/schemas/Order/properties/cardNumber", line: 109, operationKey: null },
    ]);
    expect(findingsOf("vulnerable-3.0.yaml", "owasp:api9:2023-inventory-access")).toEqual([
      { ruleId: "owasp:api9:2023-inventory-access", severity: "ERROR", path: "/servers/0", line: 8, operationKey: null },
    ]);
  });
});

describe("kennel-3.0.yaml", () => {
  it("fires these OWASP rules, and no plain-http or unauthenticated-operation rule", () => {
    expect(ruleIds("kennel-3.0.yaml")).toEqual([
      "owasp:api2:2023-jwt-best-practices",
      "owasp:api2:2023-short-lived-access-tokens",
      "owasp:api4:2023-array-limit",
      "owasp:api4:2023-integer-format",
      "owasp:api4:2023-integer-limit-legacy",
      "owasp:api4:2023-rate-limit",
      "owasp:api4:2023-rate-limit-responses-429",
      "owasp:api4:2023-string-limit",
      "owasp:api4:2023-string-restricted",
      "owasp:api8:2023-define-error-responses-401",
      "owasp:api8:2023-define-error-responses-500",
      "owasp:api8:2023-define-error-validation",
      "owasp:api9:2023-inventory-access",
    ]);
  });

  it("both servers lack x-internal: ERROR at /servers/0 (line 8) and /servers/1 (line 10)", () => {
    expect(findingsOf("kennel-3.0.yaml", "owasp:api9:2023-inventory-access")).toEqual([
      { ruleId: "owasp:api9:2023-inventory-access", severity: "ERROR", path: "/servers/0", line: 8, operationKey: null },
      { ruleId: "owasp:api9:2023-inventory-access", severity: "ERROR", path: "/servers/1", line: 10, operationKey: null },
    ]);
  });

  it("array limit on GET /bookings' data (line 110) but not on GET /pets, which has maxItems", () => {
    expect(findingsOf("kennel-3.0.yaml", "owasp:api4:2023-array-limit")).toEqual([
      {
        ruleId: "owasp:api4:2023-array-limit",
        severity: "ERROR",
        path: "/paths/~1bookings/get/responses/200/content/application~1json/schema/properties/data",
        line: 110,
        operationKey: "GET /bookings",
      },
    ]);
    expect(fixtureText("kennel-3.0.yaml").split("\n")[109]).toBe("                  data:");
  });

  it("the OAuth scheme findings are document-level", () => {
    expect(findingsOf("kennel-3.0.yaml", "owasp:api2:2023-short-lived-access-tokens")).toEqual([
      { ruleId: "owasp:api2:2023-short-lived-access-tokens", severity: "ERROR", path: "/components/securitySchemes/oauth/flows/clientCredentials", line: 118, operationKey: null },
    ]);
    expect(findingsOf("kennel-3.0.yaml", "owasp:api2:2023-jwt-best-practices")).toEqual([
      { ruleId: "owasp:api2:2023-jwt-best-practices", severity: "ERROR", path: "/components/securitySchemes/oauth", line: 115, operationKey: null },
    ]);
  });

  it("a path-level parameter belongs to no single operation; an operation-level one to its operation", () => {
    expect(findingsOf("kennel-3.0.yaml", "owasp:api4:2023-string-limit").filter((f) => f.path.startsWith("/paths"))).toEqual([
      { ruleId: "owasp:api4:2023-string-limit", severity: "ERROR", path: "/paths/~1pets~1{petId}/parameters/0/schema", line: 56, operationKey: null },
      { ruleId: "owasp:api4:2023-string-limit", severity: "ERROR", path: "/paths/~1pets~1{petId}~1photo/put/parameters/0/schema", line: 86, operationKey: "PUT /pets/{petId}/photo" },
      {
        ruleId: "owasp:api4:2023-string-limit",
        severity: "ERROR",
        path: "/paths/~1pets~1{petId}~1photo/put/requestBody/content/multipart~1form-data/schema/properties/file",
        line: 93,
        operationKey: "PUT /pets/{petId}/photo",
      },
    ]);
  });

  it("missing 401/429 responses: one pair of WARNs per operation, at its responses (line of `responses:`)", () => {
    const missing401 = findingsOf("kennel-3.0.yaml", "owasp:api8:2023-define-error-responses-401");
    expect(missing401.map((f) => [f.operationKey, f.line])).toEqual([
      ["GET /pets", 27], ["GET /pets", 27],
      ["POST /pets", 45], ["POST /pets", 45],
      ["GET /pets/{petId}", 61], ["GET /pets/{petId}", 61],
      ["DELETE /pets/{petId}", 74], ["DELETE /pets/{petId}", 74],
      ["PUT /pets/{petId}/photo", 94], ["PUT /pets/{petId}/photo", 94],
      ["GET /bookings", 102], ["GET /bookings", 102],
    ]);
    expect(missing401.every((f) => f.severity === "WARN" && f.path.endsWith("/responses"))).toBe(true);
    // The pair is two distinct checks (the response, and its content), not a duplicate.
    const messages = analyses["kennel-3.0.yaml"].findings.filter((f) => f.ruleId === "owasp:api8:2023-define-error-responses-401" && f.operationKey === "GET /pets").map((f) => f.message);
    expect(messages).toEqual(["Operation is missing responses[401].", "Operation is missing responses[401].content."]);
  });
});

describe("events-3.1.yaml", () => {
  it("anonymous reads are flagged on the `security: []` lines of GET /health (16) and GET /events (24)", () => {
    expect(findingsOf("events-3.1.yaml", "owasp:api2:2023-read-restricted")).toEqual([
      { ruleId: "owasp:api2:2023-read-restricted", severity: "WARN", path: "/paths/~1health/get/security", line: 16, operationKey: "GET /health" },
      { ruleId: "owasp:api2:2023-read-restricted", severity: "WARN", path: "/paths/~1events/get/security", line: 24, operationKey: "GET /events" },
    ]);
    expect(fixtureText("events-3.1.yaml").split("\n")[15]).toBe("      security: []");
  });

  it("https server: no no-server-http; one inventory finding; array limits on GET /events and the Event schema", () => {
    expect(ruleIds("events-3.1.yaml")).not.toContain("owasp:api8:2023-no-server-http");
    expect(findingsOf("events-3.1.yaml", "owasp:api9:2023-inventory-access")).toEqual([
      { ruleId: "owasp:api9:2023-inventory-access", severity: "ERROR", path: "/servers/0", line: 8, operationKey: null },
    ]);
    expect(findingsOf("events-3.1.yaml", "owasp:api4:2023-array-limit")).toEqual([
      { ruleId: "owasp:api4:2023-array-limit", severity: "ERROR", path: "/paths/~1events/get/responses/200/content/application~1json/schema", line: 34, operationKey: "GET /events" },
      { ruleId: "owasp:api4:2023-array-limit", severity: "ERROR", path: "/components/schemas/Event/properties/children", line: 93, operationKey: null },
    ]);
  });

  it("the 3.1 integer-limit rule (not the legacy one) fires on GET /events' page parameter", () => {
    expect(findingsOf("events-3.1.yaml", "owasp:api4:2023-integer-limit")).toEqual([
      { ruleId: "owasp:api4:2023-integer-limit", severity: "ERROR", path: "/paths/~1events/get/parameters/0/schema", line: 28, operationKey: "GET /events" },
    ]);
    expect(ruleIds("events-3.1.yaml")).not.toContain("owasp:api4:2023-integer-limit-legacy");
  });

  it("string limits on the subscription body attach to POST /subscriptions", () => {
    expect(findingsOf("events-3.1.yaml", "owasp:api4:2023-string-limit").filter((f) => f.operationKey === "POST /subscriptions").map((f) => [f.path, f.line])).toEqual([
      ["/paths/~1subscriptions/post/requestBody/content/application~1json/schema/properties/callbackUrl", 48],
      ["/paths/~1subscriptions/post/requestBody/content/application~1json/schema/properties/secret", 49],
    ]);
  });
});

describe("warehouse-swagger-2.0.json (JSON: lines come from the JSON text)", () => {
  it("fires these rules; no server or unauthenticated-operation rules (global basic auth)", () => {
    expect(ruleIds("warehouse-swagger-2.0.json")).toEqual([
      "owasp:api4:2023-array-limit",
      "owasp:api4:2023-integer-limit-legacy",
      "owasp:api4:2023-rate-limit-responses-429",
      "owasp:api4:2023-string-limit",
      "owasp:api4:2023-string-restricted",
      "owasp:api8:2023-define-error-responses-401",
      "owasp:api8:2023-define-error-responses-500",
      "owasp:api8:2023-define-error-validation",
    ]);
  });

  it("the unbounded item list on GET /items (line 21) and the integer sku on GET /items/{sku} (line 37)", () => {
    expect(findingsOf("warehouse-swagger-2.0.json", "owasp:api4:2023-array-limit")).toEqual([
      { ruleId: "owasp:api4:2023-array-limit", severity: "ERROR", path: "/paths/~1items/get/responses/200/schema", line: 21, operationKey: "GET /items" },
    ]);
    expect(findingsOf("warehouse-swagger-2.0.json", "owasp:api4:2023-integer-limit-legacy")).toEqual([
      { ruleId: "owasp:api4:2023-integer-limit-legacy", severity: "ERROR", path: "/paths/~1items~1{sku}/get/parameters/0", line: 37, operationKey: "GET /items/{sku}" },
      { ruleId: "owasp:api4:2023-integer-limit-legacy", severity: "ERROR", path: "/definitions/Item/properties/sku", line: 55, operationKey: null },
    ]);
    const lines = fixtureText("warehouse-swagger-2.0.json").split("\n");
    expect(lines[36]).toContain('"name": "sku"');
    expect(lines[54]).toContain('"sku": { "type": "integer"');
  });
});
