// The browser's side of the REST API: every request names the organisation the page belongs to,
// and every failure becomes an ApiError carrying the problem+json the server sent.

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

  constructor(status: number, problem: TProblemBody) {
    super(problem.detail ?? problem.title ?? `Request failed with status ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
  }

  /** Field errors as { field: message }, the first message per field. */
  fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.problem.errors ?? []) out[error.field] ??= error.detail;
    return out;
  }
}

type FetchOptions = { method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE"; body?: unknown; org?: string; signal?: AbortSignal };

export async function apiFetch<T>(path: string, options: FetchOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.org) headers["x-bulwark-org"] = options.org;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, { title: "Network error", detail: "Bulwark could not be reached. Check your connection and try again." });
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const problem = (parsed && typeof parsed === "object" ? parsed : { detail: `The server answered ${response.status}.` }) as TProblemBody;
    throw new ApiError(response.status, problem);
  }
  return parsed as T;
}

/** `a=1&b=2` from filters, leaving out empty ones. */
export function queryString(filters: Record<string, string | number | undefined>): string {
  return new URLSearchParams(Object.entries(filters).flatMap(([key, value]) => (value === undefined || value === "" ? [] : [[key, String(value)]]))).toString();
}
