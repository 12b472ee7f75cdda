import { describe, expect, it } from "vitest";
import { bearer, evidenceOf, json, ok, spec } from "../test-support";
import { INPUT_RULES } from "./inputs";

const query = (name: string, schema: Record<string, unknown> = { type: "string" }, extra: Record<string, unknown> = {}) => ({ name, in: "query", schema, ...extra });
const names = (evidence: { target: { kind: string } }[]) => evidence.map((piece) => ("name" in piece.target ? piece.target.name : piece.target.kind));
const run = (id: string, paths: Record<string, unknown>) => evidenceOf(INPUT_RULES, id, spec(paths, bearer));

describe("injection-expression-input", () => {
  it("links filter and sort expressions and coupon codes", () => {
    const evidence = run("injection-expression-input", {
      "/transactions": { get: { parameters: [query("filter"), query("sortBy")], responses: ok() } },
      "/cart/coupon": { post: { requestBody: json({ type: "object", properties: { code: { type: "string" } } }), responses: ok() } },
    });
    expect(names(evidence)).toEqual(["filter", "sortBy", "code"]);
    expect(evidence[0]?.reason).toContain("query parameter `filter`");
  });
  it("skips enums, patterns, a bounded search and bank sort codes", () => {
    const evidence = run("injection-expression-input", {
      "/items": { get: { parameters: [query("sort", { type: "string", enum: ["name", "-name"] }), query("filter", { type: "string", pattern: "^[a-z]+$" }), query("q", { type: "string", maxLength: 80 })], responses: ok() } },
      "/payees": { post: { requestBody: json({ type: "object", properties: { sortCode: { type: "string" } } }), responses: ok() } },
    });
    expect(evidence).toEqual([]);
  });
});

describe("xml-request-body", () => {
  it("links XML bodies and not JSON ones", () => {
    const evidence = run("xml-request-body", {
      "/imports": { post: { requestBody: { content: { "application/xml": { schema: { type: "object" } } } }, responses: ok() } },
      "/notes": { post: { requestBody: json({ type: "object" }), responses: ok() } },
    });
    expect(evidence.map((piece) => piece.operationKey)).toEqual(["POST /imports"]);
    expect(evidence[0]?.reason).toContain("XML request body (`application/xml`)");
  });
});

describe("command-template-or-host-input", () => {
  it("links templates, scripts and hosts (by example or description)", () => {
    const evidence = run("command-template-or-host-input", {
      "/letters": { post: { requestBody: json({ type: "object", properties: { template: { type: "string" }, target: { type: "string", description: "Host name the device pings" }, peer: { type: "string", example: "10.0.0.7" } } }), responses: ok() } },
    });
    expect(names(evidence)).toEqual(["template", "target", "peer"]);
  });
  it("skips OTP and PKCE codes and ordinary text", () => {
    expect(run("command-template-or-host-input", { "/verify": { post: { requestBody: json({ type: "object", properties: { code: { type: "string" }, code_challenge: { type: "string" }, note: { type: "string" } } }), responses: ok() } } })).toEqual([]);
  });
});

