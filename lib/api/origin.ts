import type { NextRequest } from "next/server";
import { AppError } from "@/lib/core/app-error";
import { env } from "@/lib/env";

const LOOPBACK_HOSTS = ["localhost", "127.0.0.1", "[::1]"];

/**
 * The origins a browser may send state-changing requests from: the configured public URL, the
 * extra origins an administrator lists, and, for a loopback public URL only, the same port under
 * the other loopback names (a local demo opened as 127.0.0.1 instead of localhost). Never derived
 * from the request's Host header, which the client controls.
 */
export function trustedOrigins(publicUrl: string, extraOrigins: readonly string[]): Set<string> {
  const origins = new Set<string>([new URL(publicUrl).origin, ...extraOrigins.map((origin) => new URL(origin).origin)]);
  const url = new URL(publicUrl);
  if (LOOPBACK_HOSTS.includes(url.hostname)) {
    for (const host of LOOPBACK_HOSTS) origins.add(`${url.protocol}//${host}${url.port ? `:${url.port}` : ""}`);
  }
  return origins;
}

const allowedOrigins = trustedOrigins(env.NEXTAUTH_URL, env.BULWARK_ALLOWED_ORIGINS);

/**
 * CSRF defence for state-changing requests (OWASP: verify origin with standard headers).
 * Browsers always send Origin or Sec-Fetch-Site on such requests; a request with neither comes
 * from a non-browser client (curl, scripts), which cannot carry a victim's cookies by accident.
 */
export function assertSameOrigin(req: NextRequest, origins: ReadonlySet<string> = allowedOrigins): void {
  const origin = req.headers.get("origin");
  if (origin) {
    if (!origins.has(origin)) {
      throw new AppError("CSRF_REJECTED", "This request came from another site and was refused.");
    }
    return;
  }
  const fetchSite = req.headers.get("sec-fetch-site");
  if (fetchSite && fetchSite !== "same-origin" && fetchSite !== "none") {
    throw new AppError("CSRF_REJECTED", "This request came from another site and was refused.");
  }
}
