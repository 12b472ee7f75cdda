// One error type for the whole server. Data functions throw AppError; the route guard turns it
// into an RFC 9457 problem+json response. Anything else becomes a generic 500.

export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_REJECTED: 403,
  MFA_ENROLMENT_REQUIRED: 403,
  SSO_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_TITLE: Record<AppErrorCode, string> = {
  BAD_REQUEST: "Bad request",
  UNAUTHENTICATED: "Sign-in required",
  FORBIDDEN: "Not allowed",
  CSRF_REJECTED: "Cross-site request refused",
  MFA_ENROLMENT_REQUIRED: "Two-factor authentication required",
  SSO_REQUIRED: "Single sign-on required",
  NOT_FOUND: "Not found",
  CONFLICT: "Conflict",
  PAYLOAD_TOO_LARGE: "Request body too large",
  UNSUPPORTED_MEDIA_TYPE: "Unsupported content type",
  VALIDATION_FAILED: "Some fields need attention",
  RATE_LIMITED: "Too many attempts",
  INTERNAL: "Something went wrong",
  SERVICE_UNAVAILABLE: "Service unavailable",
};

export type TFieldError = { field: string; pointer: string; detail: string };

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly fieldErrors?: TFieldError[];
  readonly retryAfterSeconds?: number;

  constructor(
    code: AppErrorCode,
    // Shown to the client: write it for a person, never include internal details.
    message: string,
    extra: { fieldErrors?: TFieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.fieldErrors = extra.fieldErrors;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }
}

export function notFound(what = "resource"): AppError {
  return new AppError("NOT_FOUND", `No such ${what} in this organisation.`);
}

export function fieldError(field: string, detail: string): TFieldError {
  return { field, pointer: `/${field.split(".").join("/")}`, detail };
}
