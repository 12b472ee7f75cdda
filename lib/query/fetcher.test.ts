import { afterEach, describe, expect, it, vi } from "vitest";
import { ApiError, apiDownload, apiFetch, apiUpload, cursorPages, fileNameFromDisposition, readStreamLines } from "./fetcher";

// Every request of the browser goes through this module, so what a person sees when something
// fails (the server's message, or one sentence about the connection) is decided here once.

const NETWORK = "Bulwark could not be reached. Check your connection and try again.";

function answer(status: number, body: string, headers: Record<string, string> = {}) {
  return vi.fn(async () => new Response(status === 204 ? null : body, { status, headers }));
}

async function caught(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

afterEach(() => vi.unstubAllGlobals());

describe("apiFetch", () => {
  it("sends JSON with the organisation header and answers the parsed body", async () => {
    const fetch = answer(200, JSON.stringify({ data: { id: "a1" } }));
    vi.stubGlobal("fetch", fetch);
    await expect(apiFetch("/api/v1/apis", { method: "POST", body: { name: "Payments" }, org: "acme" })).resolves.toEqual({ data: { id: "a1" } });
    const [path, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(path).toBe("/api/v1/apis");
    expect(init.method).toBe("POST");
    expect(init.body).toBe('{"name":"Payments"}');
    expect(init.headers).toEqual({ accept: "application/json", "x-bulwark-org": "acme", "content-type": "application/json" });
  });

  it("answers undefined for 204 No Content", async () => {
    vi.stubGlobal("fetch", answer(204, ""));
    await expect(apiFetch("/api/v1/apis/a1", { method: "DELETE" })).resolves.toBeUndefined();
  });

  it("posts a form form-encoded, as next-auth's endpoints want", async () => {
    const fetch = answer(200, JSON.stringify({ url: "/" }));
    vi.stubGlobal("fetch", fetch);
    const form = new URLSearchParams({ csrfToken: "t", json: "true" });
    await apiFetch("/api/auth/signout", { method: "POST", form });
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(init.body).toBe(form);
    expect(init.headers).toMatchObject({ "content-type": "application/x-www-form-urlencoded" });
  });

  it("throws the server's problem as an ApiError with its message and field errors", async () => {
    const problem = { title: "Unprocessable", status: 422, detail: "Some fields need attention.", errors: [{ field: "name", pointer: "/name", detail: "Give it a name." }, { field: "name", pointer: "/name", detail: "Second." }] };
    vi.stubGlobal("fetch", answer(422, JSON.stringify(problem), { "content-type": "application/problem+json" }));
    const error = await caught(apiFetch("/api/v1/apis", { method: "POST", body: {} }));
    expect(error.status).toBe(422);
    expect(error.message).toBe("Some fields need attention.");
    expect(error.fieldErrors()).toEqual({ name: "Give it a name." });
  });

  it("keeps Retry-After of a 429", async () => {
    vi.stubGlobal("fetch", answer(429, JSON.stringify({ detail: "Too many attempts." }), { "retry-after": "900" }));
    const error = await caught(apiFetch("/api/v1/signup", { method: "POST", body: {} }));
    expect(error.retryAfterSeconds).toBe(900);
  });

  it("says what the status was when the error body is not JSON", async () => {
    vi.stubGlobal("fetch", answer(502, "<html>Bad gateway</html>"));
    expect((await caught(apiFetch("/api/v1/apis"))).message).toBe("The server answered 502.");
  });

  it("turns a network failure into one sentence, with status 0", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("Failed to fetch"))));
    const error = await caught(apiFetch("/api/v1/apis"));
    expect(error.status).toBe(0);
    expect(error.message).toBe(NETWORK);
  });

  it("lets an abort through as it is, so TanStack Query can tell a cancelled request", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new DOMException("aborted", "AbortError"))));
    await expect(apiFetch("/api/v1/apis")).rejects.toMatchObject({ name: "AbortError" });
  });
});

