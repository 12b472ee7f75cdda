import { expect, test } from "@playwright/test";
import { E2E_PASSWORD, USERS } from "./support/constants";
import { createMember, sql } from "./support/db";
import { signInWithRequest } from "./support/session";

test.describe("signing in and out", () => {
  test("a demo admin signs in through the form and lands on the inventory", async ({ page }) => {
    await page.goto("/");
    await expect(page).toHaveURL(/\/login$/);
    await page.getByLabel("Email").fill(USERS.admin);
    await page.getByLabel("Password").fill(E2E_PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/acme-payments\/apis$/);
    await expect(page.getByRole("heading", { name: "API inventory" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Payments API" })).toBeVisible();
  });

  test("a wrong password is refused with a message and no session", async ({ page }) => {
    const email = await createMember("acme-payments", "EDITOR", "right-password-123");
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("wrong-password-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "The email or password is not correct." })).toBeVisible();
    expect((await page.request.get("/api/v1/apis")).status()).toBe(401);
  });

  test("the 11th wrong password gets 429 with Retry-After, and the form says so", async ({ request, page }) => {
    const email = await createMember("acme-payments", "VIEWER", "right-password-123");
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect(await signInWithRequest(request, email, `wrong-${attempt}-password`)).toBe(401);
    }
    const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const eleventh = await request.post("/api/auth/callback/credentials", { form: { email, password: "wrong-11-password", csrfToken: csrf.csrfToken, json: "true" }, maxRedirects: 0 });
    expect(eleventh.status()).toBe(429);
    expect(Number(eleventh.headers()["retry-after"])).toBeGreaterThan(0);
    expect(eleventh.headers()["content-type"]).toContain("application/problem+json");
    // Even the right password is refused while the account is locked.
    expect(await signInWithRequest(request, email, "right-password-123")).toBe(429);

    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("right-password-123");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("alert").filter({ hasText: /Too many failed sign-ins\. Try again in \d+ minutes/ })).toBeVisible();

    const events = await sql<{ count: string }>(`SELECT count(*) FROM "AuditEvent" WHERE action = 'auth.sign_in.failed' AND metadata->>'email' = $1`, [email]);
    expect(Number(events[0]!.count)).toBe(10);
  });

  test("the limit cannot be sidestepped by a longer URL, a repeated email field, or a burst", async ({ request }) => {
    const victim = await createMember("acme-payments", "VIEWER", "victim-password-123");
    const csrf = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };

    // next-auth only reads two path segments; a third must not route around the check.
    const longer = await request.post("/api/auth/callback/credentials/extra", { form: { email: victim, password: "guess-0-password", csrfToken: csrf.csrfToken, json: "true" }, maxRedirects: 0 });
    expect(longer.status()).toBe(404);

    // A decoy first and the victim last: next-auth uses the last value, and so must the limit.
    const attempt = (password: string) =>
      request.post("/api/auth/callback/credentials", {
        data: `email=${encodeURIComponent("decoy@example.test")}&email=${encodeURIComponent(victim)}&password=${encodeURIComponent(password)}&csrfToken=${encodeURIComponent(csrf.csrfToken)}&json=true`,
        headers: { "content-type": "application/x-www-form-urlencoded" },
        maxRedirects: 0,
      });
    // A burst of 15 parallel guesses: at most 10 are even checked.
    const burst = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt(`burst-guess-${i}-password`)));
    const statuses = burst.map((r) => r.status());
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
    expect((await attempt("victim-password-123")).status()).toBe(429);
    const failures = await sql<{ count: string }>(`SELECT count(*) FROM "AuditEvent" WHERE action = 'auth.sign_in.failed' AND metadata->>'email' = $1`, [victim]);
    expect(Number(failures[0]!.count)).toBe(10);
  });

  test("signing out ends the session on the server: a copied cookie stops working", async ({ page, browser }) => {
    const email = await createMember("acme-payments", "EDITOR", "sign-out-password-1");
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("sign-out-password-1");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/apis$/);

    // Another browser holding a copy of the cookie, as a thief would.
    const stolen = await browser.newContext({ storageState: await page.context().storageState() });
    expect((await stolen.request.get("/api/v1/apis")).status()).toBe(200);

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/login$/);
    expect((await stolen.request.get("/api/v1/apis")).status()).toBe(401);
    await stolen.close();

    const events = await sql(`SELECT 1 FROM "AuditEvent" a JOIN "User" u ON u.id = a."actorId" WHERE u.email = $1 AND a.action = 'auth.sign_out'`, [email]);
    expect(events).toHaveLength(1);
  });

  test("changing the password ends every session of the user", async ({ page, browser }) => {
    const email = await createMember("acme-payments", "EDITOR", "old-password-1234");
    const other = await browser.newContext();
    expect(await signInWithRequest(other.request, email, "old-password-1234")).toBe(200);

    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("old-password-1234");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/\/apis$/);
    await page.getByRole("link", { name: "Account" }).click();
    await page.getByLabel("Current password").fill("old-password-1234");
    await page.getByLabel("New password").fill("new-password-5678");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect(page).toHaveURL(/\/login\?reason=password-changed$/);
    await expect(page.getByText("Your password was changed")).toBeVisible();

    expect((await other.request.get("/api/v1/apis")).status()).toBe(401);
    expect(await signInWithRequest(other.request, email, "old-password-1234")).toBe(401);
    expect(await signInWithRequest(other.request, email, "new-password-5678")).toBe(200);
    await other.close();
  });

  test("without a session the API answers 401 problem+json and pages send you to sign in", async ({ request, page }) => {
    const response = await request.get("/api/v1/apis");
    expect(response.status()).toBe(401);
    expect(response.headers()["content-type"]).toContain("application/problem+json");
    expect(await response.json()).toMatchObject({ status: 401, title: "Sign-in required", type: "/problems/unauthenticated" });
    await page.goto("/acme-payments/apis");
    await expect(page).toHaveURL(/\/login\?next=/);
  });
});
