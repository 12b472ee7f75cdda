import { expect, test, type Browser, type Page } from "@playwright/test";
import { readFileSync } from "node:fs";
import { storageStateFor } from "./support/constants";
import { createMember, sql } from "./support/db";
import { emailsTo } from "./support/mailbox";
import { signInWithRequest } from "./support/session";

// Sessions (list, revoke, sign out everywhere, removed members), password reset by email, the
// password rules and the audit log, in a real browser against the e2e server.

const LINUX_CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";

async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const page = await (await browser.newContext({ userAgent: LINUX_CHROME })).newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/apis$/);
  return page;
}

test.describe("my sessions", () => {
  test("lists where I am signed in; ending another session stops it on its next request", async ({ browser }) => {
    const password = "sessions-e2e-passphrase-1";
    const email = await createMember("acme-payments", "EDITOR", password);
    const other = await browser.newContext({ userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.7; rv:133.0) Gecko/20100101 Firefox/133.0" });
    expect(await signInWithRequest(other.request, email, password)).toBe(200);
    expect((await other.request.get("/api/v1/apis")).status()).toBe(200);

    const page = await signedInPage(browser, email, password);
    await page.getByRole("link", { name: "Account" }).click();
    const list = page.getByRole("list", { name: "Active sessions" });
    await expect(list.getByRole("listitem")).toHaveCount(2);
    await expect(list.getByRole("listitem").filter({ hasText: "This browser" })).toContainText("Chrome 156 on Linux");
    await list.getByRole("button", { name: /End the session on Firefox 133 on macOS/ }).click();
    await expect(list.getByRole("listitem")).toHaveCount(1);
    expect((await other.request.get("/api/v1/apis")).status()).toBe(401);
    expect((await page.request.get("/api/v1/apis")).status()).toBe(200);
    await other.close();
    await page.context().close();
  });

  test("sign out everywhere ends this session and every other one", async ({ browser }) => {
    const password = "sessions-e2e-passphrase-2";
    const email = await createMember("acme-payments", "VIEWER", password);
    const other = await browser.newContext();
    expect(await signInWithRequest(other.request, email, password)).toBe(200);
    const page = await signedInPage(browser, email, password);
    await page.getByRole("link", { name: "Account" }).click();
    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await expect(page).toHaveURL(/\/login\?reason=signed-out-everywhere$/);
    await expect(page.getByText("You were signed out on every device.")).toBeVisible();
    expect((await other.request.get("/api/v1/me")).status()).toBe(401);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
    await other.close();
    await page.context().close();
  });

  test.describe("as an admin", () => {
    test.use({ storageState: storageStateFor("admin") });

    test("a removed member loses the organisation at their next request, and keeps their other organisations", async ({ browser, request }) => {
      const email = await createMember("acme-payments", "EDITOR", "removed-e2e-passphrase-1");
      // Also a member of Globex, which has nothing to do with Acme removing them.
      await sql(
        `INSERT INTO "Membership" (id, "orgId", "userId", role, "updatedAt") SELECT 'e2eglobex' || u.id, o.id, u.id, 'VIEWER', now() FROM "User" u, "Organization" o WHERE u.email = $1 AND o.slug = 'globex'`,
        [email],
      );
      const member = await browser.newContext();
      expect(await signInWithRequest(member.request, email, "removed-e2e-passphrase-1")).toBe(200);
      expect((await member.request.get("/api/v1/apis", { headers: { "x-bulwark-org": "acme-payments" } })).status()).toBe(200);
      const [membership] = await sql<{ id: string }>(`SELECT m.id FROM "Membership" m JOIN "User" u ON u.id = m."userId" JOIN "Organization" o ON o.id = m."orgId" WHERE u.email = $1 AND o.slug = 'acme-payments'`, [email]);
      expect((await request.delete(`/api/v1/members/${membership!.id}`)).status()).toBe(204);
      expect((await member.request.get("/api/v1/apis", { headers: { "x-bulwark-org": "acme-payments" } })).status()).toBe(404);
      const page = await member.newPage();
      expect((await page.goto("/acme-payments/apis"))?.status()).toBe(404);
      expect((await member.request.get("/api/v1/me")).status()).toBe(200);
      expect((await member.request.get("/api/v1/apis", { headers: { "x-bulwark-org": "globex" } })).status()).toBe(200);
      await member.close();
    });
  });
});

test.describe("password reset", () => {
  function resetLinkIn(email: string): string | null {
    const text = emailsTo(email).at(-1)?.text ?? "";
    return /(https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]{43})/.exec(text)?.[1] ?? null;
  }

  test("an emailed link sets a new password once; common passwords are refused", async ({ page, browser }) => {
    const email = await createMember("acme-payments", "VIEWER", "forgotten-e2e-passphrase");
    const signedIn = await browser.newContext();
    expect(await signInWithRequest(signedIn.request, email, "forgotten-e2e-passphrase")).toBe(200);

    await page.goto("/login");
    await page.getByRole("link", { name: "Forgot your password?" }).click();
    // The sign-in page has an Email field too: wait for the new page before filling.
    await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
    await page.getByLabel("Email").fill(email);
    await page.getByRole("button", { name: "Email me a reset link" }).click();
    await expect(page.getByText("Check your email")).toBeVisible();
    await expect.poll(() => resetLinkIn(email), { timeout: 10_000 }).not.toBeNull();
    const link = new URL(resetLinkIn(email)!);
    expect(emailsTo(email).at(-1)!.subject).toBe("Reset your Bulwark password");

    await page.goto(link.pathname);
    await expect(page.getByText(`For ${email}.`)).toBeVisible();
    await page.getByLabel("New password").fill("Password2024!");
    // zxcvbn's advice while typing; the server's blocklist has the last word.
    await expect(page.getByText(/Strength: .*similar to a commonly used password/)).toBeVisible();
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page.getByText(/one of the most common passwords/)).toBeVisible();

    await page.getByLabel("New password").fill("a long and unusual passphrase");
    await page.getByRole("button", { name: "Set new password" }).click();
    await expect(page).toHaveURL(/\/login\?reason=password-reset$/);
    // Every session of the account ended with the reset.
    expect((await signedIn.request.get("/api/v1/me")).status()).toBe(401);
    await signedIn.close();
    expect(await signInWithRequest(page.request, email, "forgotten-e2e-passphrase")).toBe(401);
    expect(await signInWithRequest(page.request, email, "a long and unusual passphrase")).toBe(200);

    // Used once: the link is dead now.
    await page.goto(link.pathname);
    await expect(page.getByText("This link does not work any more")).toBeVisible();
    const [stored] = await sql<{ count: string }>(`SELECT count(*) FROM "PasswordResetToken" WHERE "tokenHash" = $1`, [link.pathname.split("/").pop()]);
    expect(Number(stored!.count)).toBe(0);
  });

  test("an unknown address gets the same answer and no email", async ({ request }) => {
    const email = `nobody-${Date.now().toString(36)}@example.test`;
    const response = await request.post("/api/v1/password-reset", { data: { email } });
    expect(response.status()).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(emailsTo(email)).toHaveLength(0);
  });
});