describe("ssrf-url-input", () => {
  it("links URL inputs by format, example or name", () => {
    const evidence = run("ssrf-url-input", {
      "/previews": { post: { requestBody: json({ type: "object", properties: { target: { type: "string", example: "https://example.com/a" }, feedUrl: { type: "string" }, source: { type: "string", format: "uri" } } }), responses: ok() } },
    });
    expect(names(evidence)).toEqual(["target", "feedUrl", "source"]);
    expect(evidence[0]?.strength).toBe("direct");
  });
  it("links an image link on an operation that fetches (a preview) as direct evidence", () => {
    const [evidence] = run("ssrf-url-input", { "/fetch-preview": { post: { requestBody: json({ type: "object", properties: { imageUrl: { type: "string", format: "uri" } } }), responses: ok() } } });
    expect(evidence).toMatchObject({ strength: "direct", target: { kind: "request-field", name: "imageUrl" } });
  });
  it("links an image link the spec says nothing about as a weaker hint", () => {
    const [evidence] = run("ssrf-url-input", { "/me/avatar": { put: { requestBody: json({ type: "object", properties: { avatarUrl: { type: "string", format: "uri" } } }), responses: ok() } } });
    expect(evidence).toMatchObject({ strength: "indirect", target: { kind: "request-field", name: "avatarUrl" } });
  });
  it("keeps stored-only links, redirect targets, webhook destinations and ids apart", () => {
    const evidence = run("ssrf-url-input", {
      "/me/banner": { put: { requestBody: json({ type: "object", properties: { bannerImageUrl: { type: "string", format: "uri", description: "Stored as given; apps load it directly." }, homepage: { type: "string", format: "uri", description: "Shown on the profile; the browser opens it." } } }), responses: ok() } },
      "/out": { get: { parameters: [query("to", { type: "string", example: "https://example.com" })], responses: { "302": { description: "redirect" } } } },
      "/hooks": { post: { requestBody: json({ type: "object", properties: { webhookUrl: { type: "string", format: "uri" } } }), responses: ok() } },
      "/endpoints/{endpointId}": { delete: { parameters: [{ name: "endpointId", in: "path", schema: { type: "string" } }], responses: ok() } },
    });
    expect(evidence).toEqual([]);
  });
});

describe("open-redirect-parameter", () => {
  it("links redirect targets on GET and on operations that redirect", () => {
    const evidence = run("open-redirect-parameter", {
      "/sso/start": { get: { parameters: [query("return_to")], responses: ok() } },
      "/out": { get: { parameters: [query("to")], responses: { "302": { description: "redirect" } } } },
    });
    expect(names(evidence)).toEqual(["return_to", "to"]);
  });
  it("skips registered redirect URIs and page cursors", () => {
    const evidence = run("open-redirect-parameter", {
      "/oauth/authorize": { get: { parameters: [query("redirect_uri", { type: "string" }, { description: "Must match a URI registered for the client." })], responses: { "302": { description: "redirect" } } } },
      "/items": { get: { parameters: [query("next")], responses: ok() } },
      "/checkout": { post: { requestBody: json({ type: "object", properties: { success_url: { type: "string", format: "uri" } } }), responses: ok() } },
    });
    expect(evidence).toEqual([]);
  });
});

describe("path-traversal-file-input", () => {
  it("links file names on downloads and bare names on log reads", () => {
    const evidence = run("path-traversal-file-input", {
      "/statements/download": { get: { parameters: [query("file")], responses: ok() } },
      "/logs/{name}": { get: { parameters: [{ name: "name", in: "path", schema: { type: "string" } }], responses: ok() } },
    });
    expect(names(evidence)).toEqual(["file", "name"]);
  });
  it("skips uploaded content, display names in create bodies and enums", () => {
    const evidence = run("path-traversal-file-input", {
      "/documents": { post: { requestBody: { content: { "multipart/form-data": { schema: { type: "object", properties: { file: { type: "string" }, name: { type: "string" } } } } } }, responses: ok() } },
      "/exports": { get: { parameters: [query("format", { type: "string", enum: ["csv"] }), query("path", { type: "string", enum: ["a", "b"] })], responses: ok() } },
    });
    expect(evidence).toEqual([]);
  });
});

