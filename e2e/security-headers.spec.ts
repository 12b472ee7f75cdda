import { expect, test, type APIResponse } from "@playwright/test";
import { E2E_PASSWORD, storageStateFor, USERS } from "./support/constants";

const HSTS = "max-age=63072000; includeSubDomains";

/** Headers every response carries, whatever made it: page, API, error, file. */
function expectBaseline(response: APIResponse, what: string) {
  const headers = response.headers();
  expect(headers["strict-transport-security"], what).toBe(HSTS);
  expect(headers["x-content-type-options"], what).toBe("nosniff");
  expect(headers["cross-origin-opener-policy"], what).toBe("same-origin");
  expect(headers["permissions-policy"], what).toContain("camera=()");
  expect(headers["permissions-policy"], what).toContain("geolocation=()");
  expect(headers["x-frame-options"], what).toBe("DENY");
  expect(headers["referrer-policy"], what).toBe("strict-origin-when-cross-origin");
  expect(headers["x-powered-by"], what).toBeUndefined();
}

/** The page policy: scripts only by this response's nonce, nothing framed, no plugins, no <base>. */
function expectPageCsp(response: APIResponse, what: string): string {
  const csp = response.headers()["content-security-policy"] ?? "";
  const directives = new Map(csp.split(";").map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name!, values] as const;
  }));
  const scriptSrc = directives.get("script-src") ?? [];
  expect(scriptSrc.some((value) => /^'nonce-[A-Za-z0-9+/=]{16,}'$/.test(value)), `${what}: ${csp}`).toBe(true);
  expect(scriptSrc, what).toContain("'strict-dynamic'");
  expect(scriptSrc, what).not.toContain("'unsafe-inline'");
  expect(directives.get("object-src"), what).toEqual(["'none'"]);
  expect(directives.get("base-uri"), what).toEqual(["'none'"]);
  expect(directives.get("frame-ancestors"), what).toEqual(["'none'"]);
  return csp;
}

test.describe("headers on every kind of response", () => {
  test("a public page: the sign-in form", async ({ request }) => {
    const response = await request.get("/login");
    expect(response.status()).toBe(200);
    expectBaseline(response, "/login");
    const first = expectPageCsp(response, "/login");
    // A nonce is never reused.
    expect(expectPageCsp(await request.get("/login"), "/login again")).not.toBe(first);
  });

  test.describe("signed in", () => {
    test.use({ storageState: storageStateFor("admin") });

    test("an app page", async ({ request }) => {
      const response = await request.get("/acme-payments/apis");
      expect(response.status()).toBe(200);
      expectBaseline(response, "app page");
      expectPageCsp(response, "app page");
    });

    test("an API route, answered and refused", async ({ request }) => {
      for (const path of ["/api/v1/apis", "/api/v1/apis/nosuchidentifier"]) {
        const response = await request.get(path);
        expectBaseline(response, path);
        expect(response.headers()["content-security-policy"], path).toBe("default-src 'none'; frame-ancestors 'none'");
        expect(response.headers()["cache-control"], path).toBe("no-store");
      }
    });
  });

  test("error pages: not found and a problem description", async ({ request }) => {
    const missing = await request.get("/acme-payments/no-such-page/at-all");
    expect(missing.status()).toBe(404);
    expectBaseline(missing, "404 page");
    expectPageCsp(missing, "404 page");
    const problem = await request.get("/problems/rate-limited");
    expect(problem.status()).toBe(200);
    expectBaseline(problem, "problem page");
    expectPageCsp(problem, "problem page");
  });

  test("an API error without a session", async ({ request }) => {
    const response = await request.get("/api/v1/apis");
    expect(response.status()).toBe(401);
    expectBaseline(response, "401 problem");
    expect(response.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  });

  test("static files: a script chunk and the icon", async ({ request }) => {
    const page = await (await request.get("/login")).text();
    const chunk = /src="(\/_next\/static\/[^"]+\.js)"/.exec(page)?.[1];
    expect(chunk, "a script chunk on the sign-in page").toBeTruthy();
    for (const path of [chunk!, "/icon.svg"]) {
      const response = await request.get(path);
      expect(response.status(), path).toBe(200);
      expectBaseline(response, path);
    }
  });

  test("/.well-known/security.txt (RFC 9116)", async ({ request }) => {
    const response = await request.get("/.well-known/security.txt");
    expect(response.status()).toBe(200);
    expectBaseline(response, "security.txt");
    expect(response.headers()["content-type"]).toBe("text/plain; charset=utf-8");
    const fields = new Map((await response.text()).trim().split("\n").map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()] as const));
    expect(fields.get("Contact")).toMatch(/^(mailto:|https:\/\/)/);
    const expires = Date.parse(fields.get("Expires") ?? "");
    expect(expires).toBeGreaterThan(Date.now());
    expect(expires).toBeLessThan(Date.now() + 366 * 24 * 60 * 60 * 1000);
    expect(fields.get("Canonical")).toMatch(/\/\.well-known\/security\.txt$/);
  });
});