test.describe("audit log", () => {
  test.use({ storageState: storageStateFor("admin") });

  test("admins filter the log and export it as CSV; members' account events are not in it", async ({ page }) => {
    const email = await createMember("acme-payments", "VIEWER", "audited-e2e-passphrase");
    expect(await signInWithRequest(page.context().request, email, "wrong-e2e-passphrase")).toBe(401);
    const [user] = await sql<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [email]);
    const [membership] = await sql<{ id: string }>(`SELECT id FROM "Membership" WHERE "userId" = $1`, [user!.id]);
    expect((await page.request.patch(`/api/v1/members/${membership!.id}`, { data: { role: "EDITOR" } })).status()).toBe(200);

    await page.goto("/acme-payments/audit");
    await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
    // Their failed sign-in is an account event, with no organisation: not Acme's to read.
    await page.getByLabel("Actor").selectOption(user!.id);
    await expect(page).toHaveURL(new RegExp(`actor=${user!.id}`));
    await expect(page.getByText("Nothing matches these filters.")).toBeVisible();
    await page.getByRole("button", { name: "Clear filters" }).click();
    const rows = page.getByRole("table").getByRole("row");
    await page.getByLabel("Action").fill("member.role_changed");
    // The export takes the filters in the URL, which follows the typing after a pause.
    await expect(page).toHaveURL(/action=member\.role_changed/);
    await expect(rows.filter({ hasText: email })).toHaveCount(1);
    await page.getByLabel("Action").fill("auth.");
    await expect(page).toHaveURL(/action=auth\./);
    await expect(rows.filter({ hasText: email })).toHaveCount(0);
    await page.getByLabel("Action").fill("member.role_changed");
    await expect(page).toHaveURL(/action=member\.role_changed/);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^bulwark-audit-acme-payments-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = readFileSync((await file.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe("time,actor_email,actor_name,action,object_type,object_id,ip,user_agent,details");
    expect(csv).toContain(`member.role_changed`);
    expect(csv).toContain(email);
    expect(csv).not.toContain("auth.sign_in.failed");
    expect(csv).not.toContain("org.seeded");
  });

  test.describe("as a viewer", () => {
    test.use({ storageState: storageStateFor("viewer") });

    test("the page is not shown, and the nav has no link to it", async ({ page }) => {
      await page.goto("/acme-payments/audit");
      await expect(page.getByText("does not allow you to read the audit log")).toBeVisible();
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit log" })).toHaveCount(0);
    });
  });
});
