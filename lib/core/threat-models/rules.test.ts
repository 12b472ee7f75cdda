import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULE_ENTRY_KEYS } from "./catalog-schema";
import { RULES, evaluateRules, listOperations, type TRuleAnswer, type TRuleContext, type TRuleFinding, type TRuleOperation } from "./rules";

// Every rule on hand-built inventories: when it answers yes, unsure or no (with the exact reason a
// person reads), and when it must stay silent. Reasons are asserted word for word: they are the
// evidence users check before they accept a pre-answer.

const K = RULE_ENTRY_KEYS;

let counter = 0;
function op(method: string, apiPath: string, extra: Partial<Omit<TRuleOperation, "method" | "path">> = {}): TRuleOperation {
  counter++;
  return { id: `op${counter}`, method, path: apiPath, requiresAuth: false, deprecated: false, flags: [], sensitiveFields: [], ...extra };
}
const authed = (method: string, apiPath: string, extra: Partial<TRuleOperation> = {}) => op(method, apiPath, { requiresAuth: true, ...extra });
const webhook = (name: string, extra: Partial<TRuleOperation> = {}) => op("POST", `webhook:${name}`, { ...extra, flags: ["webhook", ...(extra.flags ?? [])] });

/** A quiet API: internal, public data, OAuth, no flags, no environments, no operations, no findings. */
function context(overrides: { api?: Partial<TRuleContext["api"]>; operations?: TRuleOperation[]; findings?: TRuleFinding[] } = {}): TRuleContext {
  return {
    api: {
      exposure: "INTERNAL",
      lifecycle: "ACTIVE",
      authSchemes: ["OAUTH2_OIDC"],
      dataClassification: "PUBLIC",
      dataFlags: [],
      environments: [],
      ...overrides.api,
    },
    operations: overrides.operations ?? [],
    findings: overrides.findings ?? [],
  };
}

function answerFor(ctx: TRuleContext, entryKey: string): Omit<TRuleAnswer, "entryKey"> | undefined {
  const answers = evaluateRules(ctx).filter((answer) => answer.entryKey === entryKey);
  expect(answers.length, `at most one answer for ${entryKey}`).toBeLessThanOrEqual(1);
  if (!answers[0]) return undefined;
  const { entryKey: _key, ...rest } = answers[0];
  return rest;
}

describe("the rule set", () => {
  it("has exactly one rule per rule entry key, and every key is in the built-in catalogue", () => {
    expect(RULES.map((rule) => rule.entryKey).sort()).toEqual(Object.values(RULE_ENTRY_KEYS).sort());
    const catalog = JSON.parse(readFileSync(path.join(process.cwd(), "prisma/catalog/threat-catalog.json"), "utf8")) as { entries: { key: string }[] };
    const keys = new Set(catalog.entries.map((entry) => entry.key));
    for (const key of Object.values(RULE_ENTRY_KEYS)) expect(keys.has(key), key).toBe(true);
  });

  it("says nothing about a quiet internal API with no operations and no findings", () => {
    expect(evaluateRules(context())).toEqual([]);
  });

  it("answers in rule order, one answer per entry", () => {
    const ctx = context({
      api: { exposure: "INTERNET", dataClassification: "RESTRICTED" },
      operations: [op("GET", "/orders/{orderId}", { flags: ["id-path-param"] })],
    });
    const keys = evaluateRules(ctx).map((answer) => answer.entryKey);
    expect(keys).toEqual([K.objectIdInPath, K.unauthenticatedOperations, K.noRateLimiting, K.sensitiveDataProtection]);
  });
});

