import { describe, expect, it } from "vitest";
import { bearer, evidenceOf, json, ok, spec } from "../test-support";
import { PROPERTY_RULES } from "./properties";

const keys = (evidence: { operationKey: string | null }[]) => evidence.map((piece) => piece.operationKey);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe("mass-assignment-privileged-field", () => {
  it("links a sign-up body that accepts an admin flag", () => {
    const document = spec({ "/signup": { post: { security: [], requestBody: json({ type: "object", properties: { email: { type: "string" }, password: { type: "string" }, isAdmin: { type: "boolean" } } }), responses: ok() } } });
    const [evidence] = evidenceOf(PROPERTY_RULES, "mass-assignment-privileged-field", document);
    expect(evidence?.reason).toBe("`POST /signup` accepts `isAdmin` (boolean) in its body, a privileged property the client should not set");
  });
  it("says when the response models also return the field", () => {
    const user = { type: "object", properties: { role: { type: "string" } } };
    const document = spec({ "/users": { post: { requestBody: json(user), responses: ok(user) } } }, bearer);
    expect(evidenceOf(PROPERTY_RULES, "mass-assignment-privileged-field", document)[0]?.reason).toBe(
      "`POST /users` accepts `role` (string) in its body, a privileged property the client should not set; the response models also return it",
    );
  });
  it("skips readOnly fields, search bodies, the operation's own subject and credentials", () => {
    const document = spec(
      {
        "/accounts": { post: { requestBody: json({ type: "object", properties: { role: { type: "string", readOnly: true }, name: { type: "string" } } }), responses: ok() } },
        "/orders/search": { post: { requestBody: json({ type: "object", properties: { price: { type: "number" } } }), responses: ok() } },
        "/users/{id}/role": { put: { parameters: [{ name: "id", in: "path", schema: { type: "string" } }], requestBody: json({ type: "object", properties: { role: { type: "string" } } }), responses: ok() } },
        "/gateway/config": { put: { requestBody: json({ type: "object", properties: { adminPin: { type: "string" } } }), responses: ok() } },
      },
      bearer,
    );
    expect(evidenceOf(PROPERTY_RULES, "mass-assignment-privileged-field", document)).toEqual([]);
  });
});

describe("mass-assignment-privileged-field: prices", () => {
  it("links a price next to a reference to another object (a cart line copying a product's price)", () => {
    const document = spec({ "/cart/items": { post: { requestBody: json({ type: "object", properties: { productId: { type: "string" }, quantity: { type: "integer" }, unitPrice: { type: "number" } } }), responses: ok() } } }, bearer);
    expect(keys(evidenceOf(PROPERTY_RULES, "mass-assignment-privileged-field", document))).toEqual(["POST /cart/items"]);
  });
  it("skips the price of the object a create body defines, but not its other privileged fields", () => {
    const document = spec({ "/listings": { post: { requestBody: json({ type: "object", properties: { title: { type: "string" }, price: { type: "number" }, featured: { type: "boolean" } } }), responses: ok() } } }, bearer);
    const evidence = evidenceOf(PROPERTY_RULES, "mass-assignment-privileged-field", document);
    expect(evidence.map((piece) => ("name" in piece.target ? piece.target.name : ""))).toEqual(["featured"]);
  });
});

describe("mass-assignment-read-model-reuse", () => {
  const components = {
    schemas: {
      Order: { type: "object", properties: { id: { type: "string" }, status: { type: "string" }, note: { type: "string" } } },
      Safe: { type: "object", properties: { id: { type: "string", readOnly: true }, note: { type: "string" } } },
    },
  };
  it("links a write body that is the read model with server-managed fields not readOnly", () => {
    const document = spec({ "/orders/{id}": { get: { responses: ok(ref("Order")) }, put: { requestBody: json(ref("Order")), responses: ok(ref("Order")) } } }, { components });
    const evidence = evidenceOf(PROPERTY_RULES, "mass-assignment-read-model-reuse", document);
    expect(keys(evidence)).toEqual(["PUT /orders/{id}"]);
    expect(evidence[0]?.reason).toContain("`Order` read model");
    expect(evidence[0]?.reason).toContain("`id`, `status`");
  });
  it("skips read models whose server-managed fields are readOnly, and bodies no response returns", () => {
    const document = spec({ "/notes/{id}": { get: { responses: ok(ref("Safe")) }, put: { requestBody: json(ref("Safe")), responses: ok() } }, "/orders": { post: { requestBody: json(ref("Order")), responses: ok() } } }, { components });
    expect(evidenceOf(PROPERTY_RULES, "mass-assignment-read-model-reuse", document)).toEqual([]);
  });
});

