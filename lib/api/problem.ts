import { ZodError } from "zod";
import { AppError, ERROR_TITLE, type AppErrorCode, type TFieldError } from "@/lib/core/app-error";
import { logger } from "@/lib/logger";

export type TProblem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: AppErrorCode;
  errors?: TFieldError[];
};

export function problemType(code: AppErrorCode) {
  return `/problems/${code.toLowerCase().replaceAll("_", "-")}`;
}

export function zodFieldErrors(error: ZodError): TFieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join(".") || "body";
    // RFC 6901: "" is the whole document; "~" and "/" inside a key are escaped.
    const pointer = issue.path.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
    return { field, pointer, detail: issue.message };
  });
}

export function problemResponse(
  code: AppErrorCode,
  status: number,
  detail: string,
  extra: { errors?: TFieldError[]; retryAfterSeconds?: number } = {},
): Response {
  const body = problemBody({ code, status, detail, errors: extra.errors });
  const headers = new Headers({ "content-type": "application/problem+json", "cache-control": "no-store" });
  if (extra.retryAfterSeconds !== undefined) headers.set("retry-after", String(Math.max(1, Math.ceil(extra.retryAfterSeconds))));
  return new Response(JSON.stringify(body), { status, headers });
}

type TProblemParts = { code: AppErrorCode; status: number; detail: string; errors?: TFieldError[]; retryAfterSeconds?: number };

/** What any thrown value becomes for a client. Unknown errors are logged and described generically. */
export function toProblemParts(error: unknown, context: { method?: string; path?: string } = {}): TProblemParts {
  if (error instanceof AppError) {
    return { code: error.code, status: error.status, detail: error.message, errors: error.fieldErrors, retryAfterSeconds: error.retryAfterSeconds };
  }
  if (error instanceof ZodError) {
    const errors = zodFieldErrors(error);
    return { code: "VALIDATION_FAILED", status: 422, detail: `${errors.length} field${errors.length === 1 ? "" : "s"} failed validation.`, errors };
  }
  const reference = crypto.randomUUID();
  logger.error("unhandled error in request", { reference, ...context, error });
  return { code: "INTERNAL", status: 500, detail: `The server could not finish this request. Reference: ${reference}.` };
}

export function problemBody(parts: TProblemParts): TProblem {
  const body: TProblem = { type: problemType(parts.code), title: ERROR_TITLE[parts.code], status: parts.status, detail: parts.detail, code: parts.code };
  if (parts.errors?.length) body.errors = parts.errors;
  return body;
}

/** Maps any thrown value to a problem response. */
export function toErrorResponse(error: unknown, context: { method?: string; path?: string } = {}): Response {
  const parts = toProblemParts(error, context);
  return problemResponse(parts.code, parts.status, parts.detail, { errors: parts.errors, retryAfterSeconds: parts.retryAfterSeconds });
}