describe("listOperations", () => {
  const ops = [op("GET", "/a"), op("POST", "/b"), op("PUT", "/c"), op("DELETE", "/d"), op("PATCH", "/e")];

  it("names nothing for no operations", () => {
    expect(listOperations([])).toBe("");
  });
  it("names one operation on its own", () => {
    expect(listOperations(ops.slice(0, 1))).toBe("GET /a");
  });
  it("joins two with 'and'", () => {
    expect(listOperations(ops.slice(0, 2))).toBe("GET /a and POST /b");
  });
  it("joins three with commas and 'and'", () => {
    expect(listOperations(ops.slice(0, 3))).toBe("GET /a, POST /b and PUT /c");
  });
  it("names the first three of five and counts the rest", () => {
    expect(listOperations(ops)).toBe("GET /a, POST /b, PUT /c and 2 more");
  });
  it("counts one more for four", () => {
    expect(listOperations(ops.slice(0, 4))).toBe("GET /a, POST /b, PUT /c and 1 more");
  });
  it("honours a smaller maximum", () => {
    expect(listOperations(ops.slice(0, 2), 1)).toBe("GET /a and 1 more");
  });
});

describe(`rule ${K.objectIdInPath}`, () => {
  it("answers YES naming the one open operation with an id path parameter", () => {
    const order = op("GET", "/orders/{orderId}", { flags: ["id-path-param"] });
    expect(answerFor(context({ operations: [order, op("GET", "/orders")] }), K.objectIdInPath)).toEqual({
      answer: "YES",
      reason: "GET /orders/{orderId} has an id path parameter and no security requirement",
      operationIds: [order.id],
      source: "RULE",
    });
  });

  it("answers YES for several open operations and leaves out the authenticated ones", () => {
    const get = op("GET", "/orders/{orderId}", { flags: ["id-path-param"] });
    const del = op("DELETE", "/orders/{orderId}", { flags: ["id-path-param"] });
    const put = authed("PUT", "/orders/{orderId}", { flags: ["id-path-param"] });
    expect(answerFor(context({ operations: [get, put, del] }), K.objectIdInPath)).toEqual({
      answer: "YES",
      reason: "GET /orders/{orderId} and DELETE /orders/{orderId} have an id path parameter and no security requirement",
      operationIds: [get.id, del.id],
      source: "RULE",
    });
  });

  it("answers UNSURE when every operation with an id requires authentication", () => {
    const get = authed("GET", "/orders/{orderId}", { flags: ["id-path-param"] });
    expect(answerFor(context({ operations: [get] }), K.objectIdInPath)).toEqual({
      answer: "UNSURE",
      reason: "GET /orders/{orderId} takes an object id in the path; they require authentication, but whether each object is checked against the caller cannot be seen in a spec",
      operationIds: [get.id],
      source: "RULE",
    });
    const put = authed("PUT", "/orders/{orderId}", { flags: ["id-path-param"] });
    expect(answerFor(context({ operations: [get, put] }), K.objectIdInPath)?.reason).toBe(
      "GET /orders/{orderId} and PUT /orders/{orderId} take an object id in the path; they require authentication, but whether each object is checked against the caller cannot be seen in a spec",
    );
  });

  it("answers YES from an API1 lint finding alone, with source LINT", () => {
    const order = op("GET", "/orders/{orderId}");
    const ctx = context({
      operations: [order],
      findings: [
        { ruleId: "owasp:api1:2023-no-numeric-ids", operationId: order.id },
        { ruleId: "owasp:api1:2023-no-numeric-ids", operationId: order.id },
        { ruleId: "owasp:api1:2023-no-numeric-ids", operationId: null },
      ],
    });
    expect(answerFor(ctx, K.objectIdInPath)).toEqual({
      answer: "YES",
      reason: "the spec's lint reported 3 findings of owasp:api1:2023-no-numeric-ids (object ids)",
      operationIds: [order.id],
      source: "LINT",
    });
  });

  it("says 'finding' for a single lint finding", () => {
    const ctx = context({ findings: [{ ruleId: "owasp:api1:2023-no-numeric-ids", operationId: null }] });
    expect(answerFor(ctx, K.objectIdInPath)).toEqual({
      answer: "YES",
      reason: "the spec's lint reported 1 finding of owasp:api1:2023-no-numeric-ids (object ids)",
      operationIds: [],
      source: "LINT",
    });
  });

  it("does not fire without id path parameters and without API1 lint findings", () => {
    const ctx = context({
      operations: [op("GET", "/orders"), op("POST", "/orders", { flags: ["url-input"] })],
      findings: [{ ruleId: "owasp:api2:2023-read-restricted", operationId: null }, { ruleId: "owasp:api4:2023-rate-limit", operationId: null }],
    });
    expect(answerFor(ctx, K.objectIdInPath)).toBeUndefined();
  });

  it("ignores webhooks, which the API calls rather than serves", () => {
    const ctx = context({ operations: [webhook("orderShipped", { flags: ["id-path-param"] })] });
    expect(answerFor(ctx, K.objectIdInPath)).toBeUndefined();
  });
});

