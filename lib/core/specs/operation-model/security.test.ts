import { describe, expect, it } from "vitest";
import { buildOperationModel } from "./build-operation-model";

// The effective security requirement of each operation, resolved to what its schemes are.

type Obj = Record<string, unknown>;
const ok = { "200": { description: "ok" } };
const model30 = (paths: Obj, securitySchemes: Obj, security?: unknown[]) =>
  buildOperationModel({ openapi: "3.0.3", info: { title: "t", version: "1" }, ...(security ? { security } : {}), paths, components: { securitySchemes } }, "openapi-3.0");
const securityOf = (model: ReturnType<typeof buildOperationModel>, key: string) => {
  const found = model.operations.find((operation) => operation.key === key);
  if (!found) throw new Error(`${key} missing`);
  return found.security;
};

const SCHEMES = {
  jwt: { type: "http", scheme: "Bearer", bearerFormat: "JWT" },
  session: { type: "apiKey", in: "cookie", name: "sid", description: "Session cookie" },
  key: { type: "apiKey", in: "query", name: "api_key" },
  oauth: {
    type: "oauth2",
    flows: {
      authorizationCode: { authorizationUrl: "https://id.example.com/authorize", tokenUrl: "https://id.example.com/token", scopes: { "orders:read": "read", "orders:write": "write" } },
      clientCredentials: { tokenUrl: "https://id.example.com/token", scopes: { admin: "everything" } },
    },
  },
  oidc: { type: "openIdConnect", openIdConnectUrl: "https://id.example.com/.well-known/openid-configuration" },
  mtls: { type: "mutualTLS" },
};

describe("effective security", () => {
  const model = model30(
    {
      "/inherits": { get: { responses: ok } },
      "/public": { get: { security: [], responses: ok } },
      "/optional": { get: { security: [{ jwt: [] }, {}], responses: ok } },
      "/either-and": { post: { security: [{ jwt: [], key: [] }, { session: [] }], responses: ok } },
      "/scoped": { delete: { security: [{ oauth: ["orders:write", "orders:write", "orders:read"] }], responses: ok } },
      "/others": { get: { security: [{ oidc: ["openid"] }, { mtls: [] }], responses: ok } },
      "/undefined": { get: { security: [{ ghost: [] }], responses: ok } },
    },
    SCHEMES,
    [{ jwt: [] }],
  );

  it("inherits the document's requirement, resolved to the scheme: a JWT bearer token", () => {
    expect(securityOf(model, "GET /inherits")).toEqual({
      source: "global",
      anonymous: false,
      alternatives: [{ schemes: [{ scheme: { name: "jwt", type: "http", scheme: "bearer", bearerFormat: "JWT" }, scopes: [] }] }],
    });
  });

  it("`security: []` on the operation overrides the document: anonymous", () => {
    expect(securityOf(model, "GET /public")).toEqual({ source: "operation", anonymous: true, alternatives: [] });
  });

  it("an empty `{}` alternative makes authentication optional", () => {
    const security = securityOf(model, "GET /optional");
    expect(security.anonymous).toBe(true);
    expect(security.alternatives.map((alternative) => alternative.schemes.map((entry) => entry.scheme.name))).toEqual([["jwt"], []]);
  });

  it("keeps alternatives (OR) apart from combinations (AND), and reads a cookie apiKey", () => {
    const security = securityOf(model, "POST /either-and");
    expect(security.anonymous).toBe(false);
    expect(security.alternatives.map((alternative) => alternative.schemes.map((entry) => entry.scheme.name))).toEqual([["jwt", "key"], ["session"]]);
    expect(security.alternatives[0]!.schemes[1]!.scheme).toEqual({ name: "key", type: "apiKey", in: "query", parameterName: "api_key" });
    expect(security.alternatives[1]!.schemes[0]!.scheme).toEqual({ name: "session", type: "apiKey", in: "cookie", parameterName: "sid", description: "Session cookie" });
  });

  it("reads OAuth 2 flows and the scopes the operation requires", () => {
    const [entry] = securityOf(model, "DELETE /scoped").alternatives[0]!.schemes;
    expect(entry!.scopes).toEqual(["orders:write", "orders:read"]);
    expect(entry!.scheme.flows).toEqual([
      { flow: "clientCredentials", tokenUrl: "https://id.example.com/token", scopes: ["admin"] },
      { flow: "authorizationCode", authorizationUrl: "https://id.example.com/authorize", tokenUrl: "https://id.example.com/token", scopes: ["orders:read", "orders:write"] },
    ]);
  });

  it("reads openIdConnect and mutualTLS schemes", () => {
    const [oidc, mtls] = securityOf(model, "GET /others").alternatives.map((alternative) => alternative.schemes[0]!);
    expect(oidc).toEqual({ scheme: { name: "oidc", type: "openIdConnect", openIdConnectUrl: "https://id.example.com/.well-known/openid-configuration" }, scopes: ["openid"] });
    expect(mtls!.scheme.type).toBe("mutualTLS");
  });

  it("marks a requirement naming a scheme the document does not define", () => {
    expect(securityOf(model, "GET /undefined").alternatives[0]!.schemes[0]!.scheme).toEqual({ name: "ghost", type: "unknown", undeclared: true });
  });

  it("without any security anywhere, every operation is anonymous", () => {
    const open = model30({ "/a": { get: { responses: ok } } }, {});
    expect(securityOf(open, "GET /a")).toEqual({ source: "none", anonymous: true, alternatives: [] });
  });

  it("resolves a scheme given by $ref", () => {
    const viaRef = buildOperationModel(
      { openapi: "3.1.0", info: { title: "t", version: "1" }, security: [{ bearer: [] }], paths: { "/a": { get: { responses: ok } } }, components: { securitySchemes: { bearer: { $ref: "#/x-shared/bearer" } } }, "x-shared": { bearer: { type: "http", scheme: "bearer" } } },
      "openapi-3.1",
    );
    expect(securityOf(viaRef, "GET /a").alternatives[0]!.schemes[0]!.scheme).toEqual({ name: "bearer", type: "http", scheme: "bearer" });
  });
});

