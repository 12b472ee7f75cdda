import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { z } from "zod";
import { AppError, ERROR_STATUS, fieldError, notFound } from "@/lib/core/app-error";
import { problemType, toErrorResponse } from "@/lib/api/problem";

async function read(response: Response) {
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

describe("AppError", () => {
  it("takes its status from the code table", () => {
    expect(new AppError("NOT_FOUND", "x").status).toBe(404);
    expect(new AppError("CSRF_REJECTED", "x").status).toBe(403);
    expect(new AppError("RATE_LIMITED", "x").status).toBe(429);
    expect(new AppError("CONFLICT", "x").status).toBe(409);
  });

  it("notFound answers the same message whatever the id", () => {
    const error = notFound("API");
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toBe("No such API in this organisation.");
  });

  it("fieldError builds a JSON pointer from a dotted path", () => {
    expect(fieldError("environments.0.baseUrl", "Bad")).toEqual({
      field: "environments.0.baseUrl",
      pointer: "/environments/0/baseUrl",
      detail: "Bad",
    });
  });
});

describe("problemType", () => {
  it("turns the code into a kebab-case path", () => {
    expect(problemType("CSRF_REJECTED")).toBe("/problems/csrf-rejected");
    expect(problemType("SERVICE_UNAVAILABLE")).toBe("/problems/service-unavailable");
    expect(problemType("NOT_FOUND")).toBe("/problems/not-found");
  });
});

describe("toErrorResponse", () => {
  let consoleError: MockInstance<typeof console.error>;
  beforeEach(() => {
    consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterEach(() => {
    consoleError.mockRestore();
  });

  it("maps an AppError to its status as problem+json that is never cached", async () => {
    const { status, headers, body } = await read(toErrorResponse(new AppError("CONFLICT", "Someone else changed this API.")));
    expect(status).toBe(409);
    expect(headers.get("content-type")).toBe("application/problem+json");
    expect(headers.get("cache-control")).toBe("no-store");
    expect(headers.get("retry-after")).toBeNull();
    expect(body).toEqual({
      type: "/problems/conflict",
      title: "Conflict",
      status: 409,
      detail: "Someone else changed this API.",
      code: "CONFLICT",
    });
  });

  it("uses the status of every code in the table", async () => {
    for (const [code, expected] of Object.entries(ERROR_STATUS)) {
      const response = toErrorResponse(new AppError(code as keyof typeof ERROR_STATUS, "message"));
      expect(response.status, code).toBe(expected);
      expect(((await response.json()) as { status: number }).status, code).toBe(expected);
    }
  });

  it("includes field errors when the AppError has them", async () => {
    const errors = [fieldError("name", "Taken."), fieldError("environments.0.name", "Twice.")];
    const { status, body } = await read(toErrorResponse(new AppError("VALIDATION_FAILED", "Check the fields.", { fieldErrors: errors })));
    expect(status).toBe(422);
    expect(body.errors).toEqual(errors);
  });

  it("leaves out an empty errors list", async () => {
    const { body } = await read(toErrorResponse(new AppError("BAD_REQUEST", "Nope.", { fieldErrors: [] })));
    expect(body).not.toHaveProperty("errors");
  });

  it("sets Retry-After in whole seconds, rounded up, at least 1", async () => {
    const limited = (seconds: number) => toErrorResponse(new AppError("RATE_LIMITED", "Wait.", { retryAfterSeconds: seconds }));
    const response = limited(900);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("900");
    expect(limited(12.2).headers.get("retry-after")).toBe("13");
    expect(limited(0).headers.get("retry-after")).toBe("1");
  });

  it("maps a ZodError to 422 with one entry per issue, each with field and pointer", async () => {
    const schema = z.object({
      name: z.string().min(1, "Enter a name."),
      environments: z.array(z.object({ baseUrl: z.string().url("Bad URL.") })),
    });
    const parsed = schema.safeParse({ name: "", environments: [{ baseUrl: "ok?" }] });
    expect(parsed.success).toBe(false);
    const { status, headers, body } = await read(toErrorResponse(parsed.error));
    expect(status).toBe(422);
    expect(headers.get("content-type")).toBe("application/problem+json");
    expect(headers.get("cache-control")).toBe("no-store");
    expect(body.code).toBe("VALIDATION_FAILED");
    expect(body.type).toBe("/problems/validation-failed");
    expect(body.detail).toBe("2 fields failed validation.");
    expect(body.errors).toEqual([
      { field: "name", pointer: "/name", detail: "Enter a name." },
      { field: "environments.0.baseUrl", pointer: "/environments/0/baseUrl", detail: "Bad URL." },
    ]);
  });

  it("points at the whole document with the empty JSON pointer when the issue has no path", async () => {
    // RFC 6901: "" is the whole document; "/" would mean the member named "" at the top level.
    const parsed = z.object({ name: z.string() }).safeParse(["not", "an", "object"]);
    const { body } = await read(toErrorResponse(parsed.error));
    expect(body.errors).toEqual([{ field: "body", pointer: "", detail: expect.any(String) }]);
  });

  it('says "1 field" for a single issue', async () => {
    const parsed = z.object({ a: z.number() }).safeParse({ a: "x" });
    const { body } = await read(toErrorResponse(parsed.error));
    expect(body.detail).toBe("1 field failed validation.");
    expect(body.errors).toHaveLength(1);
  });

  it("answers an unknown error with a generic 500 that hides the message but carries a reference", async () => {
    const secret = "connection to 10.0.0.5 refused: password=hunter2";
    const response = toErrorResponse(new Error(secret), { method: "GET", path: "/api/v1/x" });
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(text).not.toContain("hunter2");
    expect(text).not.toContain("10.0.0.5");
    expect(text).not.toContain("password");
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body.code).toBe("INTERNAL");
    expect(body.type).toBe("/problems/internal");
    expect(body).not.toHaveProperty("stack");
    const reference = /Reference: ([0-9a-f-]{36})\./.exec(String(body.detail))?.[1];
    expect(reference).toBeDefined();
    // The same reference is in the server log, next to the real message, so support can find it.
    const logged = consoleError.mock.calls.map((call) => String(call[0])).join("\n");
    expect(logged).toContain(reference!);
    expect(logged).toContain("hunter2");
  });

  it("gives each unknown error its own reference", async () => {
    const a = (await toErrorResponse(new Error("a")).json()) as { detail: string };
    const b = (await toErrorResponse(new Error("b")).json()) as { detail: string };
    expect(a.detail).not.toBe(b.detail);
  });

  it("handles thrown non-Error values as a generic 500", async () => {
    const response = toErrorResponse("password=hunter2");
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain("hunter2");
  });
});
