import { describe, expect, it } from "vitest";
import { extractOperations } from "../extract-operations";
import type { TSpecFormat } from "../spec-format";
import { buildOperationModel, compareStatus } from "./build-operation-model";
import { DEFAULT_OPERATION_MODEL_LIMITS } from "./limits";
import { classifyMediaType } from "./media-kind";
import { isRateLimitHeader } from "./rate-limit-headers";
import type { TMediaContent, TOperationModel } from "./types";

// The operation model of small inline documents, one part at a time.

type Obj = Record<string, unknown>;
const info = { title: "t", version: "1" };
const ok = { "200": { description: "ok" } };
const op = (model: TOperationModel, key: string) => {
  const found = model.operations.find((operation) => operation.key === key);
  if (!found) throw new Error(`${key} not among ${model.operations.map((operation) => operation.key).join(", ")}`);
  return found;
};
const fieldPaths = (content: TMediaContent | undefined) => content?.fields.map((field) => field.path);
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const build = (document: Obj, format: TSpecFormat = "openapi-3.0") => buildOperationModel(document, format);

describe("parameters", () => {
  const model = build({
    openapi: "3.0.3",
    info,
    paths: {
      "/users/{username}": {
        parameters: [
          { name: "username", in: "path", schema: { type: "string", pattern: "^[a-z]+$", maxLength: 32 } },
          { name: "verbose", in: "query", schema: { type: "boolean" } },
        ],
        get: {
          parameters: [
            { name: "verbose", in: "query", description: "More detail", schema: { type: "integer", minimum: 0, maximum: 3 } },
            { name: "X-Request-Id", in: "header", required: true, schema: { type: "string", format: "uuid" } },
            { name: "session", in: "cookie", schema: { type: "string" }, example: "abc" },
            { name: "sort", in: "query", deprecated: true, schema: { type: "string", enum: ["name", "-name"], default: "name" }, examples: { byName: { value: "name" }, shared: { $ref: "#/components/examples/Desc" } } },
            { name: "filter", in: "query", content: { "application/json": { schema: { type: "object", properties: { q: { type: "string" } } } } } },
            { name: "ids", in: "query", schema: { type: "array", items: { type: "integer" } } },
            { name: "next", in: "query", schema: ref("Url") },
          ],
          responses: ok,
        },
      },
    },
    components: { schemas: { Url: { type: "string", format: "uri", example: "https://example.com/next" } }, examples: { Desc: { value: "-name" } } },
  });
  const { parameters } = op(model, "GET /users/{username}");

  it("lists path-item and operation parameters; the operation's replaces the path item's of the same name", () => {
    expect(parameters.map((parameter) => `${parameter.location}:${parameter.name}`)).toEqual([
      "path:username",
      "query:verbose",
      "header:X-Request-Id",
      "cookie:session",
      "query:sort",
      "query:filter",
      "query:ids",
      "query:next",
    ]);
    expect(parameters[1]).toEqual({ name: "verbose", location: "query", required: false, type: "integer", nullable: false, minimum: 0, maximum: 3, description: "More detail" });
  });

  it("reads the schema's constraints, the parameter's own examples and description", () => {
    // A path parameter is required whether the spec says so or not.
    expect(parameters[0]).toEqual({ name: "username", location: "path", required: true, type: "string", nullable: false, pattern: "^[a-z]+$", maxLength: 32 });
    expect(parameters[2]).toMatchObject({ required: true, type: "string", format: "uuid" });
    expect(parameters[3]).toMatchObject({ location: "cookie", example: "abc" });
    expect(parameters[4]).toMatchObject({ enum: ["name", "-name"], default: "name", deprecated: true, examples: ["name", "-name"] });
    expect(parameters[5]).toMatchObject({ name: "filter", type: "object" });
    expect(parameters[6]).toMatchObject({ type: "array", itemsType: "integer" });
    expect(parameters[7]).toMatchObject({ format: "uri", example: "https://example.com/next", ref: "#/components/schemas/Url" });
  });
});