describe(`rule ${K.unauthenticatedOperations}`, () => {
  it("answers YES naming the one operation without a security requirement", () => {
    const open = op("GET", "/status");
    expect(answerFor(context({ operations: [open, authed("GET", "/me")] }), K.unauthenticatedOperations)).toEqual({
      answer: "YES",
      reason: "GET /status has no security requirement in the spec",
      operationIds: [open.id],
      source: "RULE",
    });
  });

  it("answers YES with 'have' and the count beyond three", () => {
    const ops = [op("GET", "/a"), op("GET", "/b"), op("GET", "/c"), op("GET", "/d"), op("GET", "/e")];
    expect(answerFor(context({ operations: ops }), K.unauthenticatedOperations)).toEqual({
      answer: "YES",
      reason: "GET /a, GET /b, GET /c and 2 more have no security requirement in the spec",
      operationIds: ops.map((o) => o.id),
      source: "RULE",
    });
  });

  it("answers YES when the inventory records 'None' as a scheme, even if every operation requires auth", () => {
    const ctx = context({ api: { authSchemes: ["API_KEY", "NONE"] }, operations: [authed("GET", "/me")] });
    expect(answerFor(ctx, K.unauthenticatedOperations)).toEqual({
      answer: "YES",
      reason: "the inventory records 'None' among the API's authentication schemes",
      operationIds: [],
      source: "RULE",
    });
  });

  it("answers NO when every operation requires authentication", () => {
    const ctx = context({ operations: [authed("GET", "/me"), authed("PUT", "/me"), authed("GET", "/orders")] });
    expect(answerFor(ctx, K.unauthenticatedOperations)).toEqual({
      answer: "NO",
      reason: "every one of the 3 operations in the spec requires authentication",
      operationIds: [],
      source: "RULE",
    });
    expect(answerFor(context({ operations: [authed("GET", "/me")] }), K.unauthenticatedOperations)?.reason).toBe(
      "every one of the 1 operation in the spec requires authentication",
    );
  });

  it("does not fire without operations and without 'None' recorded", () => {
    expect(answerFor(context(), K.unauthenticatedOperations)).toBeUndefined();
  });

  it("ignores webhooks: an open webhook neither makes it YES nor counts as an operation", () => {
    expect(answerFor(context({ operations: [webhook("orderShipped")] }), K.unauthenticatedOperations)).toBeUndefined();
    const ctx = context({ operations: [webhook("orderShipped"), authed("GET", "/me")] });
    expect(answerFor(ctx, K.unauthenticatedOperations)).toMatchObject({ answer: "NO", reason: "every one of the 1 operation in the spec requires authentication" });
  });
});

describe(`rule ${K.weakAuthScheme}`, () => {
  it("answers YES for HTTP Basic on an internet-facing API", () => {
    expect(answerFor(context({ api: { exposure: "INTERNET", authSchemes: ["BASIC"] } }), K.weakAuthScheme)).toEqual({
      answer: "YES",
      reason: "the API accepts HTTP Basic and is exposed to the internet",
      operationIds: [],
      source: "RULE",
    });
  });

  it("answers UNSURE for API keys and Basic on a partner API, naming both", () => {
    expect(answerFor(context({ api: { exposure: "PARTNER", authSchemes: ["API_KEY", "OAUTH2_OIDC", "BASIC"] } }), K.weakAuthScheme)).toEqual({
      answer: "UNSURE",
      reason: "the API accepts static API keys and HTTP Basic",
      operationIds: [],
      source: "RULE",
    });
  });

  it("answers YES from credential lint findings alone, with source LINT", () => {
    const admin = op("PUT", "/admin/users/{userId}/role");
    const ctx = context({ operations: [admin], findings: [{ ruleId: "owasp:api2:2023-no-credentials-in-url", operationId: admin.id }] });
    expect(answerFor(ctx, K.weakAuthScheme)).toEqual({
      answer: "YES",
      reason: "the spec's lint reported 1 finding of owasp:api2:2023-no-credentials-in-url (credentials or weak schemes)",
      operationIds: [admin.id],
      source: "LINT",
    });
  });

  it("does not fire for strong schemes, nor for unrelated API2 lint rules", () => {
    const ctx = context({
      api: { exposure: "INTERNET", authSchemes: ["OAUTH2_OIDC", "JWT", "MTLS"] },
      findings: [{ ruleId: "owasp:api2:2023-read-restricted", operationId: null }, { ruleId: "owasp:api2:2023-write-restricted", operationId: null }],
    });
    expect(answerFor(ctx, K.weakAuthScheme)).toBeUndefined();
  });
});