describe("fileNameFromDisposition", () => {
  it("prefers the UTF-8 name, so letters such as ü survive", () => {
    expect(fileNameFromDisposition(`attachment; filename="acme_m-nchen.pdf"; filename*=UTF-8''acme_m%C3%BCnchen.pdf`, "download")).toBe("acme_münchen.pdf");
  });

  it("takes the plain name when there is no UTF-8 one", () => {
    expect(fileNameFromDisposition('attachment; filename="bulwark-audit-acme-2026-12-03.csv"', "bulwark-audit.csv")).toBe("bulwark-audit-acme-2026-12-03.csv");
  });

  it("falls back to the plain name on a malformed escape, and to the fallback without any name", () => {
    expect(fileNameFromDisposition(`attachment; filename="a.csv"; filename*=UTF-8''%E0%A4%A`, "x")).toBe("a.csv");
    expect(fileNameFromDisposition("attachment", "download")).toBe("download");
    expect(fileNameFromDisposition(null, "download")).toBe("download");
  });
});

describe("apiDownload", () => {
  it("answers the file and the name the server gave it", async () => {
    const fetch = answer(200, "a,b\n1,2\n", { "content-disposition": 'attachment; filename="audit.csv"' });
    vi.stubGlobal("fetch", fetch);
    const file = await apiDownload("/api/v1/audit-events/export", { org: "acme", fallbackName: "bulwark-audit.csv" });
    expect(file.fileName).toBe("audit.csv");
    expect(await file.blob.text()).toBe("a,b\n1,2\n");
    expect((fetch.mock.calls[0] as unknown as [string, RequestInit])[1].headers).toMatchObject({ "x-bulwark-org": "acme" });
  });

  it("fails like apiFetch", async () => {
    vi.stubGlobal("fetch", answer(404, JSON.stringify({ detail: "No such threat model." })));
    const error = await caught(apiDownload("/api/v1/threat-models/x/otm", { org: "acme", fallbackName: "download" }));
    expect([error.status, error.message]).toEqual([404, "No such threat model."]);
  });
});

describe("readStreamLines", () => {
  it("reads complete lines only and says where the unread rest starts", () => {
    const events: unknown[] = [];
    const text = '{"type":"stage","stage":"parsing"}\n\n{"type":"stage","stage":"lin';
    const consumed = readStreamLines(text, 0, (event) => events.push(event));
    expect(events).toEqual([{ type: "stage", stage: "parsing" }]);
    expect(text.slice(consumed)).toBe('{"type":"stage","stage":"lin');
  });
});

describe("cursorPages", () => {
  it("asks for each page after the previous cursor, with the filters and the limit", async () => {
    const fetch = answer(200, JSON.stringify({ data: [], nextCursor: "c2" }));
    vi.stubGlobal("fetch", fetch);
    const pages = cursorPages<{ nextCursor: string | null }>("/api/v1/mitigations", { status: "PLANNED", q: undefined }, { org: "acme", limit: 50 });
    expect(pages.initialPageParam).toBeUndefined();
    expect(pages.getNextPageParam({ nextCursor: "c2" })).toBe("c2");
    expect(pages.getNextPageParam({ nextCursor: null })).toBeUndefined();
    await pages.queryFn({ pageParam: "c1", signal: new AbortController().signal, queryKey: ["k"], meta: undefined, direction: "forward", client: undefined as never });
    expect((fetch.mock.calls[0] as unknown as [string])[0]).toBe("/api/v1/mitigations?status=PLANNED&cursor=c1&limit=50");
  });
});

/** Just enough of XMLHttpRequest to play a server's answer: upload progress, streamed text, the end. */
class FakeXhr {
  static last: FakeXhr;
  headers: Record<string, string> = {};
  responseHeaders: Record<string, string> = {};
  status = 0;
  responseText = "";
  sent: unknown;
  upload: { onprogress?: (event: { lengthComputable: boolean; loaded: number; total: number }) => void; onload?: () => void } = {};
  onprogress?: () => void;
  onload?: () => void;
  onerror?: () => void;
  aborted = false;
  constructor() {
    FakeXhr.last = this;
  }
  open() {}
  setRequestHeader(name: string, value: string) {
    this.headers[name] = value;
  }
  getResponseHeader(name: string) {
    return this.responseHeaders[name] ?? null;
  }
  send(body: unknown) {
    this.sent = body;
  }
  abort() {
    this.aborted = true;
  }
  respond(status: number, contentType: string) {
    this.status = status;
    this.responseHeaders["content-type"] = contentType;
  }
  stream(text: string) {
    this.responseText += text;
    this.onprogress?.();
  }
}