describe("request bodies", () => {
  const userSchema = { type: "object", required: ["name"], properties: { name: { type: "string" }, isAdmin: { type: "boolean" }, id: { type: "string", readOnly: true } } };
  const model = build({
    openapi: "3.0.3",
    info,
    paths: {
      "/users": {
        post: {
          requestBody: {
            required: true,
            description: "The new user",
            content: {
              "application/json": { schema: ref("User"), example: { name: "ada", isAdmin: false } },
              "application/xml": { schema: ref("User") },
              "application/x-www-form-urlencoded": { schema: { type: "object", properties: { name: { type: "string" } } } },
              "multipart/form-data": { schema: { type: "object", properties: { avatar: { type: "string", format: "binary" } } } },
              "application/octet-stream": {},
            },
          },
          responses: { "201": { description: "created", content: { "application/json": { schema: ref("User") } } } },
        },
      },
      "/users/{id}": { put: { requestBody: { $ref: "#/components/requestBodies/UserBody" }, responses: ok } },
    },
    components: { schemas: { User: userSchema }, requestBodies: { UserBody: { content: { "application/merge-patch+json": { schema: ref("User") } } } } },
  });

  it("lists every media type with its kind, fields and the model it uses", () => {
    const body = op(model, "POST /users").requestBody!;
    expect(body.required).toBe(true);
    expect(body.description).toBe("The new user");
    expect(body.content.map((content) => [content.mediaType, content.kind])).toEqual([
      ["application/json", "json"],
      ["application/xml", "xml"],
      ["application/x-www-form-urlencoded", "form"],
      ["multipart/form-data", "multipart"],
      ["application/octet-stream", "other"],
    ]);
    const [json, xml, form, multipart, binary] = body.content;
    expect(json!.schemaRef).toBe("#/components/schemas/User");
    expect(fieldPaths(json)).toEqual(["$", "$.name", "$.isAdmin", "$.id"]);
    expect(json!.fields[0]).toMatchObject({ required: true, type: "object" });
    expect(json!.examples).toEqual([{ name: "ada", isAdmin: false }]);
    expect(fieldPaths(xml)).toEqual(fieldPaths(json));
    expect(fieldPaths(form)).toEqual(["$", "$.name"]);
    expect(multipart!.fields[1]).toMatchObject({ path: "$.avatar", format: "binary" });
    expect(binary!.fields).toEqual([]);
  });

  it("resolves a request body given by $ref", () => {
    const [content] = op(model, "PUT /users/{id}").requestBody!.content;
    expect(content).toMatchObject({ mediaType: "application/merge-patch+json", kind: "json", schemaRef: "#/components/schemas/User" });
    // Optional body: the root field says so, although the cached flattening of User is shared.
    expect(content!.fields[0]!.required).toBe(false);
  });

  it("keeps one operation's media example off another operation that shares the model", () => {
    const shared = build({
      openapi: "3.0.3",
      info,
      paths: {
        "/a": { post: { requestBody: { content: { "application/json": { schema: ref("User"), example: { name: "from-a" } } } }, responses: ok } },
        "/b": { post: { requestBody: { content: { "application/json": { schema: ref("User") } } }, responses: ok } },
      },
      components: { schemas: { User: userSchema } },
    });
    const nameOf = (key: string) => op(shared, key).requestBody!.content[0]!.fields.find((field) => field.path === "$.name");
    expect(nameOf("POST /a")!.example).toBe("from-a");
    expect(nameOf("POST /b")!.example).toBeUndefined();
  });

  it("shows that a write body reuses the read model", () => {
    const operation = op(model, "POST /users");
    expect(operation.responses[0]!.content[0]!.schemaRef).toBe(operation.requestBody!.content[0]!.schemaRef);
  });

  it("has no body when the operation takes none", () => {
    const bare = build({ openapi: "3.0.3", info, paths: { "/a": { get: { responses: ok } } } });
    expect(op(bare, "GET /a").requestBody).toBeNull();
  });
});