describe(`rule ${K.sensitiveFieldsInResponses}`, () => {
  it("answers YES naming the operations and the response fields (not request or query fields)", () => {
    const me = op("GET", "/me", { sensitiveFields: ["query.token", "request.password", "response.email"] });
    const signup = op("POST", "/signup", { sensitiveFields: ["request.password"] });
    expect(answerFor(context({ operations: [me, signup] }), K.sensitiveFieldsInResponses)).toEqual({
      answer: "YES",
      reason: "the responses of GET /me include email",
      operationIds: [me.id],
      source: "RULE",
    });
  });

  it("lists at most four fields, each once, the worst first (credentials, then financial and identity numbers), and counts the rest", () => {
    const a = op("GET", "/users/{id}", { sensitiveFields: ["response.email", "response.password", "response.ssn"] });
    const b = op("GET", "/users", { sensitiveFields: ["response.email", "response.phone", "response.iban", "response.dob"] });
    expect(answerFor(context({ operations: [a, b] }), K.sensitiveFieldsInResponses)).toEqual({
      answer: "YES",
      reason: "the responses of GET /users/{id} and GET /users include password, ssn, iban, email and 2 more fields",
      operationIds: [a.id, b.id],
      source: "RULE",
    });
  });

  it("never hides a credential behind 'more fields'", () => {
    const orders = op("GET", "/orders/{orderId}", { sensitiveFields: ["response.cardNumber"] });
    const users = op("GET", "/users", { sensitiveFields: ["response.dateOfBirth"] });
    const user = op("GET", "/users/{userId}", { sensitiveFields: ["response.creditCard", "response.email", "response.password"] });
    const reason = answerFor(context({ operations: [orders, users, user] }), K.sensitiveFieldsInResponses)?.reason;
    expect(reason).toMatch(/^the responses of GET \/orders\/\{orderId\}, GET \/users and GET \/users\/\{userId\} include password, /);
  });

  it("says 'field', not 'fields', when one field is left out", () => {
    const a = op("GET", "/users/{id}", { sensitiveFields: ["response.a", "response.b", "response.c", "response.d", "response.e"] });
    expect(answerFor(context({ operations: [a] }), K.sensitiveFieldsInResponses)?.reason).toBe("the responses of GET /users/{id} include a, b, c, d and 1 more field");
  });

  it("answers UNSURE when the inventory records personal data but no response field looks sensitive", () => {
    const ctx = context({ api: { dataFlags: ["PII", "CREDENTIALS", "PHI"] }, operations: [op("POST", "/signup", { sensitiveFields: ["request.password"] })] });
    expect(answerFor(ctx, K.sensitiveFieldsInResponses)).toEqual({
      answer: "UNSURE",
      reason: "the inventory says the API handles PII, PHI data",
      operationIds: [],
      source: "RULE",
    });
  });

  it("answers YES from API3 lint findings alone, with source LINT", () => {
    const ctx = context({ findings: [{ ruleId: "owasp:api3:2023-no-additionalProperties", operationId: "opX" }] });
    expect(answerFor(ctx, K.sensitiveFieldsInResponses)).toEqual({
      answer: "YES",
      reason: "the spec's lint reported 1 finding of owasp:api3:2023-no-additionalProperties (object properties)",
      operationIds: ["opX"],
      source: "LINT",
    });
  });

  it("does not fire for credentials-only data, request-only fields and no API3 lint", () => {
    const ctx = context({ api: { dataFlags: ["CREDENTIALS"] }, operations: [op("POST", "/login", { sensitiveFields: ["request.password"] })] });
    expect(answerFor(ctx, K.sensitiveFieldsInResponses)).toBeUndefined();
  });
});

