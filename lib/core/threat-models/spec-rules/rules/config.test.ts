import { CONFIG_RULES } from "./config";
import { json, object, ok, openapi, describeRuleCases, type TRuleCase } from "./rule-test-kit";

// Each configuration and inventory rule on small inline specs: one that shows what it looks for, one that does not.

type Obj = Record<string, unknown>;
type TCase = TRuleCase;

const anonymous = { security: [] };
const scoped = {
  components: {
    securitySchemes: {
      oauth: { type: "oauth2", flows: { clientCredentials: { tokenUrl: "https://id.acme.io/token", scopes: { orders: "orders", admin: "admin" } } } },
    },
  },
  security: [{ oauth: ["orders"] }],
};
const withScopes = (paths: Obj, extra: Obj = {}) => openapi(paths, { ...scoped, ...extra });
const servers = (...urls: string[]) => ({ servers: urls.map((url) => ({ url })) });
const jwtBearer = openapi({ "/orders": { get: { responses: ok } } }, { components: { securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } }, security: [{ bearer: [] }] });
const lint = (ruleId: string, message = "finding") => [{ ruleId, operationKey: null, message }];

const cases: Record<string, { positive: TCase[]; negative: TCase[] }> = {
  "debug-path-anonymous": {
    positive: [{ name: "an anonymous database reset", document: withScopes({ "/maintenance/reset-database": { post: { ...anonymous, responses: ok } } }), keys: ["POST /maintenance/reset-database"], reason: /`maintenance` path that accepts callers without credentials/ }],
    negative: [
      { name: "an authenticated debug path", document: withScopes({ "/debug/env": { get: { responses: ok } } }), keys: [] },
      { name: "a record's own diagnostics", document: withScopes({ "/devices/{id}/diagnostics": { post: { ...anonymous, responses: ok } } }), keys: [] },
    ],
  },
  "debug-path-authenticated": {
    positive: [{ name: "a debug dump behind authentication", document: withScopes({ "/debug/env": { get: { responses: ok } } }), keys: ["GET /debug/env"] }],
    negative: [{ name: "ordinary paths", document: withScopes({ "/orders": { get: { responses: ok } }, "/environmental-reports": { get: { responses: ok } } }), keys: [] }],
  },
  "admin-only-on-user-scopes": {
    positive: [
      { name: "an 'administrators only' operation on the ordinary scope", document: withScopes({ "/orders": { get: { responses: ok } }, "/audit-log": { get: { summary: "Audit log (administrators only)", responses: ok } } }), keys: ["GET /audit-log"], target: "security", reason: /says `administrators only`.*ordinary operations use too/ },
      { name: "an anonymous admin path", document: withScopes({ "/orders": { get: { responses: ok } }, "/admin/users": { get: { ...anonymous, responses: ok } } }), keys: ["GET /admin/users"] },
    ],
    negative: [
      { name: "an 'administrators only' operation on its own scope", document: withScopes({ "/orders": { get: { responses: ok } }, "/audit-log": { get: { summary: "Audit log (administrators only)", security: [{ oauth: ["admin"] }], responses: ok } } }), keys: [] },
      { name: "an anonymous health check tagged ops", document: withScopes({ "/orders": { get: { responses: ok } }, "/ping": { get: { ...anonymous, tags: ["ops"], responses: ok } } }), keys: [] },
    ],
  },
  "admin-path-on-user-scopes": {
    positive: [{ name: "an admin path on the ordinary scope", document: withScopes({ "/orders": { get: { responses: ok } }, "/admin/users/{id}/roles": { post: { responses: ok } } }), keys: ["POST /admin/users/{id}/roles"], reason: /has `admin` in its path/ }],
    negative: [
      { name: "an admin path on a scope no ordinary operation has", document: withScopes({ "/orders": { get: { responses: ok } }, "/admin/users": { get: { security: [{ oauth: ["orders", "admin"] }], responses: ok } } }), keys: [] },
      { name: "an API that is all admin", document: withScopes({ "/admin/users": { get: { responses: ok } } }), keys: [] },
    ],
  },
  "version-siblings-live": {
    positive: [{ name: "the same check under v1 and v2", document: withScopes({ "/v1/otp/verify": { post: { responses: ok } }, "/v2/otp/verify": { post: { responses: ok } } }), keys: ["POST /v1/otp/verify", "POST /v2/otp/verify"], reason: /two versions, none marked deprecated/ }],
    negative: [
      { name: "the old version marked deprecated", document: withScopes({ "/v1/otp/verify": { post: { deprecated: true, responses: ok } }, "/v2/otp/verify": { post: { responses: ok } } }), keys: [] },
      { name: "one version of each path", document: withScopes({ "/v1/orders": { get: { responses: ok } }, "/v1/orders/{id}": { get: { responses: ok } } }), keys: [] },
    ],
  },
  "deprecated-operation-documented": {
    positive: [{ name: "a deprecated operation", document: withScopes({ "/v1/orders/{orderNumber}": { get: { deprecated: true, ...anonymous, responses: ok } } }), keys: ["GET /v1/orders/{orderNumber}"], reason: /deprecated.*without credentials/ }],
    negative: [{ name: "no deprecated operation", document: withScopes({ "/v2/orders": { get: { responses: ok } } }), keys: [] }],
  },
  "cleartext-server": {
    positive: [
      { name: "a public host on http", document: withScopes({ "/readings": { post: { responses: ok } } }, servers("http://ingest.acme.io/v1", "https://api.acme.io")), keys: [], target: "api", reason: /`http:\/\/ingest.acme.io\/v1`/ },
      { name: "Swagger 2.0 schemes with http", document: { swagger: "2.0", info: { title: "t", version: "1" }, host: "payroll.acme.io", schemes: ["https", "http"], paths: { "/me": { get: { responses: ok } } } }, keys: [], format: "swagger-2.0" },
    ],
    negative: [
      { name: "localhost, loopback and reserved example hosts", document: withScopes({ "/orders": { get: { responses: ok } } }, servers("http://localhost:8080", "http://127.0.0.1:3000", "http://staging.example.com", "http://api.example", "http://shop.test", "http://[::1]:4000")), keys: [] },
      { name: "a private address described as a development server", document: withScopes({ "/orders": { get: { responses: ok } } }, { servers: [{ url: "http://192.168.1.20:8080", description: "Local development" }] }), keys: [] },
      { name: "https only", document: withScopes({ "/orders": { get: { responses: ok } } }, servers("https://api.acme.io")), keys: [] },
    ],
  },
  "lint-weak-auth-scheme": {
    positive: [{ name: "a no-http-basic finding", document: withScopes({ "/orders": { get: { responses: ok } } }), keys: [], findings: lint("owasp:api2:2023-no-http-basic", "Security scheme uses HTTP Basic."), reason: /owasp:api2:2023-no-http-basic/ }],
    negative: [{ name: "an unrelated finding", document: withScopes({ "/orders": { get: { responses: ok } } }), keys: [], findings: lint("owasp:api4:2023-rate-limit") }],
  },
  "lint-jwt-best-practices": {
    positive: [{ name: "a jwt-best-practices finding on a JWT bearer scheme", document: jwtBearer, keys: [], findings: lint("owasp:api2:2023-jwt-best-practices") }],
    negative: [
      { name: "the short-lived-access-tokens finding (it asks for a refresh URL, not about lifetimes)", document: jwtBearer, keys: [], findings: lint("owasp:api2:2023-short-lived-access-tokens") },
      { name: "a jwt-best-practices finding on an OAuth scheme that never mentions JWTs", document: withScopes({ "/orders": { get: { responses: ok } } }), keys: [], findings: lint("owasp:api2:2023-jwt-best-practices") },
    ],
  },
  "lint-admin-security-unique": {
    positive: [{ name: "an admin-security-unique finding", document: withScopes({ "/orders": { get: { responses: ok } } }), keys: [], findings: lint("owasp:api5:2023-admin-security-unique") }],
    negative: [{ name: "an x-internal inventory finding", document: withScopes({ "/orders": { get: { responses: ok } } }), keys: [], findings: lint("owasp:api9:2023-inventory-access") }],
  },
  "lint-cleartext-server": {
    positive: [{ name: "a no-server-http finding with a public http server", document: withScopes({ "/orders": { get: { responses: ok } } }, servers("http://api.acme.io")), keys: [], findings: lint("owasp:api8:2023-no-server-http") }],
    negative: [
      { name: "a no-server-http finding caused by localhost", document: withScopes({ "/orders": { get: { responses: ok } } }, servers("http://localhost:8080", "https://api.acme.io")), keys: [], findings: lint("owasp:api8:2023-no-server-http") },
      { name: "a no-server-http finding caused by a reserved example host", document: withScopes({ "/orders": { get: { responses: ok } } }, servers("http://staging.example.com", "https://api.acme.io")), keys: [], findings: lint("owasp:api8:2023-no-server-http") },
    ],
  },
  "caller-chosen-callback-url": {
    positive: [
      { name: "a webhook registration with a URL field", document: withScopes({ "/webhook-endpoints": { post: { requestBody: json(object({ destination: { type: "string", example: "https://merchant.io/events" } })), responses: ok } } }), keys: ["POST /webhook-endpoints"], target: "request-field", reason: /`destination`/ },
      { name: "a field a documented callback is sent to", document: openapi({ "/payments": { post: { requestBody: json(object({ statusCallback: { type: "string" } })), callbacks: { status: { "{$request.body#/statusCallback}": { post: { responses: ok } } } }, responses: ok } } }), keys: ["POST /payments"], reason: /`status` callback/ },
      { name: "an alert target given as a URL", document: withScopes({ "/fleets/{id}/settings": { put: { requestBody: json(object({ alertTarget: { type: "string", format: "uri" } })), responses: ok } } }), keys: ["PUT /fleets/{id}/settings"] },
    ],
    negative: [
      { name: "browser-only links", document: withScopes({ "/checkout-sessions": { post: { requestBody: json(object({ successUrl: { type: "string", format: "uri" }, cancelUrl: { type: "string", format: "uri" } })), responses: ok } }, "/me": { patch: { requestBody: json(object({ avatarUrl: { type: "string", format: "uri" } })), responses: ok } } }), keys: [] },
      { name: "a URL field of an ordinary write", document: withScopes({ "/integrations/test": { post: { summary: "Test an integration endpoint", requestBody: json(object({ target: { type: "string", format: "uri" } })), responses: ok } } }), keys: [] },
    ],
  },
  "inbound-webhook-unsigned": {
    positive: [{ name: "a provider callback without a signature", document: withScopes({ "/provider-callbacks/acquirer": { post: { ...anonymous, requestBody: json(object({ paymentId: { type: "string" }, status: { type: "string" } })), responses: ok } } }), keys: ["POST /provider-callbacks/acquirer"], reason: /anyone can send `paymentId`, `status`$/ }],
    negative: [
      { name: "a callback with a signature header", document: withScopes({ "/provider-callbacks/kyc": { post: { ...anonymous, parameters: [{ name: "X-Kyc-Signature", in: "header", required: true, schema: { type: "string" } }], responses: ok } } }), keys: [] },
      { name: "a callback whose description says it is HMAC-verified", document: withScopes({ "/webhooks/stripe": { post: { ...anonymous, description: "Each delivery carries an HMAC of the body.", responses: ok } } }), keys: [] },
      { name: "a webhook endpoint registration and a broadcast", document: withScopes({ "/webhook-endpoints": { post: { responses: ok } }, "/notifications/broadcast": { post: { responses: ok } } }), keys: [] },
    ],
  },
  "outgoing-webhook-unsigned": {
    positive: [{ name: "a 3.1 webhook without a signature header", document: { openapi: "3.1.0", info: { title: "t", version: "1" }, webhooks: { "payout.paid": { post: { requestBody: json(object({ payoutId: { type: "string" } })), responses: ok } } } }, keys: ["POST webhook:payout.paid"], format: "openapi-3.1", reason: /forged ones carrying `payoutId`$/ }],
    negative: [{ name: "a 3.1 webhook with one", document: { openapi: "3.1.0", info: { title: "t", version: "1" }, webhooks: { "payout.paid": { post: { parameters: [{ name: "Kestrel-Signature", in: "header", required: true, schema: { type: "string" } }], responses: ok } } } }, keys: [], format: "openapi-3.1" }],
  },
};

describeRuleCases("CONFIG_RULES", CONFIG_RULES, cases, { anyOrder: true });