describe("responses", () => {
  const model = build({
    openapi: "3.0.3",
    info,
    paths: {
      "/login": {
        post: {
          responses: {
            default: { description: "error", content: { "application/problem+json": { schema: { type: "object", properties: { detail: { type: "string" } } } } } },
            "429": { description: "slow down", headers: { "Retry-After": { schema: { type: "integer" } } } },
            "200": {
              description: "signed in",
              headers: {
                "X-RateLimit-Remaining": { $ref: "#/components/headers/Remaining" },
                "Set-Cookie": { description: "The session", schema: { type: "string" }, example: "sid=abc; HttpOnly" },
              },
              content: { "application/json": { schema: { type: "object", properties: { access_token: { type: "string" }, expires_in: { type: "integer" } } }, examples: { sample: { value: { access_token: "eyJ…" } } } } },
            },
            "4XX": { description: "client error" },
            "302": { description: "redirect", headers: { Location: { required: true, schema: { type: "string", format: "uri" } } } },
          },
        },
      },
      "/reset": { post: { responses: { "204": { description: "sent", headers: { "RateLimit-Policy": { schema: { type: "string" } }, "ratelimit-limit": { schema: { type: "integer" } } } } } } },
      "/quiet": { get: { responses: ok } },
    },
    components: { headers: { Remaining: { description: "Calls left", schema: { type: "integer", minimum: 0 } } } },
  });

  it("lists responses in status order, `default` last, with fields, media types and headers", () => {
    const login = op(model, "POST /login");
    expect(login.statusCodes).toEqual(["200", "302", "429", "4XX", "default"]);
    expect(login.responses.map((response) => response.status)).toEqual(login.statusCodes);
    const [signedIn, redirect] = login.responses;
    expect(signedIn!.description).toBe("signed in");
    expect(fieldPaths(signedIn!.content[0])).toEqual(["$", "$.access_token", "$.expires_in"]);
    expect(signedIn!.content[0]!.examples).toEqual([{ access_token: "eyJ…" }]);
    expect(signedIn!.headers).toEqual([
      { name: "X-RateLimit-Remaining", required: false, type: "integer", nullable: false, minimum: 0, description: "Calls left" },
      { name: "Set-Cookie", required: false, type: "string", nullable: false, description: "The session" },
    ]);
    expect(redirect!.headers[0]).toMatchObject({ name: "Location", required: true, format: "uri" });
    expect(login.responses.at(-1)!.content[0]).toMatchObject({ mediaType: "application/problem+json", kind: "json" });
  });

  it("copies values of a media-level example onto the fields that have no example of their own", () => {
    const projected = build({
      openapi: "3.0.3",
      info,
      paths: {
        "/token": {
          post: {
            responses: {
              "200": {
                description: "issued",
                content: {
                  "application/json": {
                    schema: {
                      type: "object",
                      properties: {
                        token: { type: "string" },
                        kind: { type: "string", example: "bearer" },
                        links: { type: "array", items: { type: "object", properties: { href: { type: "string" } } } },
                        profile: { type: "object", properties: { avatar: { type: "string" } } },
                      },
                    },
                    example: { token: "eyJhbGciOiJub25lIn0.eyJleHAiOjF9.", kind: "mac", links: [{ href: "http://169.254.169.254/latest" }], profile: { avatar: "https://cdn.example.com/a.png" } },
                  },
                },
              },
            },
          },
        },
      },
    });
    const fields = op(projected, "POST /token").responses[0]!.content[0]!.fields;
    const example = (path: string) => fields.find((field) => field.path === path)?.example;
    expect(example("$.token")).toBe("eyJhbGciOiJub25lIn0.eyJleHAiOjF9.");
    expect(example("$.kind")).toBe("bearer");
    expect(example("$.links[].href")).toBe("http://169.254.169.254/latest");
    expect(example("$.profile.avatar")).toBe("https://cdn.example.com/a.png");
    expect(example("$")).toBeUndefined();
  });

  it("says whether 429 is documented and which rate-limit headers are", () => {
    expect(op(model, "POST /login")).toMatchObject({ documents429: true, rateLimitHeaders: ["Retry-After", "X-RateLimit-Remaining"] });
    expect(op(model, "POST /reset")).toMatchObject({ documents429: false, rateLimitHeaders: ["RateLimit-Policy", "ratelimit-limit"] });
    expect(op(model, "GET /quiet")).toMatchObject({ documents429: false, rateLimitHeaders: [] });
  });

  it("recognises rate-limit header names and orders status codes", () => {
    for (const name of ["X-RateLimit-Limit", "x-ratelimit-reset", "X-Rate-Limit-Remaining", "RateLimit", "RateLimit-Policy", "Retry-After"]) expect(isRateLimitHeader(name), name).toBe(true);
    for (const name of ["X-Request-Id", "Location", "X-Limit", "Set-Cookie"]) expect(isRateLimitHeader(name), name).toBe(false);
    expect(["default", "500", "2XX", "201", "200", "4XX", "404"].sort(compareStatus)).toEqual(["200", "201", "2XX", "404", "4XX", "500", "default"]);
  });

  it("groups media types by how they are parsed", () => {
    expect(["application/json; charset=utf-8", "application/vnd.api+json", "text/json", "application/x-ndjson"].map(classifyMediaType)).toEqual(["json", "json", "json", "json"]);
    expect(["application/xml", "text/xml", "application/soap+xml", "application/atom+xml"].map(classifyMediaType)).toEqual(["xml", "xml", "xml", "xml"]);
    expect(["application/x-www-form-urlencoded", "multipart/form-data", "multipart/mixed", "text/plain", "image/png"].map(classifyMediaType)).toEqual(["form", "multipart", "multipart", "other", "other"]);
  });
});

