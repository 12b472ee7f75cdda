import { describe, expect, it } from "vitest";
import { bearer, evidenceOf, json, ok, spec } from "../test-support";
import { OBJECT_RULES } from "./objects";

const keys = (evidence: { operationKey: string | null }[]) => evidence.map((piece) => piece.operationKey);
const privateUser = ok({ type: "object", properties: { email: { type: "string" }, phone: { type: "string" } } });

describe("object-key-in-path-anonymous", () => {
  it("links an anonymous read of private data by a natural key", () => {
    const evidence = evidenceOf(OBJECT_RULES, "object-key-in-path-anonymous", spec({ "/orders/{orderNumber}": { get: { security: [], parameters: [{ name: "orderNumber", in: "path", schema: { type: "string" } }], responses: privateUser } } }));
    expect(keys(evidence)).toEqual(["GET /orders/{orderNumber}"]);
    expect(evidence[0]?.reason).toContain("`orderNumber`");
    expect(evidence[0]?.target).toEqual({ kind: "parameter", location: "path", name: "orderNumber" });
  });
  it("leaves public catalogue reads and authenticated operations alone", () => {
    const document = spec(
      {
        "/products/{slug}": { get: { security: [], parameters: [{ name: "slug", in: "path", schema: { type: "string" } }], responses: ok({ type: "object", properties: { title: { type: "string" } } }) } },
        "/users/{userId}": { get: { parameters: [{ name: "userId", in: "path", schema: { type: "string" } }], responses: privateUser } },
      },
      bearer,
    );
    expect(evidenceOf(OBJECT_RULES, "object-key-in-path-anonymous", document)).toEqual([]);
  });
});

describe("object-key-in-path", () => {
  const document = spec(
    {
      "/accounts/{accountNumber}": { get: { parameters: [{ name: "accountNumber", in: "path", schema: { type: "string" } }], responses: ok() } },
      "/users/{id}": { get: { parameters: [{ name: "id", in: "path", schema: { type: "string", format: "uuid" } }], responses: ok() } },
      "/me/orders/{status}": { get: { parameters: [{ name: "status", in: "path", schema: { type: "string", enum: ["open", "shipped"] } }], responses: ok() } },
      "/reports/{year}": { get: { parameters: [{ name: "year", in: "path", schema: { type: "integer" } }], responses: ok() } },
    },
    bearer,
  );
  it("links authenticated ids and natural keys in the path, natural keys scored higher", () => {
    const evidence = evidenceOf(OBJECT_RULES, "object-key-in-path", document);
    expect(keys(evidence)).toEqual(["GET /accounts/{accountNumber}", "GET /users/{id}"]);
    expect(evidence[0]?.reason).toMatch(/guessable natural key/);
    expect(evidence[0]?.likelihood).toBeGreaterThan(evidence[1]?.likelihood ?? 5);
  });
  it("asks about anonymous reads whose response the spec does not describe, not about public content", () => {
    const anonymous = spec({
      "/users/{id}": { get: { security: [], parameters: [{ name: "id", in: "path", schema: { type: "string" } }], responses: { "200": { description: "The user" } } } },
      "/products/{slug}": { get: { security: [], parameters: [{ name: "slug", in: "path", schema: { type: "string" } }], responses: ok({ type: "object", properties: { title: { type: "string" } } }) } },
    });
    expect(keys(evidenceOf(OBJECT_RULES, "object-key-in-path", anonymous))).toEqual(["GET /users/{id}"]);
  });
  it("skips enums, the caller's own routes and parameters that are not references", () => {
    expect(keys(evidenceOf(OBJECT_RULES, "object-key-in-path", document))).not.toContain("GET /reports/{year}");
  });
});

describe("object-ids-in-body-or-query", () => {
  it("links ids and record numbers in the body and query of authenticated operations", () => {
    const document = spec(
      {
        "/transfers": { post: { requestBody: json({ type: "object", properties: { fromAccountId: { type: "string" }, amount: { type: "number" } } }), responses: ok() } },
        "/statements": { get: { parameters: [{ name: "accountId", in: "query", schema: { type: "string" } }], responses: ok() } },
        "/customers": { get: { parameters: [{ name: "email", in: "query", schema: { type: "string" } }], responses: ok() } },
        "/contacts": { post: { requestBody: json({ type: "object", properties: { email: { type: "string" } } }), responses: ok() } },
      },
      bearer,
    );
    const evidence = evidenceOf(OBJECT_RULES, "object-ids-in-body-or-query", document);
    expect(evidence.map((piece) => piece.target)).toEqual([
      { kind: "request-field", mediaType: "application/json", path: "$.fromAccountId", name: "fromAccountId" },
      { kind: "parameter", location: "query", name: "accountId" },
      { kind: "parameter", location: "query", name: "email" },
    ]);
  });
  it("skips sign-in bodies, request ids, a create body's own key and the caller's own record", () => {
    const document = spec(
      {
        "/login": { post: { requestBody: json({ type: "object", properties: { username: { type: "string" }, password: { type: "string" } } }), responses: ok() } },
        "/users": { post: { parameters: [{ name: "X-Request-Id", in: "header", schema: { type: "string" } }], requestBody: json({ type: "object", properties: { userName: { type: "string" } } }), responses: ok() } },
        "/items": { post: { requestBody: json({ type: "object", properties: { sku: { type: "string" } } }), responses: ok() } },
        "/me": { patch: { requestBody: json({ type: "object", properties: { id: { type: "string" }, username: { type: "string" } } }), responses: ok() } },
      },
      bearer,
    );
    expect(evidenceOf(OBJECT_RULES, "object-ids-in-body-or-query", document)).toEqual([]);
  });
  it("skips the identity an enrolment body claims, but not a reference in a registration for an existing object", () => {
    const serial = json({ type: "object", properties: { serialNumber: { type: "string" }, attendeeId: { type: "string" } } });
    const document = spec(
      {
        "/devices/register": { post: { requestBody: serial, responses: ok() } },
        "/events/{eventId}/register": { post: { parameters: [{ name: "eventId", in: "path", required: true, schema: { type: "string" } }], requestBody: serial, responses: ok() } },
      },
      bearer,
    );
    expect(evidenceOf(OBJECT_RULES, "object-ids-in-body-or-query", document).map((piece) => `${piece.operationKey} ${"name" in piece.target ? piece.target.name : ""}`)).toEqual([
      "POST /events/{eventId}/register serialNumber",
      "POST /events/{eventId}/register attendeeId",
    ]);
  });
});

describe("object-ids-in-body-or-query-anonymous", () => {
  it("answers YES for anonymous writes by id, not for inbound provider callbacks", () => {
    const body = json({ type: "object", properties: { orderId: { type: "string" } } });
    const document = spec({ "/refunds": { post: { security: [], requestBody: body, responses: ok() } }, "/provider-callbacks/kyc": { post: { security: [], requestBody: body, responses: ok() } } });
    expect(keys(evidenceOf(OBJECT_RULES, "object-ids-in-body-or-query-anonymous", document))).toEqual(["POST /refunds"]);
  });
});