describe("Swagger 2.0 security definitions", () => {
  const model = buildOperationModel(
    {
      swagger: "2.0",
      info: { title: "t", version: "1" },
      securityDefinitions: {
        basic: { type: "basic" },
        key: { type: "apiKey", in: "header", name: "X-Key" },
        oauth: { type: "oauth2", flow: "accessCode", authorizationUrl: "https://id.example.com/a", tokenUrl: "https://id.example.com/t", scopes: { write: "w" } },
        app: { type: "oauth2", flow: "application", tokenUrl: "https://id.example.com/t", scopes: {} },
      },
      security: [{ basic: [] }],
      paths: { "/a": { get: { responses: ok }, post: { security: [{ oauth: ["write"] }, { app: [] }, { key: [] }], responses: ok } } },
    },
    "swagger-2.0",
  );

  it("maps basic to http/basic and the 2.0 flow names to OpenAPI 3's", () => {
    expect(securityOf(model, "GET /a").alternatives[0]!.schemes[0]!.scheme).toEqual({ name: "basic", type: "http", scheme: "basic" });
    const [oauth, app, key] = securityOf(model, "POST /a").alternatives.map((alternative) => alternative.schemes[0]!);
    expect(oauth).toEqual({ scheme: { name: "oauth", type: "oauth2", flows: [{ flow: "authorizationCode", authorizationUrl: "https://id.example.com/a", tokenUrl: "https://id.example.com/t", scopes: ["write"] }] }, scopes: ["write"] });
    expect(app!.scheme.flows).toEqual([{ flow: "clientCredentials", tokenUrl: "https://id.example.com/t", scopes: [] }]);
    expect(key!.scheme).toEqual({ name: "key", type: "apiKey", in: "header", parameterName: "X-Key" });
  });
});