describe("operation facts", () => {
  const model = build(
    {
      openapi: "3.1.0",
      info,
      servers: [{ url: "https://{region}.api.example.com/v1", description: "Production", variables: { region: { default: "eu" } } }],
      paths: {
        "/admin/reset": {
          "x-internal": true,
          servers: [{ url: "http://localhost:8080" }],
          post: {
            operationId: "resetDatabase",
            summary: "Reset the database",
            description: "Drops every table.\nAdmin only.",
            tags: ["admin", "admin", "maintenance"],
            deprecated: true,
            "x-rate-limit": { perMinute: 1 },
            "x-huge": "x".repeat(10_000),
            responses: ok,
          },
          get: { servers: [{ url: "https://admin.example.com" }], responses: ok },
        },
        "/plain": { get: { responses: ok } },
      },
    },
    "openapi-3.1",
  );

  it("keeps summary, description, operationId, tags (once each) and deprecated", () => {
    expect(op(model, "POST /admin/reset")).toMatchObject({
      kind: "operation",
      method: "POST",
      path: "/admin/reset",
      operationId: "resetDatabase",
      summary: "Reset the database",
      description: "Drops every table.\nAdmin only.",
      tags: ["admin", "maintenance"],
      deprecated: true,
    });
    expect(op(model, "GET /plain")).toMatchObject({ tags: [], deprecated: false });
    expect(op(model, "GET /plain").summary).toBeUndefined();
  });

  it("keeps x-* extensions of the operation and the path item; a huge one becomes a size marker", () => {
    const reset = op(model, "POST /admin/reset");
    expect(Object.keys(reset.extensions)).toEqual(["x-huge", "x-rate-limit"]);
    expect(reset.extensions["x-rate-limit"]).toEqual({ perMinute: 1 });
    expect(reset.extensions["x-huge"]).toMatchObject({ truncated: true, reason: "size" });
    expect(reset.pathExtensions).toEqual({ "x-internal": true });
  });

  it("gives the servers in effect: operation over path item over document, variables at their defaults", () => {
    expect(op(model, "GET /admin/reset").servers).toEqual([{ url: "https://admin.example.com", source: "operation" }]);
    expect(op(model, "POST /admin/reset").servers).toEqual([{ url: "http://localhost:8080", source: "path" }]);
    expect(op(model, "GET /plain").servers).toEqual([{ url: "https://eu.api.example.com/v1", template: "https://{region}.api.example.com/v1", description: "Production", source: "document" }]);
    const bare = build({ openapi: "3.0.3", info, paths: { "/a": { get: { responses: ok } } } });
    expect(op(bare, "GET /a").servers).toEqual([{ url: "/", source: "default" }]);
  });
});