describe("apiUpload", () => {
  const ndjson = "application/x-ndjson; charset=utf-8";

  it("reports the upload, the server's stages, then answers the result", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const progress: number[] = [];
    const stages: string[] = [];
    let uploaded = false;
    const result = apiUpload<{ operationCount: number }>("/api/v1/spec-preview", { org: "acme", body: "openapi: 3.1.0", contentType: "application/yaml", onProgress: (fraction) => progress.push(fraction), onUploaded: () => (uploaded = true), onStage: (stage) => stages.push(stage) });
    const xhr = FakeXhr.last;
    expect(xhr.headers).toMatchObject({ "x-bulwark-org": "acme", "content-type": "application/yaml" });
    expect(xhr.headers.accept).toContain("application/x-ndjson");
    expect(xhr.sent).toBe("openapi: 3.1.0");
    xhr.upload.onprogress?.({ lengthComputable: true, loaded: 50, total: 200 });
    xhr.upload.onprogress?.({ lengthComputable: false, loaded: 0, total: 0 });
    xhr.upload.onload?.();
    xhr.respond(200, ndjson);
    xhr.stream('{"type":"stage","stage":"validating"}\n{"type":"stage","stage":"lint');
    xhr.stream('ing"}\n{"type":"result","status":200,"data":{"operationCount":12}}\n');
    xhr.onload?.();
    await expect(result).resolves.toEqual({ operationCount: 12 });
    expect(progress).toEqual([0.25]);
    expect(uploaded).toBe(true);
    expect(stages).toEqual(["validating", "linting"]);
  });

  it("rejects with the problem of a streamed error", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const result = apiUpload("/api/v1/apis/a1/spec", { org: "acme", body: "{}", contentType: "application/json" });
    FakeXhr.last.respond(200, ndjson);
    FakeXhr.last.stream('{"type":"error","status":422,"problem":{"detail":"Not an OpenAPI document."}}\n');
    const error = await caught(result);
    expect([error.status, error.message]).toEqual([422, "Not an OpenAPI document."]);
  });

  it("rejects a stream that ends without a result", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const result = apiUpload("/api/v1/apis/a1/spec", { org: "acme", body: "{}", contentType: "application/json" });
    FakeXhr.last.respond(200, ndjson);
    FakeXhr.last.stream('{"type":"stage","stage":"parsing"}\n');
    FakeXhr.last.onload?.();
    expect((await caught(result)).status).toBe(500);
  });

  it("maps a refused request and a plain JSON answer as apiFetch does", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const refused = apiUpload("/api/v1/apis/a1/spec", { org: "acme", body: "{}", contentType: "application/json" });
    FakeXhr.last.respond(413, "application/problem+json");
    FakeXhr.last.responseText = JSON.stringify({ detail: "The spec is larger than 5 MB." });
    FakeXhr.last.onload?.();
    expect((await caught(refused)).message).toBe("The spec is larger than 5 MB.");

    const plain = apiUpload<{ ok: boolean }>("/api/v1/imports/x", { body: "{}", contentType: "application/json" });
    FakeXhr.last.respond(201, "application/json");
    FakeXhr.last.responseText = '{"ok":true}';
    FakeXhr.last.onload?.();
    await expect(plain).resolves.toEqual({ ok: true });
  });

  it("turns a network failure into the same sentence as apiFetch, and aborts on the signal", async () => {
    vi.stubGlobal("XMLHttpRequest", FakeXhr);
    const abort = new AbortController();
    const result = apiUpload("/api/v1/apis/a1/spec", { org: "acme", body: "{}", contentType: "application/json", signal: abort.signal });
    const xhr = FakeXhr.last;
    abort.abort();
    expect(xhr.aborted).toBe(true);
    xhr.onerror?.();
    const error = await caught(result);
    expect([error.status, error.message]).toEqual([0, NETWORK]);
  });
});
