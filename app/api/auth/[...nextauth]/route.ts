import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { readBodyText } from "@/lib/api/body";
import { problemResponse } from "@/lib/api/problem";
import { AppError } from "@/lib/core/app-error";
import { clientIpFrom } from "@/lib/core/auth/client-ip";
import { authOptions, SIGN_IN_RATE_LIMITED } from "@/lib/api/auth/options";
import { getSignInThrottle } from "@/lib/server/auth/rate-limit";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

// Sign-in and sign-out forms are a few hundred bytes.
const MAX_AUTH_BODY_BYTES = 16 * 1024;

/** The email next-auth will use: it keeps the last value of a repeated field, and so do we. */
function emailOf(body: string, contentType: string): string {
  if (contentType.includes("application/json")) {
    try {
      const parsed = JSON.parse(body) as { email?: unknown };
      return typeof parsed.email === "string" ? parsed.email : "";
    } catch {
      return "";
    }
  }
  return new URLSearchParams(body).getAll("email").pop() ?? "";
}

function tooMany(retryAfterSeconds: number): Response {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return problemResponse("RATE_LIMITED", 429, `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`, {
    retryAfterSeconds,
  });
}

/** True when next-auth answered with our rate-limit error (as a redirect or, with json=true, a body). */
async function isRateLimitedAnswer(response: Response): Promise<boolean> {
  const marker = `error=${SIGN_IN_RATE_LIMITED}`;
  if (response.headers.get("location")?.includes(marker)) return true;
  if (!response.headers.get("content-type")?.includes("application/json")) return false;
  const body = (await response.clone().json().catch(() => ({}))) as { url?: string };
  return typeof body.url === "string" && body.url.includes(marker);
}

async function POST(req: NextRequest, context: Context) {
  const { nextauth } = await context.params;
  let body: string;
  try {
    body = await readBodyText(req, MAX_AUTH_BODY_BYTES);
  } catch (error) {
    if (error instanceof AppError) return problemResponse(error.code, error.status, error.message);
    throw error;
  }
  // next-auth reads only the first two segments; anything longer is not one of its URLs.
  if (nextauth.length > 2) return problemResponse("NOT_FOUND", 404, "No such sign-in endpoint.");
  const forward = new NextRequest(req.url, { method: "POST", headers: req.headers, body });

  if (nextauth[0] === "callback" && nextauth[1] === "credentials") {
    const email = emailOf(body, req.headers.get("content-type") ?? "");
    const decision = await getSignInThrottle().check(email, clientIpFrom(req.headers));
    if (!decision.allowed) return tooMany(decision.retryAfterSeconds);
    const response = await handler(forward, context);
    if (await isRateLimitedAnswer(response)) {
      const after = await getSignInThrottle().check(email, clientIpFrom(req.headers));
      return tooMany(after.allowed ? 60 : after.retryAfterSeconds);
    }
    return response;
  }
  return handler(forward, context);
}

export { handler as GET, POST };
