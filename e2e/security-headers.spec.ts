import { expect, test } from "@playwright/test";
import { E2E_PASSWORD, storageStateFor, USERS } from "./support/constants";

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