describe("sensitive-data-in-url", () => {
  it("links personal data in the query and API keys in the query string", () => {
    const document = spec(
      { "/patients": { get: { parameters: [query("birthDate"), query("family")], responses: ok() } } },
      { components: { securitySchemes: { key: { type: "apiKey", in: "query", name: "api_key" } } }, security: [{ key: [] }] },
    );
    const evidence = evidenceOf(INPUT_RULES, "sensitive-data-in-url", document);
    expect(evidence.map((piece) => piece.target)).toEqual([{ kind: "parameter", location: "query", name: "birthDate" }, { kind: "security", scheme: "key" }]);
  });
  it("skips personal data in bodies and headers", () => {
    expect(run("sensitive-data-in-url", { "/contacts": { post: { parameters: [{ name: "X-Email", in: "header", schema: { type: "string" } }], requestBody: json({ type: "object", properties: { email: { type: "string" } } }), responses: ok() } } })).toEqual([]);
  });
});

describe("stored-markup-input", () => {
  it("links fields that keep HTML", () => {
    expect(names(run("stored-markup-input", { "/reviews": { post: { requestBody: json({ type: "object", properties: { body: { type: "string", description: "Basic HTML is kept." }, bioHtml: { type: "string" } } }), responses: ok() } } }))).toEqual(["body", "bioHtml"]);
  });
  it("skips plain text and reads", () => {
    expect(run("stored-markup-input", { "/reviews": { post: { requestBody: json({ type: "object", properties: { body: { type: "string", maxLength: 500 } } }), responses: ok() }, get: { parameters: [query("html")], responses: ok() } } })).toEqual([]);
  });
});

describe("spreadsheet-export", () => {
  it("links CSV responses and not JSON ones", () => {
    const evidence = run("spreadsheet-export", {
      "/exports/{id}": { get: { responses: { "200": { description: "file", content: { "text/csv": { schema: { type: "string" } } } } } } },
      "/items": { get: { responses: ok({ type: "array" }) } },
    });
    expect(evidence.map((piece) => piece.target)).toEqual([{ kind: "response", status: "200" }]);
  });
});

describe("costly-query-syntax", () => {
  it("links inputs described as wildcards, regular expressions or a query syntax, and regex formats", () => {
    const evidence = run("costly-query-syntax", {
      "/search": { get: { parameters: [query("query", { type: "string" }, { description: "Lucene-style query syntax with wildcards." }), query("match", { type: "string", format: "regex" })], responses: ok() } },
    });
    expect(names(evidence)).toEqual(["query", "match"]);
    expect(evidence[0]?.reason).toContain("query parameter `query`");
  });
  it("skips plain searches and filters the spec describes as simple values", () => {
    const evidence = run("costly-query-syntax", {
      "/search": { get: { parameters: [query("q", { type: "string" }, { description: "Words to look for." }), query("status", { type: "string", enum: ["open", "closed"] }, { description: "regular expressions are not supported" })], responses: ok() } },
    });
    expect(evidence).toEqual([]);
  });
});

describe("promotion-code-unthrottled", () => {
  const code = json({ type: "object", properties: { code: { type: "string" } } });
  it("links the code of an unthrottled coupon or voucher write", () => {
    const evidence = run("promotion-code-unthrottled", {
      "/cart/coupon": { post: { requestBody: code, responses: { ...ok(), "404": { description: "Unknown code" } } } },
      "/vouchers/redeem": { post: { requestBody: json({ type: "object", properties: { voucherCode: { type: "string" } } }), responses: ok() } },
    });
    expect(evidence.map((piece) => `${piece.operationKey} ${"name" in piece.target ? piece.target.name : ""}`)).toEqual(["POST /cart/coupon code", "POST /vouchers/redeem voucherCode"]);
    expect(evidence[0]?.reason).toMatch(/`POST \/cart\/coupon` takes body field `code`.*no 429/);
  });
  it("skips throttled ones, reads and codes outside promotions", () => {
    const evidence = run("promotion-code-unthrottled", {
      "/cart/coupon": { post: { requestBody: code, responses: { ...ok(), "429": { description: "Too many attempts" } } } },
      "/coupons": { get: { parameters: [query("code")], responses: ok() } },
      "/countries": { post: { requestBody: code, responses: ok() } },
    });
    expect(evidence).toEqual([]);
  });
});
