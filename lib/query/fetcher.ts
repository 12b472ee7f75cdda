// The browser's side of the REST API, and the only module that makes requests: JSON calls, file
// downloads and uploads with progress all name the organisation the page belongs to, and every
// failure becomes an ApiError carrying the problem+json the server sent.

import type { QueryFunctionContext, QueryKey } from "@tanstack/react-query";

export type TProblemBody = {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  errors?: { field: string; pointer: string; detail: string }[];
};

export class ApiError extends Error {
  readonly status: number;
  readonly problem: TProblemBody;
  /** From Retry-After, on a 429. */
  readonly retryAfterSeconds?: number;

  constructor(status: number, problem: TProblemBody, retryAfterSeconds?: number) {
    super(problem.detail ?? problem.title ?? `Request failed with status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Field errors as { field: message }, the first message per field. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) out[error.field] ??= error.detail;
    return out;
  }
}

const NETWORK_PROBLEM: TProblemBody = { title: "Network error", detail: "Bulwark could not be reached. Check your connection and try again." };

function parseJson(text: string): unknown {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

/** The ApiError for a failed answer: its problem+json, or a plain sentence when the body is not JSON. */
export function problemError(status: number, text: string, retryAfter?: string | null): ApiError {
  const parsed = parseJson(text);
  return new ApiError(status, (parsed && typeof parsed === "object" ? parsed : { detail: `The server answered ${status}.` }) as TProblemBody, Number(retryAfter) || undefined);
}

type RequestOptions = { org?: string; signal?: AbortSignal };
type FetchOptions = RequestOptions & {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  /** Sent form-encoded instead of JSON: next-auth's own endpoints take nothing else. */
  form?: URLSearchParams;
};

async function send(path: string, options: FetchOptions & { accept: string }): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept };
  if (options.org) headers["x-bulwark-org"] = options.org;
  if (options.form) headers["content-type"] = "application/x-www-form-urlencoded";
  else if (options.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      body: options.form ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, NETWORK_PROBLEM);
  }
  if (!response.ok) throw problemError(response.status, await response.text(), response.headers.get("retry-after"));
  return response;
}

export async function apiFetch<T>(path: string, options: FetchOptions = {}): Promise<T> {
  const response = await send(path, { ...options, accept: "application/json" });
  if (response.status === 204) return undefined as T;
  return parseJson(await response.text()) as T;
}

/** The name a download should get: RFC 8187 `filename*` first (it keeps non-ASCII letters), then `filename`. */
export function fileNameFromDisposition(disposition: string | null, fallback: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "")?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed escape: the plain form below still names the file.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? "")?.[1] ?? fallback;
}

/** A file from a route that needs the organisation header, so a plain link cannot fetch it. */
export async function apiDownload(path: string, options: RequestOptions & { fallbackName: string }): Promise<{ blob: Blob; fileName: string }> {
  const response = await send(path, { ...options, accept: "*/*" });
  return { blob: await response.blob(), fileName: fileNameFromDisposition(response.headers.get("content-disposition"), options.fallbackName) };
}

export type TUploadOptions = RequestOptions & {
  body: Blob | string;
  contentType: string;
  /** 0–1 while the body goes up (browsers' fetch cannot report this, hence XMLHttpRequest). */
  onProgress?: (uploadedFraction: number) => void;
  /** Once the whole body is sent and the server is working on it. */
  onUploaded?: () => void;
  /** The stages a long request streams before its result (lib/api/progress-stream.ts). */
  onStage?: (stage: string) => void;
};

type TStreamEvent = { type: string; stage?: string; status?: number; data?: unknown; problem?: TProblemBody };

/**
 * Reads the complete lines of a progress stream that arrived since `consumed`: one JSON object
 * per line; returns where the next unread line starts.
 */
export function readStreamLines(text: string, consumed: number, onEvent: (event: TStreamEvent) => void): number {
  let start = consumed;
  let newline = text.indexOf("\n", start);
  while (newline !== -1) {
    const line = text.slice(start, newline).trim();
    start = newline + 1;
    newline = text.indexOf("\n", start);
    if (line) onEvent(JSON.parse(line) as TStreamEvent);
  }
  return start;
}

/** POSTs a file or text with upload progress; a route that streams its stages reports those too. */
export function apiUpload<T>(path: string, options: TUploadOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let consumed = 0;
    let settled = false;
    const finish = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };
    const streaming = () => (xhr.getResponseHeader("content-type") ?? "").includes("application/x-ndjson");
    const readLines = () => {
      consumed = readStreamLines(xhr.responseText, consumed, (event) => {
        if (event.type === "stage" && event.stage) options.onStage?.(event.stage);
        else if (event.type === "result") finish(() => resolve(event.data as T));
        else if (event.type === "error") finish(() => reject(new ApiError(event.status ?? 500, event.problem ?? {})));
      });
    };

    xhr.open("POST", path);
    xhr.setRequestHeader("accept", "application/x-ndjson, application/json");
    if (options.org) xhr.setRequestHeader("x-bulwark-org", options.org);
    xhr.setRequestHeader("content-type", options.contentType);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) options.onProgress?.(event.loaded / Math.max(1, event.total));
    };
    xhr.upload.onload = () => options.onUploaded?.();
    xhr.onprogress = () => {
      if (xhr.status >= 200 && xhr.status < 300 && streaming()) readLines();
    };
    xhr.onload = () => {
      if (xhr.status < 200 || xhr.status >= 300) {
        finish(() => reject(problemError(xhr.status, xhr.responseText)));
        return;
      }
      if (!streaming()) {
        finish(() => resolve(parseJson(xhr.responseText) as T));
        return;
      }
      readLines();
      finish(() => reject(new ApiError(500, { detail: "The import ended without a result. Try again." })));
    };
    xhr.onerror = () => finish(() => reject(new ApiError(0, NETWORK_PROBLEM)));
    options.signal?.addEventListener("abort", () => xhr.abort());
    xhr.send(options.body);
  });
}

/**
 * The fetch side of a list the server pages by cursor, for useInfiniteQuery: every page asks for
 * `limit` rows after the previous page's `nextCursor`, with the same filters.
 */
export function cursorPages<TPage extends { nextCursor: string | null }>(path: string, filters: Record<string, string | undefined>, options: { org: string; limit: number }) {
  return {
    queryFn: ({ pageParam, signal }: QueryFunctionContext<QueryKey, string | undefined>) =>
      apiFetch<TPage>(`${path}?${queryString({ ...filters, cursor: pageParam, limit: String(options.limit) })}`, { org: options.org, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: TPage) => last.nextCursor ?? undefined,
  };
}

/** `a=1&b=2` from filters, leaving out empty ones. */
export function queryString(filters: Record<string, string | number | undefined>): string {
  return new URLSearchParams(Object.entries(filters).flatMap(([key, value]) => (value === undefined || value === "" ? [] : [[key, String(value)]]))).toString();
}