describe(`rule ${K.noRateLimiting}`, () => {
  const list = () => op("GET", "/users", { flags: ["unbounded-list"] });

  it("answers YES for an internet-facing API with an unbounded list", () => {
    const users = list();
    expect(answerFor(context({ api: { exposure: "INTERNET" }, operations: [users, op("GET", "/me")] }), K.noRateLimiting)).toEqual({
      answer: "YES",
      reason: "the API is exposed to the internet and GET /users returns lists without a limit or page parameter",
      operationIds: [users.id],
      source: "RULE",
    });
    const orders = op("GET", "/orders", { flags: ["unbounded-list"] });
    expect(answerFor(context({ api: { exposure: "INTERNET" }, operations: [users, orders] }), K.noRateLimiting)?.reason).toBe(
      "the API is exposed to the internet and GET /users and GET /orders return lists without a limit or page parameter",
    );
  });

  it("answers YES from the OWASP rate-limit lint rules on an internet-facing API (exposure is on record, so source RULE)", () => {
    const ctx = context({
      api: { exposure: "INTERNET" },
      findings: [
        { ruleId: "owasp:api4:2023-rate-limit", operationId: "op-a" },
        { ruleId: "owasp:api4:2023-rate-limit-responses-429", operationId: "op-a" },
        { ruleId: "owasp:api4:2023-rate-limit-responses-429", operationId: "op-b" },
        { ruleId: "owasp:api4:2023-rate-limit", operationId: null },
        { ruleId: "owasp:api4:2023-string-limit", operationId: "op-c" },
      ],
    });
    expect(answerFor(ctx, K.noRateLimiting)).toEqual({
      answer: "YES",
      reason: "the API is exposed to the internet and its spec documents no rate limiting (4 lint findings of the OWASP rate-limit rules)",
      operationIds: ["op-a", "op-b"],
      source: "RULE",
    });
  });

  it("answers UNSURE for an internet-facing API with nothing on record", () => {
    expect(answerFor(context({ api: { exposure: "INTERNET" } }), K.noRateLimiting)).toEqual({
      answer: "UNSURE",
      reason: "the API is exposed to the internet and nothing on record shows rate limiting",
      operationIds: [],
      source: "RULE",
    });
  });

  it("does not fire when the API is not exposed to the internet, whatever the spec says", () => {
    for (const exposure of ["INTERNAL", "PARTNER"] as const) {
      const ctx = context({ api: { exposure }, operations: [list()], findings: [{ ruleId: "owasp:api4:2023-rate-limit", operationId: null }] });
      expect(answerFor(ctx, K.noRateLimiting), exposure).toBeUndefined();
    }
  });

  it("does not count an unbounded webhook as a served list", () => {
    const ctx = context({ api: { exposure: "INTERNET" }, operations: [webhook("digest", { flags: ["unbounded-list"] })] });
    expect(answerFor(ctx, K.noRateLimiting)).toMatchObject({ answer: "UNSURE", operationIds: [] });
  });
});