describe("callbacks and webhooks", () => {
  const subscribe = {
    requestBody: { content: { "application/json": { schema: { type: "object", properties: { callbackUrl: { type: "string", format: "uri" } } } } } },
    callbacks: {
      onEvent: {
        "{$request.body#/callbackUrl}": {
          post: { requestBody: { content: { "application/json": { schema: { type: "object", properties: { event: { type: "string" } } } } } }, responses: ok },
        },
      },
      shared: { $ref: "#/components/callbacks/Shared" },
    },
    responses: { "201": { description: "subscribed" } },
  };
  const document = {
    openapi: "3.1.0",
    info,
    servers: [{ url: "https://api.example.com" }],
    security: [{ key: [] }],
    paths: { "/subscriptions": { post: subscribe }, "/other": { post: { callbacks: { shared: { $ref: "#/components/callbacks/Shared" } }, responses: ok } } },
    webhooks: { orderCreated: { post: { summary: "An order was created", requestBody: { content: { "application/json": { schema: { type: "object", properties: { orderId: { type: "string" } } } } } }, responses: ok } } },
    components: { securitySchemes: { key: { type: "apiKey", in: "header", name: "X-Key" } }, callbacks: { Shared: { "{$request.query.url}": { put: { responses: ok } } } } },
  };
  const model = build(document, "openapi-3.1");

  it("lists callbacks as operations after the one that registers them, keyed by it", () => {
    expect(model.operations.map((operation) => `${operation.kind} ${operation.key}`)).toEqual([
      "operation POST /subscriptions",
      "callback POST callback:POST /subscriptions:onEvent:{$request.body#/callbackUrl}",
      "callback PUT callback:POST /subscriptions:shared:{$request.query.url}",
      "operation POST /other",
      "callback PUT callback:POST /other:shared:{$request.query.url}",
      "webhook POST webhook:orderCreated",
    ]);
    const callback = op(model, "POST callback:POST /subscriptions:onEvent:{$request.body#/callbackUrl}");
    expect(callback.callback).toEqual({ parentKey: "POST /subscriptions", name: "onEvent", expression: "{$request.body#/callbackUrl}" });
    expect(fieldPaths(callback.requestBody!.content[0])).toEqual(["$", "$.event"]);
    // The subscriber serves callbacks, not the API's servers.
    expect(callback.servers).toEqual([]);
  });

  it("lists 3.1 webhooks with the same key as extractOperations, marked as webhooks", () => {
    const webhook = op(model, "POST webhook:orderCreated");
    expect(webhook).toMatchObject({ kind: "webhook", path: "webhook:orderCreated", summary: "An order was created", servers: [] });
    expect(fieldPaths(webhook.requestBody!.content[0])).toEqual(["$", "$.orderId"]);
    const ownKeys = model.operations.filter((operation) => operation.kind !== "callback").map((operation) => operation.key);
    expect(ownKeys).toEqual(extractOperations(document, "openapi-3.1").map((operation) => operation.key));
  });

  it("caps the callbacks of one operation", () => {
    const expressions = Object.fromEntries(Array.from({ length: 25 }, (_, index) => [`{$request.body#/url${index}}`, { post: { responses: ok } }]));
    const capped = build({ openapi: "3.0.3", info, paths: { "/hooks": { post: { callbacks: { many: expressions }, responses: ok } } } });
    expect(capped.operations.filter((operation) => operation.kind === "callback")).toHaveLength(20);
    expect(op(capped, "POST /hooks").truncations).toEqual([expect.objectContaining({ reason: "list-cap", detail: expect.stringContaining("25 callback operations; 20 are kept") })]);
  });

  it("ignores a webhooks section outside 3.1, as extractOperations does", () => {
    const older = build({ ...document, openapi: "3.0.3" });
    expect(older.operations.some((operation) => operation.kind === "webhook")).toBe(false);
  });
});

