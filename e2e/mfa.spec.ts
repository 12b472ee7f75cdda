import { expect, test, type Page } from "@playwright/test";
import { totpCodeAt } from "../lib/core/auth/mfa/totp";
import { createMember, sql } from "./support/db";
import { signInWithPassword, signUpOrganizationOwner } from "./support/session";

// Two-factor authentication in a real browser: enrolment on the account page, sign-in with a
// code and with a recovery code, replay refused, and an organisation that requires it.

const STEP_MS = 30_000;
async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

async function enrolOnAccountPage(page: Page, password: string): Promise<{ key: string; recoveryCodes: string[] }> {
  const card = page.getByRole("region", { name: "Two-factor authentication" });
  await card.getByRole("button", { name: "Set up", exact: true }).click();
  // The password again first: a stolen session alone cannot tie the account to another phone.
  await card.getByLabel("Your password").fill("not my password at all");
  await card.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(card.getByText("This is not your current password.")).toBeVisible();
  await card.getByLabel("Your password").fill(password);
  await card.getByRole("button", { name: "Set up two-factor authentication" }).click();
  return finishEnrolment(page);
}

/** The QR code and key are on screen: read the key as a phone would, confirm, keep the recovery codes. */
async function finishEnrolment(page: Page): Promise<{ key: string; recoveryCodes: string[] }> {
  const qr = page.getByRole("img", { name: "QR code to add Bulwark to your authenticator app" });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute("src")).toMatch(/^data:image\/svg\+xml;base64,/);
  // The image really rendered under the CSP (a blocked data: URL would have no size).
  expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  const key = (await page.getByTestId("mfa-manual-key").textContent())!.replaceAll(" ", "");
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("Code from the app").fill(totpCodeAt(key, new Date()));
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByRole("list", { name: "Recovery codes" }).getByRole("listitem");
  await expect(codes).toHaveCount(10);
  const recoveryCodes = await codes.allTextContents();
  await page.getByRole("button", { name: "I have saved these codes" }).click();
  return { key, recoveryCodes };
}