describe(`rule ${K.unboundedLists}`, () => {
  it("answers YES naming the unbounded list", () => {
    const users = op("GET", "/users", { flags: ["unbounded-list"] });
    expect(answerFor(context({ operations: [users] }), K.unboundedLists)).toEqual({
      answer: "YES",
      reason: "GET /users returns a list with no limit or page parameter and no maximum size",
      operationIds: [users.id],
      source: "RULE",
    });
    const orders = authed("GET", "/orders", { flags: ["unbounded-list"] });
    expect(answerFor(context({ operations: [users, orders] }), K.unboundedLists)?.reason).toBe(
      "GET /users and GET /orders return a list with no limit or page parameter and no maximum size",
    );
  });

  it("answers UNSURE (source LINT) from array-limit lint findings alone", () => {
    const ctx = context({ findings: [{ ruleId: "owasp:api4:2023-array-limit", operationId: "op-a" }] });
    expect(answerFor(ctx, K.unboundedLists)).toEqual({
      answer: "UNSURE",
      reason: "the spec's lint reported 1 finding of owasp:api4:2023-array-limit (arrays without maxItems)",
      operationIds: ["op-a"],
      source: "LINT",
    });
  });

  it("does not fire without unbounded lists or array-limit findings, nor for webhooks", () => {
    const ctx = context({
      operations: [op("GET", "/users"), webhook("digest", { flags: ["unbounded-list"] })],
      findings: [{ ruleId: "owasp:api4:2023-string-limit", operationId: null }],
    });
    expect(answerFor(ctx, K.unboundedLists)).toBeUndefined();
  });
});

describe(`rule ${K.fileUploads}`, () => {
  it("answers YES naming the upload operations", () => {
    const photo = authed("PUT", "/pets/{petId}/photo", { flags: ["file-upload"] });
    expect(answerFor(context({ operations: [photo] }), K.fileUploads)).toEqual({
      answer: "YES",
      reason: "PUT /pets/{petId}/photo accepts file uploads",
      operationIds: [photo.id],
      source: "RULE",
    });
    const doc = op("POST", "/documents", { flags: ["file-upload"] });
    expect(answerFor(context({ operations: [photo, doc] }), K.fileUploads)?.reason).toBe("PUT /pets/{petId}/photo and POST /documents accept file uploads");
  });

  it("does not fire without uploads, nor for webhooks", () => {
    expect(answerFor(context({ operations: [op("GET", "/pets"), webhook("upload", { flags: ["file-upload"] })] }), K.fileUploads)).toBeUndefined();
  });
});

describe(`rule ${K.adminFunctions}`, () => {
  const adminOf = (ctx: TRuleContext) => answerFor(ctx, K.adminFunctions);

  it("answers YES for an admin path that requires no authentication", () => {
    const setRole = op("PUT", "/admin/users/{userId}/role");
    expect(adminOf(context({ operations: [setRole, op("GET", "/users")] }))).toEqual({
      answer: "YES",
      reason: "PUT /admin/users/{userId}/role looks administrative and requires no authentication",
      operationIds: [setRole.id],
      source: "RULE",
    });
  });

  it("answers YES for the open ones only when some admin paths require authentication", () => {
    const a = op("GET", "/internal/metrics");
    const b = op("POST", "/ops/restart");
    const c = authed("GET", "/admin/users");
    expect(adminOf(context({ operations: [a, b, c] }))).toEqual({
      answer: "YES",
      reason: "GET /internal/metrics and POST /ops/restart look administrative and require no authentication",
      operationIds: [a.id, b.id],
      source: "RULE",
    });
  });

  it("answers UNSURE when every admin path requires authentication", () => {
    const metrics = authed("GET", "/internal/metrics");
    expect(adminOf(context({ operations: [metrics] }))).toEqual({
      answer: "UNSURE",
      reason: "GET /internal/metrics looks administrative; whether only privileged roles can call it cannot be seen in the spec",
      operationIds: [metrics.id],
      source: "RULE",
    });
    const roles = authed("GET", "/roles");
    expect(adminOf(context({ operations: [metrics, roles] }))?.reason).toBe(
      "GET /internal/metrics and GET /roles look administrative; whether only privileged roles can call them cannot be seen in the spec",
    );
  });

  it.each([
    "/admin",
    "/v1/admin/users",
    "/Administrator/settings",
    "/administration",
    "/internal/health",
    "/stores/{storeId}/manage",
    "/management/tenants",
    "/ops",
    "/superuser/tokens",
    "/sudo",
    "/impersonate",
    "/users/{userId}/impersonation",
    "/roles",
    "/users/{userId}/role",
    "/users/{userId}/permissions",
    "/permission/{id}",
    "/privileges",
    "/admin{format}",
  ])("recognises %s as administrative", (apiPath) => {
    expect(adminOf(context({ operations: [authed("GET", apiPath)] }))?.answer).toBe("UNSURE");
  });

  it.each([
    "/administrative-fees",
    "/admins-guide",
    "/management-fees",
    "/internal-transfers",
    "/operations",
    "/devops-status",
    "/roleplay/sessions",
    "/user-roles-faq",
    "/users/{userId}/permissionless-links",
    "/orders/{orderId}",
  ])("does not mistake %s for an administrative path", (apiPath) => {
    expect(adminOf(context({ operations: [op("GET", apiPath)] }))).toBeUndefined();
  });

  it("ignores webhooks even when their name looks administrative", () => {
    expect(adminOf(context({ operations: [webhook("/admin/alerts")] }))).toBeUndefined();
  });
});

