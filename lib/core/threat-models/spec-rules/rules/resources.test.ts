import { describe, expect, it } from "vitest";
import { bearer, evidenceOf, json, ok, spec } from "../test-support";
import { RESOURCE_RULES } from "./resources";

const run = (id: string, paths: Record<string, unknown>) => evidenceOf(RESOURCE_RULES, id, spec(paths, bearer));
const keys = (evidence: { operationKey: string | null }[]) => evidence.map((piece) => piece.operationKey);
const list = { type: "array", items: { type: "object", properties: { id: { type: "string" } } } };

describe("unbounded-collection-response", () => {
  it("links collections without a limit, or whose limit has no maximum, at low-to-medium impact", () => {
    const evidence = run("unbounded-collection-response", {
      "/customers": { get: { responses: ok(list) } },
      "/fleets/{id}/devices": { get: { responses: ok({ type: "object", properties: { devices: list } }) } },
      "/orders": { get: { parameters: [{ name: "limit", in: "query", schema: { type: "integer" } }], responses: ok({ type: "object", properties: { data: list } }) } },
    });
    expect(keys(evidence)).toEqual(["GET /customers", "GET /fleets/{id}/devices", "GET /orders"]);
    expect(evidence[2]?.reason).toContain("`limit` has no maximum");
    expect(Math.max(...evidence.map((piece) => piece.impact))).toBeLessThanOrEqual(3);
  });
  it("skips bounded lists, paged lists, single objects and writes", () => {
    const evidence = run("unbounded-collection-response", {
      "/cards": { get: { responses: ok({ type: "array", maxItems: 10, items: { type: "string" } }) } },
      "/feed": { get: { parameters: [{ name: "limit", in: "query", schema: { type: "integer", maximum: 100 } }], responses: ok(list) } },
      "/audit": { get: { parameters: [{ name: "cursor", in: "query", schema: { type: "string" } }], responses: ok(list) } },
      "/users/{id}": { get: { responses: ok({ type: "object", properties: { roles: list } }) } },
      "/bulk": { post: { responses: ok(list) } },
    });
    expect(evidence).toEqual([]);
  });
});

describe("request-array-without-max-items", () => {
  it("links body arrays without maxItems", () => {
    const evidence = run("request-array-without-max-items", { "/readings": { post: { requestBody: json({ type: "object", properties: { readings: list } }), responses: ok() } } });
    expect(evidence[0]?.target).toMatchObject({ kind: "request-field", path: "$.readings" });
  });
  it("skips bounded arrays and reads", () => {
    expect(run("request-array-without-max-items", { "/tags": { post: { requestBody: json({ type: "object", properties: { tags: { type: "array", maxItems: 20, items: { type: "string" } } } }), responses: ok() } } })).toEqual([]);
  });
});

describe("work-multiplier-without-maximum", () => {
  it("links repeat and retry counts without a maximum", () => {
    const evidence = run("work-multiplier-without-maximum", { "/commands": { post: { requestBody: json({ type: "object", properties: { repeat: { type: "integer" }, retryCount: { type: "integer" } } }), responses: ok() } } });
    expect(evidence.map((piece) => piece.target.kind === "request-field" && piece.target.name)).toEqual(["repeat", "retryCount"]);
  });
  it("skips bounded counts and quantities", () => {
    expect(run("work-multiplier-without-maximum", { "/commands": { post: { requestBody: json({ type: "object", properties: { repeat: { type: "integer", maximum: 5 }, quantity: { type: "integer" } } }), responses: ok() } } })).toEqual([]);
  });
});

describe("file-upload-without-limits", () => {
  const multipart = (properties: Record<string, unknown>, description?: string) => ({ ...(description ? { description } : {}), content: { "multipart/form-data": { schema: { type: "object", properties } } } });
  it("links uploads by binary format, a file-named multipart field or a binary body", () => {
    const evidence = run("file-upload-without-limits", {
      "/a": { post: { requestBody: multipart({ upload: { type: "string", format: "binary" } }), responses: ok() } },
      "/b": { post: { requestBody: multipart({ file: { type: "string" } }), responses: ok() } },
      "/c": { put: { requestBody: { content: { "application/octet-stream": { schema: { type: "string" } } } }, responses: ok() } },
    });
    expect(keys(evidence)).toEqual(["POST /a", "POST /b", "PUT /c"]);
  });
  it("skips uploads with a documented size limit", () => {
    expect(run("file-upload-without-limits", { "/a": { post: { requestBody: multipart({ file: { type: "string", format: "binary" } }, "At most 10 MB."), responses: ok() } } })).toEqual([]);
  });
});
