import { expect, test, type Page } from "@playwright/test";
import { createMember, sql } from "./support/db";
import { signInWithRequest } from "./support/session";

// Single sign-on against a real OpenID Connect provider (npm oidc-provider) that the e2e server
// starts on its own port (e2e/support/oidc-provider.ts): authorization code flow with PKCE,
// state and nonce, the ID token verified by next-auth, accounts linked by verified email only.

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** From Bulwark's sign-in page through the provider's own login and consent pages. */
async function signInWithSso(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Continue with Test IdP" }).click();
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/interaction\//);
  expect(new URL(page.url()).port).not.toBe(new URL(test.info().project.use.baseURL!).port);
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("anything at the provider");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
}

test.describe("single sign-on with OIDC", () => {
  // Each sign-in crosses two servers and several redirects.
  test.setTimeout(60_000);

  test("signs a member in through the provider and links the account by its verified email", async ({ page }) => {
    const email = await createMember("acme-payments", "VIEWER", "sso-e2e-passphrase-1");
    await signInWithSso(page, email);
    await expect(page).toHaveURL(/\/acme-payments\/apis$/);
    await expect(page.getByRole("heading", { name: "API inventory" })).toBeVisible();

    const identities = await sql<{ issuer: string; subject: string }>(`SELECT i.issuer, i.subject FROM "OidcIdentity" i JOIN "User" u ON u.id = i."userId" WHERE u.email = $1`, [email]);
    expect(identities).toEqual([{ issuer: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), subject: email }]);
    const sessions = await sql<{ method: string }>(`SELECT s.method FROM "AuthSession" s JOIN "User" u ON u.id = s."userId" WHERE u.email = $1 AND s."revokedAt" IS NULL`, [email]);
    expect(sessions).toEqual([{ method: "SSO" }]);
    await page.getByRole("link", { name: "Account" }).click();
    await expect(page.getByRole("list", { name: "Active sessions" }).getByText("SSO")).toBeVisible();

    // Signing out ends the server-side session as with a password.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
  });

  test("refuses to link when the provider does not vouch for the email, and for unknown people", async ({ page }) => {
    const email = await createMember("acme-payments", "VIEWER", "sso-e2e-passphrase-2");
    await signInWithSso(page, `unverified+${email}`);
    await expect(page).toHaveURL(/\/login\?error=SsoEmailNotVerified$/);
    await expect(page.getByRole("alert").filter({ hasText: "did not confirm that it verified your email" })).toBeVisible();
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
    expect(await sql(`SELECT 1 FROM "OidcIdentity" WHERE email = $1`, [email])).toHaveLength(0);

    // A fresh start at the provider too (it remembers who signed in there).
    await page.context().clearCookies();
    await signInWithSso(page, `stranger-${unique()}@example.test`);
    await expect(page).toHaveURL(/\/login\?error=SsoNoAccount$/);
    await expect(page.getByRole("alert").filter({ hasText: "no Bulwark account" })).toBeVisible();
  });

  test("an SSO-only organisation refuses its members' passwords", async ({ page }) => {
    const ownerEmail = `sso-owner-${unique()}@example.test`;
    const created = await page.request.post("/api/v1/signup", { data: { name: "Sso Owner", email: ownerEmail, password: "owner-e2e-passphrase-2", organizationName: `Federated ${unique()}` } });
    expect(created.status()).toBe(201);
    const slug = ((await created.json()) as { data: { org: { slug: string } } }).data.org.slug;
    expect(await signInWithRequest(page.request, ownerEmail, "owner-e2e-passphrase-2")).toBe(200);
    const memberEmail = await createMember(slug, "EDITOR", "member-e2e-passphrase-2");

    // Signed in with a password, the owner may not switch it on yet…
    await page.goto(`/${slug}/settings`);
    const security = page.getByRole("region", { name: "Sign-in security" });
    await security.getByLabel("Single sign-on only").check();
    await security.getByRole("button", { name: "Save sign-in security" }).click();
    await expect(security.getByText("Sign in with SSO yourself first")).toBeVisible();

    // …but after signing in through the provider, they may.
    await page.goto(`/${slug}/apis`);
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(page).toHaveURL(/\/login$/);
    await signInWithSso(page, ownerEmail);
    await expect(page).toHaveURL(new RegExp(`/${slug}/apis$`));
    await page.goto(`/${slug}/settings`);
    await security.getByLabel("Single sign-on only").check();
    await security.getByRole("button", { name: "Save sign-in security" }).click();
    await expect(security.getByText("Saved.")).toBeVisible();

    // The member's right password is refused, with the reason.
    const member = await page.context().browser()!.newContext();
    expect(await signInWithRequest(member.request, memberEmail, "member-e2e-passphrase-2")).toBe(401);
    const memberPage = await member.newPage();
    await memberPage.goto("/login");
    await memberPage.getByLabel("Email").fill(memberEmail);
    await memberPage.getByLabel("Password").fill("member-e2e-passphrase-2");
    await memberPage.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(memberPage.getByRole("alert").filter({ hasText: "requires single sign-on" })).toBeVisible();
    expect((await memberPage.request.get("/api/v1/me")).status()).toBe(401);
    await member.close();
  });
});
