import type { NextRequest } from "next/server";
import { AppError } from "@/lib/api/app-error";
import { env } from "@/lib/env";

/**
 * CSRF defence for state-changing requests (OWASP: verify origin with standard headers).
 * Browsers always send Origin or Sec-Fetch-Site on such requests; a request with neither comes
 * from a non-browser client (curl, scripts), which cannot carry a victim's cookies by accident.
 */
export function assertSameOrigin(req: NextRequest): void {
  const origin = req.headers.get("origin");
  if (origin) {
    if (!allowedOrigins(req).has(origin)) {
      throw new AppError("CSRF_REJECTED", "This request came from another site and was refused.");
    }
    return;
  }
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new AppError("CSRF_REJECTED", "This request came from another site and was refused.");
  }
}

function allowedOrigins(req: NextRequest): Set<string> {
  const origins = new Set<string>([new URL(env.NEXTAUTH_URL).origin]);
  const host = req.headers.get("host");
  if (host) {
    origins.add(`http://${host}`);
    origins.add(`https://${host}`);
  }
  return origins;
}