test.describe("security baseline", () => {
  test("pages carry a nonce-based CSP and every script uses the nonce", async ({ page }) => {
    const response = await page.goto("/login");
    const headers = response!.headers();
    const csp = headers["content-security-policy"]!;
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-powered-by"]).toBeUndefined();

    const scripts = await page.locator("script").evaluateAll((elements) => elements.map((el) => (el as HTMLScriptElement).nonce));
    expect(scripts.length).toBeGreaterThan(0);
    expect(scripts.every((value) => value === nonce)).toBe(true);

    // A second load gets a different nonce.
    const again = await page.request.get("/login");
    expect(again.headers()["content-security-policy"]).not.toContain(nonce!);
  });

  test("the CSP is enforced: injected markup cannot run script", async ({ page }) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await page.goto("/login");
    // What an XSS would plant: an inline event handler and a javascript: URL.
    await page.evaluate(() => {
      const holder = document.createElement("div");
      holder.innerHTML = `<img src="/no-such-image.png" onerror="window.__injected = true"><a id="js-link" href="javascript:window.__clicked = true">x</a>`;
      document.body.appendChild(holder);
    });
    await page.locator("#js-link").click();
    await page.waitForTimeout(300);
    const state = await page.evaluate(() => ({
      injected: (window as unknown as { __injected?: boolean }).__injected === true,
      clicked: (window as unknown as { __clicked?: boolean }).__clicked === true,
    }));
    expect(state).toEqual({ injected: false, clicked: false });
    expect(violations.length).toBeGreaterThan(0);
  });

  test("API responses allow nothing to render and are not cached", async ({ request }) => {
    const response = await request.get("/api/health");
    expect(response.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(response.headers()["cache-control"]).toBe("no-store");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
  });

  test("the session cookie is HttpOnly and SameSite=Lax", async ({ page }) => {
    await page.goto("/login");
    await page.getByLabel("Email").fill(USERS.editor);
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/apis$/);
    const cookie = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe("Lax");
  });

  test.describe("CSRF", () => {
    test.use({ storageState: storageStateFor("admin") });

    test("a state-changing request from another origin is refused even with a valid session", async ({ request }) => {
      const response = await request.post("/api/v1/apis", { data: { name: "Cross-site" }, headers: { origin: "https://evil.example" } });
      expect(response.status()).toBe(403);
      expect(await response.json()).toMatchObject({ code: "CSRF_REJECTED" });
      const fetchMetadata = await request.post("/api/v1/apis", { data: { name: "Cross-site 2" }, headers: { "sec-fetch-site": "cross-site" } });
      expect(fetchMetadata.status()).toBe(403);
      const list = (await (await request.get("/api/v1/apis?q=Cross-site")).json()) as { total: number };
      expect(list.total).toBe(0);
    });

    test("a form post (not JSON) is refused with 415, so HTML forms on other sites cannot write", async ({ request }) => {
      const response = await request.post("/api/v1/apis", { form: { name: "Form post" } });
      expect(response.status()).toBe(415);
    });

    test("malformed and oversized bodies get 400/413 problem+json, never 500", async ({ request }) => {
      const malformed = await request.post("/api/v1/apis", { data: Buffer.from('{"name": '), headers: { "content-type": "application/json" } });
      expect(malformed.status()).toBe(400);
      expect(await malformed.json()).toMatchObject({ code: "BAD_REQUEST", status: 400 });
      const big = await request.post("/api/v1/apis", { data: { name: "Big", description: "x".repeat(1_100_000) } });
      expect(big.status()).toBe(413);
      const array = await request.post("/api/v1/apis", { data: [1, 2, 3] });
      expect(array.status()).toBe(422);
      const badId = await request.get("/api/v1/apis/%27%20OR%201=1--");
      expect(badId.status()).toBe(404);
      const nul = await request.post("/api/v1/apis", { data: { name: "Nul\u0000byte" } });
      expect(nul.status()).toBe(400);
      const nulQuery = await request.get("/api/v1/apis?q=a%00b");
      expect(nulQuery.status()).toBe(400);
    });

    test("a chunked body without Content-Length is cut off at 1 MB", async () => {
      const { storageStateFor: stateFor, E2E_BASE_URL } = await import("./support/constants");
      const { readFileSync } = await import("node:fs");
      const cookies = (JSON.parse(readFileSync(stateFor("admin"), "utf8")) as { cookies: { name: string; value: string }[] }).cookies;
      const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
      // What the client manages to send is what the server read plus what the kernel buffers
      // between them hold: the receiving socket's buffer may grow to net.ipv4.tcp_rmem's maximum
      // (32 MB on Debian) and the sender's to tcp_wmem's (4 MB). So the stream offers 128 MB and
      // "stopped reading" means well under 64 MB; a server that read everything takes all 128.
      const CHUNKS = 2048;
      let pulled = 0;
      const chunk = new TextEncoder().encode(`"${"x".repeat(64 * 1024)}`);
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled++;
          if (pulled > CHUNKS) controller.close();
          else controller.enqueue(chunk);
        },
      });
      const response = await fetch(`${E2E_BASE_URL}/api/v1/apis`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body,
        duplex: "half",
      } as RequestInit);
      expect(response.status).toBe(413);
      expect(((await response.json()) as { code: string }).code).toBe("PAYLOAD_TOO_LARGE");
      expect(pulled).toBeLessThan(CHUNKS / 2);
    });
  });
});