describe("Swagger 2.0", () => {
  const document = {
    swagger: "2.0",
    info,
    host: "shop.example.com",
    basePath: "/api",
    schemes: ["http", "https"],
    consumes: ["application/json", "application/xml"],
    produces: ["application/json"],
    paths: {
      "/orders": {
        post: {
          parameters: [
            { name: "order", in: "body", required: true, description: "The order", schema: { $ref: "#/definitions/Order" } },
            { name: "X-Trace", in: "header", type: "string", maxLength: 64, "x-example": "trace-1" },
          ],
          responses: {
            "201": {
              description: "created",
              schema: { $ref: "#/definitions/Order" },
              headers: { Location: { type: "string", format: "uri" }, "X-Rate-Limit-Limit": { type: "integer" } },
              examples: { "application/json": { id: 1, status: "new" } },
            },
          },
        },
      },
      "/avatar": {
        post: {
          schemes: ["https"],
          consumes: ["multipart/form-data"],
          parameters: [
            { name: "file", in: "formData", type: "file", required: true },
            { name: "caption", in: "formData", type: "string", maxLength: 200 },
            { name: "tags", in: "query", type: "array", items: { type: "string" }, collectionFormat: "csv" },
          ],
          responses: ok,
        },
      },
      "/login": { post: { parameters: [{ name: "user", in: "formData", type: "string" }, { name: "password", in: "formData", type: "string", format: "password" }], responses: ok } },
    },
    definitions: { Order: { type: "object", required: ["quantity"], properties: { id: { type: "integer", readOnly: true }, quantity: { type: "integer", minimum: 1 }, status: { type: "string", enum: ["new", "paid"] }, note: { type: "string", "x-nullable": true } } } },
  };
  const model = build(document, "swagger-2.0");

  it("maps the body parameter to a request body in every media type the operation consumes", () => {
    const orders = op(model, "POST /orders");
    expect(orders.parameters.map((parameter) => parameter.name)).toEqual(["X-Trace"]);
    expect(orders.parameters[0]).toMatchObject({ location: "header", type: "string", maxLength: 64, example: "trace-1" });
    expect(orders.requestBody!.required).toBe(true);
    expect(orders.requestBody!.description).toBe("The order");
    expect(orders.requestBody!.content.map((content) => content.kind)).toEqual(["json", "xml"]);
    expect(fieldPaths(orders.requestBody!.content[0])).toEqual(["$", "$.id", "$.quantity", "$.status", "$.note"]);
    expect(orders.requestBody!.content[0]!.fields[1]).toMatchObject({ readOnly: true, type: "integer" });
    expect(orders.requestBody!.content[0]!.fields[4]!.nullable).toBe(true);
  });

  it("maps formData parameters to the fields of a form or multipart body", () => {
    const avatar = op(model, "POST /avatar");
    expect(avatar.parameters.map((parameter) => `${parameter.location}:${parameter.name}:${parameter.itemsType}`)).toEqual(["query:tags:string"]);
    expect(avatar.requestBody!.content.map((content) => content.mediaType)).toEqual(["multipart/form-data"]);
    expect(avatar.requestBody!.content[0]!.fields).toEqual([
      { path: "$", name: "", required: true, readOnly: false, writeOnly: false, type: "object", nullable: false, additionalProperties: "open-by-default" },
      { path: "$.file", name: "file", required: true, readOnly: false, writeOnly: false, type: "file", nullable: false },
      { path: "$.caption", name: "caption", required: false, readOnly: false, writeOnly: false, type: "string", nullable: false, maxLength: 200 },
    ]);
    // A form without `consumes` for forms is urlencoded.
    const login = op(model, "POST /login");
    expect(login.requestBody!.content.map((content) => content.kind)).toEqual(["form"]);
    expect(login.requestBody!.content[0]!.fields[2]).toMatchObject({ path: "$.password", format: "password" });
  });

  it("reads responses with the produced media types, examples and headers", () => {
    const [created] = op(model, "POST /orders").responses;
    expect(created!.content.map((content) => content.mediaType)).toEqual(["application/json"]);
    expect(created!.content[0]!.examples).toEqual([{ id: 1, status: "new" }]);
    expect(created!.headers.map((header) => `${header.name}:${header.type}:${header.format ?? ""}`)).toEqual(["Location:string:uri", "X-Rate-Limit-Limit:integer:"]);
    expect(op(model, "POST /orders").rateLimitHeaders).toEqual(["X-Rate-Limit-Limit"]);
  });

  it("builds servers from host, basePath and schemes, the operation's schemes first", () => {
    expect(op(model, "POST /orders").servers).toEqual([
      { url: "http://shop.example.com/api", source: "document" },
      { url: "https://shop.example.com/api", source: "document" },
    ]);
    expect(op(model, "POST /avatar").servers).toEqual([{ url: "https://shop.example.com/api", source: "operation" }]);
  });

  it("has the same operation keys as extractOperations", () => {
    expect(model.operations.map((operation) => operation.key)).toEqual(extractOperations(document, "swagger-2.0").map((operation) => operation.key));
  });
});

