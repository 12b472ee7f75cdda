import { describe, expect, it } from "vitest";
import { AUTH_RULES, decodeJwt } from "./auth";
import { json, jwt, object, ok, openapi, describeRuleCases, type TRuleCase } from "./rule-test-kit";

// Each authentication rule on small inline specs: one that shows what it looks for, one that does not.

type Obj = Record<string, unknown>;
type TCase = TRuleCase;

const anonymous = { security: [] };
const bearer = { components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" } } }, security: [{ bearerAuth: [] }] };
const withBearer = (paths: Obj, extra: Obj = {}) => openapi(paths, { ...bearer, ...extra });
/** An authenticated neighbour, so the spec documents a scheme and anonymous operations stand out. */
const signedIn = { "/account": { get: { responses: ok } } };
const credentials = json(object({ username: { type: "string" }, password: { type: "string" } }));
const throttled = { ...ok, "429": { description: "Too many attempts" } };

const cases: Record<string, { positive: TCase[]; negative: TCase[] }> = {
  "credential-endpoint-unthrottled": {
    positive: [
      { name: "a sign-in without 429", document: openapi({ "/auth/login": { post: { ...anonymous, requestBody: credentials, responses: { ...ok, "401": { description: "wrong" } } } } }), keys: ["POST /auth/login"], reason: /sign-in or token endpoint that takes `password` and documents no 429/ },
      { name: "a one-time code check named for what it takes", document: openapi({ "/gift-cards/balance": { post: { requestBody: json(object({ number: { type: "string" }, pin: { type: "string" } })), responses: ok } } }), keys: ["POST /gift-cards/balance"] },
      { name: "a sign-in by GET with the password in the query", document: openapi({ "/user/login": { get: { parameters: [{ name: "username", in: "query", schema: { type: "string" } }, { name: "password", in: "query", schema: { type: "string" } }], responses: ok } } }), keys: ["GET /user/login"] },
      { name: "an anonymous token endpoint", document: withBearer({ "/oauth/token": { post: { ...anonymous, requestBody: json(object({ grant_type: { type: "string" }, client_secret: { type: "string" } })), responses: ok } } }), keys: ["POST /oauth/token"] },
      { name: "a reset that takes the code and the new password", document: openapi({ "/password/reset": { post: { requestBody: json(object({ code: { type: "string" }, newPassword: { type: "string" } })), responses: ok } } }), keys: ["POST /password/reset"] },
    ],
    negative: [
      { name: "a sign-in that documents 429", document: openapi({ "/auth/login": { post: { requestBody: credentials, responses: throttled } } }), keys: [] },
      { name: "a sign-in with rate-limit headers", document: openapi({ "/login": { post: { requestBody: credentials, responses: { "200": { description: "ok", headers: { "X-RateLimit-Remaining": { schema: { type: "integer" } } } } } } } }), keys: [] },
      { name: "a reset request that only names the account", document: openapi({ "/password/forgot": { post: { requestBody: json(object({ email: { type: "string" } })), responses: { "202": { description: "sent" } } } } }), keys: [] },
      { name: "logout and token refresh", document: openapi({ "/auth/logout": { post: { responses: ok } }, "/auth/token/refresh": { post: { responses: ok } } }), keys: [] },
      { name: "a signed-in user creating an API token", document: withBearer({ "/api-tokens": { post: { requestBody: json(object({ label: { type: "string" } })), responses: ok } } }), keys: [] },
      { name: "confirming an order and pinning a post", document: withBearer({ "/orders/{id}/confirm": { post: { responses: ok } }, "/boards/{id}/pins": { post: { responses: ok } } }), keys: [] },
      { name: "an SSO assertion consumer", document: openapi({ "/auth/saml/acs": { post: { ...anonymous, responses: ok } } }), keys: [] },
      { name: "a database reset", document: openapi({ "/maintenance/reset-database": { post: { responses: ok } } }), keys: [] },
      { name: "a settings update that stores a password", document: openapi({ "/local/config": { put: { requestBody: json(object({ wifiPassword: { type: "string" }, adminPin: { type: "string" } })), responses: ok } } }), keys: [] },
    ],
  },
  "privileged-sign-in-password-only": {
    positive: [
      { name: "a staff sign-in with a password alone", document: openapi({ "/login": { post: { summary: "Staff sign-in", ...anonymous, requestBody: credentials, responses: ok } } }), keys: ["POST /login"], target: "request-field", reason: /signs in privileged callers \(`staff`\) with `password` alone/ },
      { name: "an admin token endpoint", document: openapi({ "/admin/auth/token": { post: { ...anonymous, requestBody: credentials, responses: ok } } }), keys: ["POST /admin/auth/token"] },
    ],
    negative: [
      { name: "a customer sign-in", document: openapi({ "/login": { post: { summary: "Customer sign-in", ...anonymous, requestBody: credentials, responses: ok } } }), keys: [] },
      { name: "a staff sign-in followed by an OTP step", document: openapi({ "/login": { post: { summary: "Staff sign-in", ...anonymous, requestBody: credentials, responses: ok } }, "/login/otp": { post: { ...anonymous, requestBody: json(object({ otp: { type: "string" } })), responses: ok } } }), keys: [] },
      { name: "a staff sign-in that takes a TOTP code", document: openapi({ "/login": { post: { summary: "Staff sign-in", ...anonymous, requestBody: json(object({ username: { type: "string" }, password: { type: "string" }, totpCode: { type: "string" } })), responses: ok } } }), keys: [] },
    ],
  },
  "credential-endpoint-no-rate-limit": {
    positive: [
      { name: "a sign-up without 429", document: openapi({ "/auth/register": { post: { requestBody: credentials, responses: { "201": { description: "created" } } } } }), keys: ["POST /auth/register"], reason: /sign-up endpoint/ },
      { name: "a reset request without 429", document: openapi({ "/password/forgot": { post: { requestBody: json(object({ email: { type: "string" } })), responses: { "202": { description: "sent" } } } } }), keys: ["POST /password/forgot"] },
    ],
    negative: [
      { name: "a throttled OTP check", document: openapi({ "/v2/otp/verify": { post: { requestBody: json(object({ otp: { type: "string" } })), responses: throttled } } }), keys: [] },
      { name: "an unthrottled list (the resource rules judge those)", document: openapi({ "/orders": { get: { responses: ok } } }), keys: [] },
      { name: "a device enrolment", document: openapi({ "/devices/register": { post: { responses: ok } } }), keys: [] },
    ],
  },
  "unauthenticated-state-change": {
    positive: [
      { name: "a spec with no security scheme at all, once for the API", document: openapi({ "/orders": { post: { responses: ok } }, "/orders/{id}": { delete: { responses: ok } } }), keys: [], target: "api", reason: /no security requirement for any operation, yet 2/ },
      { name: "an anonymous delete", document: withBearer({ ...signedIn, "/orders/{orderId}": { delete: { ...anonymous, parameters: [{ name: "orderId", in: "path", schema: { type: "string" } }], responses: ok } } }), keys: ["DELETE /orders/{orderId}"], reason: /changes state and its own `security`/ },
    ],
    negative: [
      { name: "an authenticated write", document: withBearer({ "/orders": { post: { responses: ok } } }), keys: [] },
      { name: "anonymous by design: sign-in, sign-up, refresh, webhook receiver", document: withBearer({ "/auth/login": { post: { ...anonymous, requestBody: credentials, responses: ok } }, "/signup": { post: { ...anonymous, responses: ok } }, "/oauth/token/refresh": { post: { ...anonymous, responses: ok } }, "/webhooks/stripe": { post: { ...anonymous, responses: ok } } }), keys: [] },
    ],
  },
  "unauthenticated-read": {
    positive: [
      { name: "an anonymous read returning personal fields", document: withBearer({ ...signedIn, "/customers/{id}": { get: { ...anonymous, responses: { "200": { description: "ok", ...json(object({ email: { type: "string" } })) } } } } }), keys: ["GET /customers/{id}"], target: "response-field", reason: /returns `email`/ },
      { name: "an anonymous debug read", document: withBearer({ ...signedIn, "/internal/debug/config": { get: { ...anonymous, responses: ok } } }), keys: ["GET /internal/debug/config"] },
    ],
    negative: [
      { name: "a public catalogue read without personal fields", document: withBearer({ ...signedIn, "/products": { get: { ...anonymous, responses: { "200": { description: "ok", ...json({ type: "array", items: object({ name: { type: "string" }, price: { type: "number" } }) }) } } } } }), keys: [] },
      { name: "a read the spec calls public", document: withBearer({ "/practitioners": { get: { ...anonymous, summary: "Public directory", responses: { "200": { description: "ok", ...json(object({ email: { type: "string" } })) } } } } }), keys: [] },
      { name: "health and an authenticated read", document: withBearer({ "/health": { get: { ...anonymous, responses: ok } }, "/me": { get: { responses: { "200": { description: "ok", ...json(object({ email: { type: "string" } })) } } } } }), keys: [] },
    ],
  },
  "account-change-without-reauth": {
    positive: [
      { name: "a profile change of email and phone", document: withBearer({ "/me": { patch: { requestBody: json(object({ email: { type: "string" }, phone: { type: "string" } })), responses: ok } } }), keys: ["PATCH /me"], target: "request-field", reason: /changes `email`, `phone`/ },
      { name: "a password reset without a token", document: openapi({ "/password/reset": { post: { requestBody: json(object({ email: { type: "string" }, newPassword: { type: "string" } })), responses: ok } } }), keys: ["POST /password/reset"] },
    ],
    negative: [
      { name: "a password change with the current password", document: withBearer({ "/me/password": { put: { requestBody: json(object({ currentPassword: { type: "string" }, newPassword: { type: "string" } })), responses: ok } } }), keys: [] },
      { name: "a reset with the emailed token", document: openapi({ "/password/reset": { post: { requestBody: json(object({ token: { type: "string" }, newPassword: { type: "string" } })), responses: ok } } }), keys: [] },
      { name: "a reset request that names the account", document: openapi({ "/password/forgot": { post: { requestBody: json(object({ email: { type: "string" } })), responses: ok } } }), keys: [] },
      { name: "a supplier record with a contact email", document: withBearer({ "/suppliers/{id}": { patch: { requestBody: json(object({ email: { type: "string" } })), responses: ok } } }), keys: [] },
    ],
  },
  "account-change-keyed-by-user-name": {
    positive: [{ name: "an email change by user name", document: withBearer({ "/users/{username}/email": { put: { parameters: [{ name: "username", in: "path", schema: { type: "string" } }], requestBody: json(object({ email: { type: "string" } })), responses: ok } } }), keys: ["PUT /users/{username}/email"], target: "parameter" }],
    negative: [{ name: "an email change by opaque id", document: withBearer({ "/users/{userId}/email": { put: { parameters: [{ name: "userId", in: "path", schema: { type: "string" } }], requestBody: json(object({ email: { type: "string" } })), responses: ok } } }), keys: [] }],
  },
  "jwt-bearer-scheme": {
    positive: [{ name: "a JWT bearer scheme", document: openapi({ "/me": { get: { responses: ok } } }, { components: { securitySchemes: { jwtAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } } }, security: [{ jwtAuth: [] }] }), keys: [], target: "security", reason: /`jwtAuth`/ }],
    negative: [{ name: "an opaque bearer scheme", document: withBearer({ "/me": { get: { responses: ok } } }), keys: [] }],
  },
  "jwt-example-unsigned": {
    positive: [{ name: "an alg none example token", document: openapi({ "/devices/register": { post: { responses: { "200": { description: "ok", ...json(object({ deviceToken: { type: "string", example: jwt({ alg: "none" }, { sub: "1" }, "") } })) } } } } }), keys: ["POST /devices/register"], target: "response-field", reason: /alg: none/ }],
    negative: [{ name: "an RS256 example token", document: openapi({ "/token": { post: { responses: { "200": { description: "ok", ...json(object({ access_token: { type: "string", example: jwt({ alg: "RS256" }, { sub: "1", exp: 1 }) } })) } } } } }), keys: [] }],
  },
  "jwt-example-symmetric": {
    positive: [{ name: "an HS256 token in a media example", document: openapi({ "/auth/login": { post: { responses: { "200": { description: "ok", ...json(object({ access_token: { type: "string" } }), { access_token: jwt({ alg: "HS256" }, { sub: "1" }) }) } } } } }), keys: ["POST /auth/login"], reason: /HS256/ }],
    negative: [{ name: "a string that only looks like base64", document: openapi({ "/auth/login": { post: { responses: { "200": { description: "ok", ...json(object({ access_token: { type: "string", example: "eyJnot.a.jwt" } })) } } } } }), keys: [] }],
  },
  "jwt-example-without-exp": {
    positive: [{ name: "an issued JWT without exp", document: openapi({ "/auth/login": { post: { responses: { "200": { description: "ok", ...json(object({ access_token: { type: "string", example: jwt({ alg: "HS256" }, { sub: "1" }) } })) } } } } }), keys: ["POST /auth/login"], reason: /without an `exp` claim/ }],
    negative: [
      { name: "an issued JWT with exp", document: openapi({ "/auth/login": { post: { responses: { "200": { description: "ok", ...json(object({ access_token: { type: "string", example: jwt({ alg: "HS256" }, { sub: "1", exp: 1900000000 }) } })) } } } } }), keys: [] },
      { name: "a JWT the caller sends, not one the operation issues", document: openapi({ "/me": { get: { parameters: [{ name: "Authorization", in: "header", schema: { type: "string" }, example: jwt({ alg: "HS256" }, { sub: "1" }) }], responses: ok } } }), keys: [] },
    ],
  },
  "token-documented-without-expiry": {
    positive: [{ name: "a token described as never expiring", document: openapi({ "/devices/register": { post: { responses: { "200": { description: "ok", ...json(object({ deviceToken: { type: "string", description: "Does not expire; replaced only on re-registration." } })) } } } } }), keys: ["POST /devices/register"], target: "response-field" }],
    negative: [{ name: "a token described with its lifetime", document: openapi({ "/devices/register": { post: { responses: { "200": { description: "ok", ...json(object({ deviceToken: { type: "string", description: "Expires after 24 hours." } })) } } } } }), keys: [] }],
  },
  "token-response-without-expiry": {
    positive: [{ name: "a session token without expires_in", document: openapi({ "/sessions": { post: { responses: { "201": { description: "ok", ...json(object({ sessionToken: { type: "string" } })) } } } } }), keys: ["POST /sessions"], reason: /`sessionToken` .* no expiry field/ }],
    negative: [
      { name: "a token response with expires_in", document: openapi({ "/oauth/token": { post: { responses: { "200": { description: "ok", ...json(object({ access_token: { type: "string" }, token_type: { type: "string" }, expires_in: { type: "integer" } })) } } } } }), keys: [] },
      { name: "a config dump with a secret that is not an issued token", document: openapi({ "/debug/env": { get: { responses: { "200": { description: "ok", ...json(object({ SESSION_SECRET: { type: "string" }, tokenCount: { type: "integer" } })) } } } } }), keys: [] },
    ],
  },
  "cookie-session-state-change": {
    positive: [{ name: "a cookie-authenticated write without an anti-CSRF header", document: openapi({ "/orders/{id}/cancel": { post: { responses: ok } } }, { components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "sid" } } }, security: [{ session: [] }] }), keys: ["POST /orders/{id}/cancel"], target: "security", reason: /cookie `sid`/ }],
    negative: [
      { name: "a cookie-authenticated write that requires X-CSRF-Token", document: openapi({ "/orders": { post: { parameters: [{ name: "X-CSRF-Token", in: "header", required: true, schema: { type: "string" } }], responses: ok } } }, { components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "sid" } } }, security: [{ session: [] }] }), keys: [] },
      { name: "a cookie scheme documented as SameSite=Strict", document: openapi({ "/orders": { post: { responses: ok } } }, { components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "sid", description: "Set with SameSite=Strict; HttpOnly" } } }, security: [{ session: [] }] }), keys: [] },
      { name: "a GET on the cookie and a write on a bearer header", document: withBearer({ "/orders": { get: { security: [{ session: [] }], responses: ok }, post: { responses: ok } } }, { components: { securitySchemes: { session: { type: "apiKey", in: "cookie", name: "sid" }, bearerAuth: { type: "http", scheme: "bearer" } } } }), keys: [] },
    ],
  },
  "distinct-unknown-account-response": {
    positive: [
      { name: "a sign-in telling unknown users from wrong passwords", document: openapi({ "/auth/login": { post: { requestBody: credentials, responses: { ...ok, "401": { description: "The password is wrong" }, "404": { description: "No customer is registered with this username" } } } } }), keys: ["POST /auth/login"], target: "response", reason: /404 .* apart from 401/ },
      { name: "a sign-up telling registered addresses", document: openapi({ "/signup": { post: { requestBody: credentials, responses: { "201": { description: "ok" }, "409": { description: "This email is already registered" } } } } }), keys: ["POST /signup"] },
    ],
    negative: [
      { name: "one answer for both failures", document: openapi({ "/oauth/token": { post: { requestBody: credentials, responses: { ...ok, "400": { description: "invalid_grant: the same answer for an unknown user and a wrong password" } } } } }), keys: [] },
      { name: "a code check whose 404 means a wrong code", document: openapi({ "/otp/verify": { post: { requestBody: json(object({ otp: { type: "string" } })), responses: { ...ok, "404": { description: "Code not found or expired" } } } } }), keys: [] },
      { name: "a reset request answering 202 for every address", document: openapi({ "/password/forgot": { post: { requestBody: json(object({ email: { type: "string" } })), responses: { "202": { description: "Sent if the address is registered" } } } } }), keys: [] },
    ],
  },
  "weak-auth-scheme": {
    positive: [
      { name: "an operation on an API key in the query", document: withBearer({ "/partner/export": { get: { security: [{ partnerKey: [] }], responses: ok } } }, { components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" }, partnerKey: { type: "apiKey", in: "query", name: "api_key" } } } }), keys: ["GET /partner/export"], target: "security", reason: /query parameter `api_key`/ },
      { name: "HTTP Basic for the whole API", document: openapi({ "/me": { get: { responses: ok } } }, { components: { securitySchemes: { basicAuth: { type: "http", scheme: "basic" } } }, security: [{ basicAuth: [] }] }), keys: [], reason: /HTTP Basic/ },
    ],
    negative: [{ name: "bearer tokens and header API keys", document: withBearer({ "/me": { get: { security: [{ headerKey: [] }], responses: ok } } }, { components: { securitySchemes: { bearerAuth: { type: "http", scheme: "bearer" }, headerKey: { type: "apiKey", in: "header", name: "X-Api-Key" } } } }), keys: [] }],
  },
};

describeRuleCases("AUTH_RULES", AUTH_RULES, cases);

describe("decodeJwt", () => {
  it("reads alg and exp, with or without a Bearer prefix", () => {
    expect(decodeJwt(jwt({ alg: "none" }, { sub: "1" }, ""))).toEqual({ alg: "none", hasExp: false });
    expect(decodeJwt(`Bearer ${jwt({ alg: "RS256" }, { exp: 5 })}`)).toEqual({ alg: "RS256", hasExp: true });
  });
  it("refuses strings that are not JWTs", () => {
    expect(decodeJwt("eyJhbGciOi.broken.x")).toBeNull();
    expect(decodeJwt("not a token")).toBeNull();
  });
});
