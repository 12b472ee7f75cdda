/**
 * A same-site path to go to after signing in, or "/". Parsed as a URL, because browsers treat
 * "/\evil.com" and "/<tab>/evil.com" as "//evil.com" although they start with one slash.
 */
export function safeNextPath(next: string | undefined | null): string {
  if (!next || !next.startsWith("/")) return "/";
  const base = "http://bulwark.invalid";
  try {
    const url = new URL(next, base);
    if (url.origin !== base) return "/";
    // "/..//evil.com" resolves to the path "//evil.com", which a browser reads as another host.
    if (url.pathname.startsWith("//")) return "/";
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return "/";
  }
}