describe(`rule ${K.urlInputs}`, () => {
  it("answers YES naming the operations that take URLs", () => {
    const preview = op("POST", "/fetch-preview", { flags: ["url-input"] });
    expect(answerFor(context({ operations: [preview, op("GET", "/orders")] }), K.urlInputs)).toEqual({
      answer: "YES",
      reason: "POST /fetch-preview takes a URL as input",
      operationIds: [preview.id],
      source: "RULE",
    });
    const hooks = authed("PUT", "/webhooks/{id}", { flags: ["url-input", "id-path-param"] });
    expect(answerFor(context({ operations: [preview, hooks] }), K.urlInputs)?.reason).toBe("POST /fetch-preview and PUT /webhooks/{id} take a URL as input");
  });

  it("answers YES from API7 lint findings alone, with source LINT", () => {
    const ctx = context({ findings: [{ ruleId: "owasp:api7:2023-concerning-url-parameter", operationId: "op-a" }] });
    expect(answerFor(ctx, K.urlInputs)).toEqual({
      answer: "YES",
      reason: "the spec's lint reported 1 finding of owasp:api7:2023-concerning-url-parameter (server-side requests)",
      operationIds: ["op-a"],
      source: "LINT",
    });
  });

  it("does not fire without url-input flags or API7 findings, nor for webhooks", () => {
    const ctx = context({
      operations: [op("POST", "/orders", { flags: ["id-path-param", "file-upload"] }), webhook("callback", { flags: ["url-input"] })],
      findings: [{ ruleId: "owasp:api8:2023-no-server-http", operationId: null }],
    });
    expect(answerFor(ctx, K.urlInputs)).toBeUndefined();
  });
});

describe(`rule ${K.deprecatedStillLive}`, () => {
  it("answers YES naming the deprecated operations", () => {
    const old = op("GET", "/v1/orders", { deprecated: true });
    expect(answerFor(context({ operations: [old, op("GET", "/v2/orders")] }), K.deprecatedStillLive)).toEqual({
      answer: "YES",
      reason: "GET /v1/orders is marked deprecated but still in the spec",
      operationIds: [old.id],
      source: "RULE",
    });
    const older = op("GET", "/v0/orders", { deprecated: true });
    expect(answerFor(context({ operations: [old, older] }), K.deprecatedStillLive)?.reason).toBe("GET /v1/orders and GET /v0/orders are marked deprecated but still in the spec");
  });

  it("answers YES for a deprecated API that still has environments", () => {
    const environments = [
      { name: "production", baseUrl: "https://api.example.com" },
      { name: "staging", baseUrl: "https://staging.example.com" },
    ];
    expect(answerFor(context({ api: { lifecycle: "DEPRECATED", environments } }), K.deprecatedStillLive)).toEqual({
      answer: "YES",
      reason: "the API is deprecated yet still has 2 environments on record",
      operationIds: [],
      source: "RULE",
    });
    expect(answerFor(context({ api: { lifecycle: "DEPRECATED", environments: environments.slice(0, 1) } }), K.deprecatedStillLive)?.reason).toBe(
      "the API is deprecated yet still has 1 environment on record",
    );
  });

  it("answers UNSURE (source LINT) from API9 lint findings alone", () => {
    const ctx = context({ findings: [{ ruleId: "owasp:api9:2023-inventory-access", operationId: null }] });
    expect(answerFor(ctx, K.deprecatedStillLive)).toEqual({
      answer: "UNSURE",
      reason: "the spec's lint reported 1 finding of owasp:api9:2023-inventory-access (inventory)",
      operationIds: [],
      source: "LINT",
    });
  });

  it("does not fire for a deprecated API without environments, an active API with environments, or deprecated webhooks", () => {
    expect(answerFor(context({ api: { lifecycle: "DEPRECATED" } }), K.deprecatedStillLive)).toBeUndefined();
    expect(answerFor(context({ api: { environments: [{ name: "production", baseUrl: "https://api.example.com" }] } }), K.deprecatedStillLive)).toBeUndefined();
    expect(answerFor(context({ operations: [webhook("old", { deprecated: true })] }), K.deprecatedStillLive)).toBeUndefined();
  });
});

