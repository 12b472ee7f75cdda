import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { problemResponse } from "@/lib/api/problem";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { authOptions } from "@/lib/auth/options";
import { getFailureLimiter, signInLimitKeys } from "@/lib/auth/rate-limit";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";

const handler = NextAuth(authOptions);

type Context = { params: Promise<{ nextauth: string[] }> };

/** Reads the email from a credentials sign-in without consuming the body next-auth needs. */
async function signInEmail(req: NextRequest): Promise<string> {
  const type = req.headers.get("content-type") ?? "";
  const clone = req.clone();
  if (type.includes("application/json")) {
    const body = (await clone.json().catch(() => ({}))) as { email?: unknown };
    return typeof body.email === "string" ? body.email : "";
  }
  const form = await clone.formData().catch(() => null);
  const email = form?.get("email");
  return typeof email === "string" ? email : "";
}

async function POST(req: NextRequest, context: Context) {
  const { nextauth } = await context.params;
  if (nextauth.join("/") === "callback/credentials") {
    const email = await signInEmail(req);
    const ip = clientIpFrom(req.headers);
    // Refuse before the password is even checked, so a locked account leaks nothing further.
    const decision = await getFailureLimiter().check(signInLimitKeys(email, ip));
    if (!decision.allowed) {
      await recordAuditEvent({
        action: "auth.sign_in.rate_limited",
        ip,
        userAgent: req.headers.get("user-agent"),
        metadata: { email: email.trim().toLowerCase().slice(0, 254) },
      });
      const minutes = Math.ceil(decision.retryAfterSeconds / 60);
      return problemResponse(
        "RATE_LIMITED",
        429,
        `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        { retryAfterSeconds: decision.retryAfterSeconds },
      );
    }
  }
  return handler(req, context);
}

export { handler as GET, POST };
