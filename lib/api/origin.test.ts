import { NextRequest } from "next/server";
import { afterEach, describe, expect, it, vi } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { assertSameOrigin, trustedOrigins } from "@/lib/api/origin";
import { env } from "@/lib/env";

const APP_ORIGIN = new URL(env.NEXTAUTH_URL).origin;

function post(headers: Record<string, string>, url = "http://bulwark.internal:3000/api/v1/orgs/acme/apis") {
  return new NextRequest(url, { method: "POST", headers });
}

function rejection(run: () => void): AppError | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  return undefined;
}

describe("assertSameOrigin", () => {
  it("passes an Origin equal to NEXTAUTH_URL's origin", () => {
    expect(() => assertSameOrigin(post({ host: new URL(APP_ORIGIN).host, origin: APP_ORIGIN }))).not.toThrow();
  });

  // Assessment finding 9: any Origin equal to http://<Host> was accepted, for any Host a client sent.
  it("refuses an Origin that only matches the request's Host header", () => {
    for (const [host, origin] of [["bulwark.internal:3000", "http://bulwark.internal:3000"], ["evil.example", "https://evil.example"]]) {
      const error = rejection(() => assertSameOrigin(post({ host: host!, origin: origin! })));
      expect(error?.code, origin).toBe("CSRF_REJECTED");
    }
  });

  it("passes the extra origins listed in BULWARK_ALLOWED_ORIGINS and nothing else", () => {
    const origins = trustedOrigins("https://bulwark.example.com", ["https://threats.example.com/", "http://10.0.0.12:3000"]);
    expect([...origins].sort()).toEqual(["http://10.0.0.12:3000", "https://bulwark.example.com", "https://threats.example.com"]);
    expect(() => assertSameOrigin(post({ origin: "https://threats.example.com" }), origins)).not.toThrow();
    expect(rejection(() => assertSameOrigin(post({ host: "evil.example", origin: "https://evil.example" }), origins))?.code).toBe("CSRF_REJECTED");
  });

  it("a loopback public URL also trusts the other loopback names on the same port, and only those", () => {
    expect([...trustedOrigins("http://localhost:3000", [])].sort()).toEqual(["http://127.0.0.1:3000", "http://[::1]:3000", "http://localhost:3000"]);
    expect([...trustedOrigins("https://bulwark.example.com", [])]).toEqual(["https://bulwark.example.com"]);
  });

  it("refuses an Origin from another site with CSRF_REJECTED (403)", () => {
    const error = rejection(() => assertSameOrigin(post({ host: "bulwark.internal:3000", origin: "https://evil.example" })));
    expect(error?.code).toBe("CSRF_REJECTED");
    expect(error?.status).toBe(403);
  });

  it("refuses an Origin that only differs by port or is a look-alike", () => {
    for (const origin of ["http://bulwark.internal:3001", "http://bulwark.internal:3000.evil.example", "http://bulwark.internal"]) {
      const error = rejection(() => assertSameOrigin(post({ host: "bulwark.internal:3000", origin })));
      expect(error?.code, origin).toBe("CSRF_REJECTED");
    }
  });

  it('refuses "Origin: null" (sandboxed iframes, data: URLs)', () => {
    const error = rejection(() => assertSameOrigin(post({ host: "bulwark.internal:3000", origin: "null" })));
    expect(error?.code).toBe("CSRF_REJECTED");
  });

  it("refuses a request without Origin whose Sec-Fetch-Site is cross-site or same-site", () => {
    for (const site of ["cross-site", "same-site"]) {
      const error = rejection(() => assertSameOrigin(post({ host: "bulwark.internal:3000", "sec-fetch-site": site })));
      expect(error?.code, site).toBe("CSRF_REJECTED");
    }
  });

  it("passes a request without Origin whose Sec-Fetch-Site is same-origin or none", () => {
    expect(() => assertSameOrigin(post({ host: "bulwark.internal:3000", "sec-fetch-site": "same-origin" }))).not.toThrow();
    expect(() => assertSameOrigin(post({ host: "bulwark.internal:3000", "sec-fetch-site": "none" }))).not.toThrow();
  });

  it("passes a request with neither header (curl, scripts)", () => {
    expect(() => assertSameOrigin(post({}))).not.toThrow();
  });

  it("checks Origin first: a cross-site Origin is refused even with Sec-Fetch-Site same-origin", () => {
    const error = rejection(() =>
      assertSameOrigin(post({ host: "bulwark.internal:3000", origin: "https://evil.example", "sec-fetch-site": "same-origin" })),
    );
    expect(error?.code).toBe("CSRF_REJECTED");
  });

  it("passes an Origin equal to NEXTAUTH_URL's origin whatever the Host", () => {
    expect(() => assertSameOrigin(post({ host: "10.0.0.12:3000", origin: APP_ORIGIN }))).not.toThrow();
  });

  // The default only applies when the variable is unset.
  it.skipIf(Boolean(process.env.NEXTAUTH_URL))("defaults NEXTAUTH_URL to http://localhost:3000", () => {
    expect(APP_ORIGIN).toBe("http://localhost:3000");
  });
});

describe("assertSameOrigin with a configured NEXTAUTH_URL", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("trusts the configured public origin and no longer the default one", async () => {
    vi.stubEnv("NEXTAUTH_URL", "https://bulwark.example.com/app");
    vi.resetModules();
    const { assertSameOrigin: check } = await import("@/lib/api/origin");
    const { AppError: FreshAppError } = await import("@/lib/core/app-error");
    expect(() => check(post({ host: "10.0.0.12:3000", origin: "https://bulwark.example.com" }))).not.toThrow();
    expect(() => check(post({ host: "10.0.0.12:3000", origin: "http://localhost:3000" }))).toThrow(FreshAppError);
  });
});