test.describe("two-factor authentication", () => {
  // Several sign-ins, each an argon2 check or two, on a shared two-core machine.
  test.setTimeout(60_000);

  test("enrol, sign out, sign in with a code and with a recovery code; a reused code fails", async ({ page }) => {
    const password = "mfa-e2e-passphrase-1";
    const email = await createMember("acme-payments", "EDITOR", password);
    await signInWithPassword(page, email, password);
    await expect(page).toHaveURL(/\/acme-payments\/apis$/);
    await page.getByRole("link", { name: "Account" }).click();
    const { key, recoveryCodes } = await enrolOnAccountPage(page, password);
    const card = page.getByRole("region", { name: "Two-factor authentication" });
    await expect(card.getByText("10 of 10 recovery codes left.")).toBeVisible();
    // Only ciphertext at rest.
    const [stored] = await sql<{ mfaSecret: string }>(`SELECT "mfaSecret" FROM "User" WHERE email = $1`, [email]);
    expect(stored!.mfaSecret).toMatch(/^v1\./);
    expect(stored!.mfaSecret).not.toContain(key);
    await signOut(page);

    // Password first, then the form asks for the code; no session exists in between.
    await signInWithPassword(page, email, password);
    await expect(page.getByLabel("Authentication code")).toBeVisible();
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);
    // The next time step: the one enrolment used cannot be used again.
    const code = totpCodeAt(key, new Date(Date.now() + STEP_MS));
    await page.getByLabel("Authentication code").fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/acme-payments\/apis$/);
    await signOut(page);

    // The same code again: refused, still signed out.
    await signInWithPassword(page, email, password);
    await page.getByLabel("Authentication code").fill(code);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByText("That code is not right, or it was already used.")).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);

    // A recovery code works once.
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page).toHaveURL(/\/acme-payments\/apis$/);
    await page.getByRole("link", { name: "Account" }).click();
    await expect(page.getByText("9 of 10 recovery codes left.")).toBeVisible();
    await signOut(page);

    await signInWithPassword(page, email, password);
    await page.getByRole("button", { name: "Use a recovery code instead" }).click();
    await page.getByLabel("Recovery code").fill(recoveryCodes[0]!);
    await page.getByRole("button", { name: "Verify" }).click();
    await expect(page.getByText("That code is not right, or it was already used.")).toBeVisible();
    expect((await page.request.get("/api/v1/me")).status()).toBe(401);

    const events = await sql<{ action: string; count: string }>(
      `SELECT a.action, count(*) FROM "AuditEvent" a JOIN "User" u ON u.id = a."actorId" WHERE u.email = $1 AND a.action LIKE 'auth.%' GROUP BY a.action`,
      [email],
    );
    const counts = Object.fromEntries(events.map((row) => [row.action, Number(row.count)]));
    expect(counts).toMatchObject({ "auth.mfa.enabled": 1, "auth.mfa.failed": 2, "auth.mfa.recovery_code_used": 1 });
  });

  test("an organisation that requires MFA sends members without it to enrolment first", async ({ page, browser }) => {
    // A fresh organisation of its own, so no other spec meets the requirement.
    const ownerPassword = "owner-e2e-passphrase-1";
    const { slug } = await signUpOrganizationOwner(page.request, { name: "Mfa Owner", emailPrefix: "mfa-owner", password: ownerPassword, organizationPrefix: "Strict" });
    const memberPassword = "member-e2e-passphrase-1";
    const memberEmail = await createMember(slug, "EDITOR", memberPassword);

    // The owner cannot switch the requirement on before having it themselves…
    await page.goto(`/${slug}/settings`);
    const security = page.getByRole("region", { name: "Sign-in security" });
    await expect(security.getByText("0 of 2 members have two-factor authentication on.")).toBeVisible();
    await expect(security.getByLabel("Require two-factor authentication")).toBeDisabled();
    await expect(security.getByText(/Set up two-factor authentication for your own account first/)).toBeVisible();
    const early = await page.request.put("/api/v1/settings/security", { data: { requireMfa: true, ssoOnly: false }, headers: { "x-bulwark-org": slug } });
    expect(early.status()).toBe(409);
    expect(await early.json()).toMatchObject({ detail: expect.stringMatching(/your own account first/) });

    // …so they enrol, then switch it on with no grace period: members must enrol at once.
    await page.goto(`/${slug}/account`);
    await enrolOnAccountPage(page, ownerPassword);
    await page.goto(`/${slug}/settings`);
    await expect(security.getByText("1 of 2 members have two-factor authentication on.")).toBeVisible();
    await security.getByLabel("Require two-factor authentication").check();
    await expect(security.getByText(/^1 member has no two-factor authentication yet\./)).toBeVisible();
    await security.getByLabel("Grace period (days)").fill("0");
    await security.getByRole("button", { name: "Save sign-in security" }).click();
    await expect(security.getByText("Saved.")).toBeVisible();
    // The owner, with MFA, goes on working.
    await page.goto(`/${slug}/apis`);
    await expect(page.getByRole("heading", { name: "API inventory" })).toBeVisible();

    // A member signs in with a password: straight to enrolment, and the API refuses until then.
    const member = await browser.newContext();
    const memberPage = await member.newPage();
    await signInWithPassword(memberPage, memberEmail, memberPassword);
    await expect(memberPage).toHaveURL(/\/mfa-setup\?next=/);
    await expect(memberPage.getByRole("heading", { name: "Set up two-factor authentication" })).toBeVisible();
    const refused = await memberPage.request.get("/api/v1/apis", { headers: { "x-bulwark-org": slug } });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "MFA_ENROLMENT_REQUIRED" });
    // Their own account endpoints still work, so they can enrol.
    expect((await memberPage.request.get("/api/v1/me/mfa")).status()).toBe(200);

    await memberPage.getByLabel("Your password").fill(memberPassword);
    await memberPage.getByRole("button", { name: "Set up two-factor authentication" }).click();
    await finishEnrolment(memberPage);
    await expect(memberPage).toHaveURL(new RegExp(`/${slug}/apis$`));
    await expect(memberPage.getByRole("heading", { name: "API inventory" })).toBeVisible();
    expect((await memberPage.request.get("/api/v1/apis", { headers: { "x-bulwark-org": slug } })).status()).toBe(200);
    await member.close();
  });
});