describe("credential-fields-in-response", () => {
  it("links password hashes and secrets in a read, with critical impact", () => {
    const document = spec({ "/users/{id}": { get: { security: [], responses: ok({ type: "object", properties: { passwordHash: { type: "string" }, mfaSecret: { type: "string" } } }) } } });
    const evidence = evidenceOf(PROPERTY_RULES, "credential-fields-in-response", document);
    expect(evidence.map((piece) => piece.target.kind === "response-field" && piece.target.name)).toEqual(["passwordHash", "mfaSecret"]);
    expect(evidence[0]?.impact).toBe(5);
    expect(evidence[0]?.reason).toContain("to callers without authentication");
  });
  it("skips the token a login returns, a secret shown once at creation, masked numbers and echoes", () => {
    const document = spec(
      {
        "/auth/login": { post: { security: [], requestBody: json({ type: "object", properties: { password: { type: "string" } } }), responses: ok({ type: "object", properties: { access_token: { type: "string" } } }) } },
        "/api-keys": { post: { responses: ok({ type: "object", properties: { secret: { type: "string" } } }) } },
        "/cards": { get: { responses: ok({ type: "object", properties: { maskedCardNumber: { type: "string" }, cardNumber: { type: "string", example: "**** **** **** 4242" } } }) } },
        "/employees": { post: { requestBody: json({ type: "object", properties: { nationalId: { type: "string" } } }), responses: ok({ type: "object", properties: { nationalId: { type: "string" } } }) } },
      },
      bearer,
    );
    expect(evidenceOf(PROPERTY_RULES, "credential-fields-in-response", document)).toEqual([]);
  });
});

describe("personal-fields-in-response", () => {
  const person = ok({ type: "object", properties: { email: { type: "string" }, phone: { type: "string" }, lastLoginIp: { type: "string" } } });
  it("links other people's contact details", () => {
    const document = spec({ "/users/{username}": { get: { parameters: [{ name: "username", in: "path", schema: { type: "string" } }], responses: person } } }, bearer);
    expect(evidenceOf(PROPERTY_RULES, "personal-fields-in-response", document)[0]?.reason).toContain("`email`, `phone`, `lastLoginIp`");
  });
  it("skips the caller's own profile and a single email", () => {
    const document = spec({ "/me": { get: { responses: person } }, "/teams/{id}": { get: { responses: ok({ type: "object", properties: { contactEmail: { type: "string" } } }) } } }, bearer);
    expect(evidenceOf(PROPERTY_RULES, "personal-fields-in-response", document)).toEqual([]);
  });
});

describe("commercial-fields-in-response", () => {
  const returns = (properties: Record<string, unknown>) => ({ get: { responses: { "200": { description: "ok", content: { "application/json": { schema: { type: "array", items: { type: "object", properties } } } } } } } });
  it("links cost prices and margins in a read", () => {
    const document = spec({ "/catalog/export": returns({ sku: { type: "string" }, price: { type: "number" }, costPrice: { type: "number" }, supplierMargin: { type: "number" } }) }, bearer);
    const [evidence] = evidenceOf(PROPERTY_RULES, "commercial-fields-in-response", document);
    expect(evidence?.reason).toBe("`GET /catalog/export` returns internal commercial figures in its 200 response: `[].costPrice`, `[].supplierMargin`");
  });
  it("skips selling prices, shipping costs and fees", () => {
    const document = spec({ "/products": returns({ price: { type: "number" }, shippingCost: { type: "number" }, fee: { type: "number" } }) }, bearer);
    expect(evidenceOf(PROPERTY_RULES, "commercial-fields-in-response", document)).toEqual([]);
  });
});
