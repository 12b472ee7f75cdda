// The custom server (scripts/start.ts) overwrites X-Forwarded-For with the address it trusts
// (the socket's, or the one TRUSTED_PROXY_HOPS proxies vouch for), so a client cannot choose it.
type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export function clientIpFrom(headers: HeaderSource): string {
  const raw = headers instanceof Headers ? headers.get("x-forwarded-for") : headers["x-forwarded-for"];
  const value = Array.isArray(raw) ? raw[0] : raw;
  const first = value?.split(",")[0]?.trim();
  return first ? first.replace(/^::ffff:/i, "") : "unknown";
}

/** Picks the client address from X-Forwarded-For given how many proxies in front are trusted. */
export function trustedClientIp(socketAddress: string | undefined, forwardedFor: string | undefined, trustedHops: number): string {
  const socket = (socketAddress ?? "unknown").replace(/^::ffff:/i, "");
  if (trustedHops <= 0 || !forwardedFor) return socket;
  const chain = forwardedFor
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  // Each trusted proxy appended the address it saw; the entry `trustedHops` from the right is the client.
  const candidate = chain[chain.length - trustedHops];
  return candidate ? candidate.replace(/^::ffff:/i, "") : socket;
}
