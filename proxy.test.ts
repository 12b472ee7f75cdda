import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { buildContentSecurityPolicy, proxy } from "@/proxy";

function directives(csp: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of csp.split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe("buildContentSecurityPolicy", () => {
  it("allows scripts only by nonce, with strict-dynamic", () => {
    const csp = buildContentSecurityPolicy("abc123", false);
    expect(csp).toContain("script-src 'self' 'nonce-abc123' 'strict-dynamic'");
    const scriptSrc = directives(csp).get("script-src");
    expect(scriptSrc).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(scriptSrc).not.toContain("'unsafe-inline'");
    expect(scriptSrc).not.toContain("'unsafe-eval'");
  });

  it("forbids framing, plugins and foreign base URLs and form targets", () => {
    const policy = directives(buildContentSecurityPolicy("n", false));
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
  });

  it("adds 'unsafe-eval' and websockets only in development", () => {
    const dev = directives(buildContentSecurityPolicy("n", true));
    expect(dev.get("script-src")).toContain("'unsafe-eval'");
    expect(dev.get("script-src")).not.toContain("'unsafe-inline'");
    expect(dev.get("connect-src")).toContain("ws:");
    const prod = directives(buildContentSecurityPolicy("n", false));
    expect(prod.get("script-src")).not.toContain("'unsafe-eval'");
    expect(prod.get("connect-src")).not.toContain("ws:");
  });

  it("declares each directive once", () => {
    const names = buildContentSecurityPolicy("n", true)
      .split(";")
      .map((part) => part.trim().split(/\s+/)[0]);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe("proxy", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  const request = () => new NextRequest("http://localhost:3000/acme/apis", { headers: { accept: "text/html" } });

  function nonceOf(csp: string | null): string {
    const match = /'nonce-([^']+)'/.exec(csp ?? "");
    expect(match, `no nonce in ${csp}`).not.toBeNull();
    return match![1]!;
  }

  it("sets the production CSP on the response with a nonce", () => {
    vi.stubEnv("NODE_ENV", "production");
    const csp = proxy(request()).headers.get("content-security-policy");
    const nonce = nonceOf(csp);
    expect(nonce.length).toBeGreaterThanOrEqual(16);
    expect(csp).toBe(buildContentSecurityPolicy(nonce, false));
  });

  it("uses the development CSP when NODE_ENV is development", () => {
    vi.stubEnv("NODE_ENV", "development");
    const csp = proxy(request()).headers.get("content-security-policy");
    expect(csp).toBe(buildContentSecurityPolicy(nonceOf(csp), true));
  });

  it("uses a fresh nonce for every request", () => {
    const nonces = new Set(Array.from({ length: 20 }, () => nonceOf(proxy(request()).headers.get("content-security-policy"))));
    expect(nonces.size).toBe(20);
  });

  it("passes the same nonce and CSP on to the page render in the request headers", () => {
    const response = proxy(request());
    const csp = response.headers.get("content-security-policy");
    // NextResponse.next({ request: { headers } }) forwards overridden request headers this way.
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
    expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonceOf(csp));
  });

  it("ignores a nonce or CSP the client sent", () => {
    const spoofed = new NextRequest("http://localhost:3000/acme/apis", {
      headers: { "x-nonce": "attacker", "content-security-policy": "script-src *" },
    });
    const response = proxy(spoofed);
    const csp = response.headers.get("content-security-policy");
    expect(nonceOf(csp)).not.toBe("attacker");
    expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonceOf(csp));
    expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(csp);
  });
});
