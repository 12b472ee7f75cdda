import { env } from "@/lib/env";

// RFC 9116. Bulwark is self-hosted, so the contact is the operator's (SECURITY_CONTACT), with a
// security@ address at the deployment's own host as the fallback.
export const dynamic = "force-dynamic";

const VALIDITY_MS = 180 * 24 * 60 * 60 * 1000;

export function GET() {
  const origin = new URL(env.NEXTAUTH_URL).origin;
  const contact = env.SECURITY_CONTACT ?? `mailto:security@${new URL(env.NEXTAUTH_URL).hostname}`;
  const body = [
    `Contact: ${contact}`,
    // Less than a year ahead, as the RFC asks; computed per request so it never goes stale.
    `Expires: ${new Date(Date.now() + VALIDITY_MS).toISOString().replace(/\.\d{3}Z$/, "Z")}`,
    "Preferred-Languages: en",
    `Canonical: ${origin}/.well-known/security.txt`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "public, max-age=3600" } });
}