describe("bounds and determinism", () => {
  const wide = (count: number) => ({ type: "object", properties: Object.fromEntries(Array.from({ length: count }, (_, index) => [`f${index}`, { type: "string" }])) });

  it("caps the fields of one operation across its bodies and responses, and says where", () => {
    const responses = Object.fromEntries(["200", "201", "400", "404", "409"].map((code) => [code, { description: code, content: { "application/json": { schema: wide(450) } } }]));
    const model = build({ openapi: "3.0.3", info, paths: { "/big": { post: { requestBody: { content: { "application/json": { schema: wide(450) } } }, responses } } } });
    const big = op(model, "POST /big");
    const counts = [big.requestBody!.content[0]!, ...big.responses.map((response) => response.content[0]!)].map((content) => content.fields.length);
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(DEFAULT_OPERATION_MODEL_LIMITS.maxFieldsPerOperation);
    expect(counts).toEqual([451, 451, 451, 451, 196, 0]);
    expect(big.responses[3]!.content[0]!.truncation).toMatchObject({ truncated: true, reason: "operation-field-cap" });
    expect(big.responses[4]!.content[0]!.truncation?.reason).toBe("operation-field-cap");
    expect(big.truncations.map((cut) => cut.reason)).toEqual(["operation-field-cap", "operation-field-cap"]);
    expect(big.truncations[0]!.detail).toContain("response 404 application/json");
  });

  it("caps the fields of the whole model, so thousands of operations sharing a wide model stay bounded", () => {
    const paths = Object.fromEntries(Array.from({ length: 5 }, (_, index) => [`/r${index}`, { post: { requestBody: { content: { "application/json": { schema: ref("Wide") } } }, responses: ok } }]));
    const limits = { ...DEFAULT_OPERATION_MODEL_LIMITS, maxFieldsPerModel: 250 };
    const model = buildOperationModel({ openapi: "3.0.3", info, paths, components: { schemas: { Wide: wide(99) } } }, "openapi-3.0", limits);
    const counts = model.operations.map((operation) => operation.requestBody!.content[0]!.fields.length);
    expect(counts).toEqual([100, 100, 50, 0, 0]);
    expect(model.operations[2]!.requestBody!.content[0]!.truncation).toMatchObject({ truncated: true, reason: "model-field-cap" });
    expect(model.operations[4]!.truncations.map((cut) => cut.reason)).toEqual(["model-field-cap"]);
  });

  it("caps long lists (here: parameters) with a marker on the operation", () => {
    const parameters = Array.from({ length: 150 }, (_, index) => ({ name: `p${index}`, in: "query", schema: { type: "string" } }));
    const many = op(build({ openapi: "3.0.3", info, paths: { "/many": { get: { parameters, responses: ok } } } }), "GET /many");
    expect(many.parameters).toHaveLength(DEFAULT_OPERATION_MODEL_LIMITS.maxListItems);
    expect(many.truncations).toEqual([{ truncated: true, reason: "list-cap", detail: "150 parameters; the first 100 are kept." }]);
  });

  it("records where a recursive schema was cut", () => {
    const model = build({ openapi: "3.0.3", info, paths: { "/tree": { get: { responses: { "200": { description: "ok", content: { "application/json": { schema: ref("Node") } } } } } } }, components: { schemas: { Node: { type: "object", properties: { children: { type: "array", items: ref("Node") } } } } } });
    const tree = op(model, "GET /tree");
    expect(fieldPaths(tree.responses[0]!.content[0])).toEqual(["$", "$.children", "$.children[]"]);
    expect(tree.truncations).toEqual([expect.objectContaining({ truncated: true, reason: "recursion", detail: expect.stringContaining("response 200 application/json: $.children[]") })]);
  });

  it("gives the same JSON for the same document, and survives a JSON round trip unchanged", () => {
    const document = {
      openapi: "3.0.3",
      info,
      paths: { "/a": { post: { requestBody: { content: { "application/json": { schema: { allOf: [ref("A")], properties: { extra: { type: "string", example: new Date("2026-01-01T00:00:00Z") } } } } } }, responses: ok } } },
      components: { schemas: { A: { type: "object", properties: { a: { type: "string" } } } } },
    };
    const first = build(document);
    expect(JSON.stringify(build(structuredClone(document)))).toBe(JSON.stringify(first));
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
    expect(op(first, "POST /a").requestBody!.content[0]!.fields.find((field) => field.path === "$.extra")!.example).toBe("2026-01-01T00:00:00.000Z");
  });

  it("keeps examples that YAML aliases made circular out of the model instead of throwing", () => {
    const circular: Obj = { name: "loop" };
    circular.self = circular;
    const model = build({ openapi: "3.0.3", info, paths: { "/a": { get: { "x-sample": circular, responses: ok } } } });
    expect(op(model, "GET /a").extensions["x-sample"]).toMatchObject({ truncated: true, reason: "size" });
  });
});
