import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ERROR_STATUS, ERROR_TITLE, type AppErrorCode } from "@/lib/core/app-error";

// The `type` URI of every problem+json response points here, so an API user can look it up.
const EXPLANATION: Record<AppErrorCode, string> = {
  BAD_REQUEST: "The request could not be read, for example the body is not valid JSON. Fix the request and send it again.",
  UNAUTHENTICATED: "No valid session came with the request. Sign in through /api/auth and send the session cookie.",
  FORBIDDEN: "You are signed in, but your role in this organisation does not allow the action.",
  CSRF_REJECTED: "A state-changing request came from another site (its Origin header did not match). Send it from Bulwark itself.",
  MFA_ENROLMENT_REQUIRED: "This organisation requires two-factor authentication. Set it up for your account (Account → Two-factor authentication), then try again.",
  SSO_REQUIRED: "This organisation admits only sessions started with single sign-on. Sign in with SSO, then try again.",
  NOT_FOUND: "Nothing with this id exists in your organisation. Ids from other organisations are answered the same way.",
  CONFLICT: "The change clashes with the current state: someone else edited the record (reload and retry) or a unique name is taken.",
  PAYLOAD_TOO_LARGE: "The request body is larger than the endpoint accepts.",
  UNSUPPORTED_MEDIA_TYPE: "Send the body with Content-Type: application/json.",
  VALIDATION_FAILED: "Some fields are missing or invalid. The `errors` array names each field (`pointer`) and what is wrong (`detail`).",
  RATE_LIMITED: "Too many attempts. Wait for the number of seconds in the Retry-After header.",
  INTERNAL: "The server failed unexpectedly. The response carries a reference to quote to your administrator.",
  SERVICE_UNAVAILABLE: "A dependency such as the database is not reachable right now. Retry later.",
};

function codeFromSlug(slug: string): AppErrorCode | null {
  const code = slug.toUpperCase().replaceAll("-", "_");
  return code in ERROR_STATUS ? (code as AppErrorCode) : null;
}

export async function generateMetadata({ params }: { params: Promise<{ code: string }> }): Promise<Metadata> {
  const code = codeFromSlug((await params).code);
  return { title: code ? ERROR_TITLE[code] : "Problem" };
}

export default async function ProblemPage({ params }: { params: Promise<{ code: string }> }) {
  const code = codeFromSlug((await params).code);
  if (!code) notFound();
  return (
    <main className="mx-auto max-w-2xl space-y-3 px-4 py-16">
      <p className="font-mono text-sm text-slate-600">HTTP {ERROR_STATUS[code]}</p>
      <h1 className="text-2xl font-semibold text-slate-900">{ERROR_TITLE[code]}</h1>
      <p className="text-slate-700">{EXPLANATION[code]}</p>
    </main>
  );
}