describe(`rule ${K.cleartextTransport}`, () => {
  const env = (name: string, baseUrl: string) => ({ name, baseUrl });

  it("answers YES naming the environment on plain HTTP", () => {
    const ctx = context({ api: { environments: [env("production", "https://api.example.com"), env("staging", "http://staging.example.com/v1")] } });
    expect(answerFor(ctx, K.cleartextTransport)).toEqual({
      answer: "YES",
      reason: "staging (http://staging.example.com/v1) uses plain HTTP",
      operationIds: [],
      source: "RULE",
    });
  });

  it("answers YES with 'use' for several, and is not fooled by a host that merely starts with 'localhost'", () => {
    const ctx = context({ api: { environments: [env("qa", "HTTP://qa.example.com"), env("trick", "http://localhost.example.com")] } });
    expect(answerFor(ctx, K.cleartextTransport)?.reason).toBe("qa (HTTP://qa.example.com), trick (http://localhost.example.com) use plain HTTP");
  });

  it("answers YES from the no-server-http lint rule alone, with source LINT", () => {
    const ctx = context({ findings: [{ ruleId: "owasp:api8:2023-no-server-http", operationId: null }] });
    expect(answerFor(ctx, K.cleartextTransport)).toEqual({
      answer: "YES",
      reason: "the spec's lint reported 1 finding of owasp:api8:2023-no-server-http (servers on http)",
      operationIds: [],
      source: "LINT",
    });
  });

  it("does not fire for https and for http on localhost or 127.0.0.1", () => {
    const ctx = context({
      api: {
        environments: [
          env("production", "https://api.example.com"),
          env("dev", "http://localhost:3000"),
          env("bare", "http://localhost"),
          env("path", "http://localhost/v1"),
          env("loopback", "http://127.0.0.1:8080/v1"),
        ],
      },
      findings: [{ ruleId: "owasp:api8:2023-define-error-responses-500", operationId: null }],
    });
    expect(answerFor(ctx, K.cleartextTransport)).toBeUndefined();
  });
});

describe(`rule ${K.sensitiveDataProtection}`, () => {
  it("answers UNSURE for confidential data", () => {
    expect(answerFor(context({ api: { dataClassification: "CONFIDENTIAL" } }), K.sensitiveDataProtection)).toEqual({
      answer: "UNSURE",
      reason: "the data is classified confidential",
      operationIds: [],
      source: "RULE",
    });
  });

  it("names the PCI, PHI and credentials flags", () => {
    expect(answerFor(context({ api: { dataClassification: "INTERNAL", dataFlags: ["PII", "PCI", "PHI"] } }), K.sensitiveDataProtection)?.reason).toBe("it handles PCI, PHI");
    expect(answerFor(context({ api: { dataClassification: "RESTRICTED", dataFlags: ["CREDENTIALS"] } }), K.sensitiveDataProtection)?.reason).toBe(
      "the data is classified restricted and it handles CREDENTIALS",
    );
  });

  it("does not fire for public or internal data with at most PII", () => {
    expect(answerFor(context({ api: { dataClassification: "PUBLIC", dataFlags: ["PII"] } }), K.sensitiveDataProtection)).toBeUndefined();
    expect(answerFor(context({ api: { dataClassification: "INTERNAL" } }), K.sensitiveDataProtection)).toBeUndefined();
  });
});
