import { expect, test } from "@playwright/test";
import { createMember, sql } from "./support/db";
import { signInWithPassword, signUpOrganizationOwner } from "./support/session";

// Requiring MFA gives members a grace period: the owner sees how many members it affects before
// saving, members without MFA keep working with a banner that says from when, and once the
// deadline has passed they are sent to enrolment (the forced case is in mfa.spec.ts too).

test.describe("MFA grace period", () => {
  // A sign-up and two password sign-ins (argon2 each) on a shared two-core machine.
  test.setTimeout(60_000);

  test("members without MFA see a banner with the deadline, then must enrol once it has passed", async ({ page, browser }) => {
    // A fresh organisation of its own, so no other spec meets the requirement.
    const ownerPassword = "grace-owner-e2e-passphrase";
    const { email: ownerEmail, slug } = await signUpOrganizationOwner(page.request, { name: "Grace Owner", emailPrefix: "grace-owner", password: ownerPassword, organizationPrefix: "Grace" });
    const memberPassword = "grace-member-e2e-passphrase";
    const memberEmail = await createMember(slug, "EDITOR", memberPassword);
    await createMember(slug, "VIEWER", "grace-viewer-e2e-passphrase");
    // The owner has set up MFA (enrolment itself is covered in mfa.spec.ts); the session reads it
    // from the account on every request.
    await sql(`UPDATE "User" SET "mfaEnabledAt" = now() WHERE email = $1`, [ownerEmail]);

    // Before saving, the owner sees who is affected; seven days is the default grace period.
    await page.goto(`/${slug}/settings`);
    const security = page.getByRole("region", { name: "Sign-in security" });
    await expect(security.getByText("1 of 3 members have two-factor authentication on.")).toBeVisible();
    await security.getByLabel("Require two-factor authentication").check();
    await expect(security.getByText(/^2 members have no two-factor authentication yet\./)).toBeVisible();
    await expect(security.getByLabel("Grace period (days)")).toHaveValue("7");
    await security.getByRole("button", { name: "Save sign-in security" }).click();
    await expect(security.getByText("Saved.")).toBeVisible();
    // As text: the column is a UTC timestamp without a zone, which pg would read as local time.
    const [org] = await sql<{ from: string }>(`SELECT to_char("mfaRequiredFrom", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "from" FROM "Organization" WHERE slug = $1`, [slug]);
    const deadline = new Date(org!.from);
    const days = (deadline.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    // The owner has MFA: no banner for them.
    await page.goto(`/${slug}/apis`);
    await expect(page.getByRole("heading", { name: "API inventory" })).toBeVisible();
    await expect(page.getByText("Your organisation requires two-factor authentication")).toHaveCount(0);

    // A member without MFA works on, reminded on every page of the organisation.
    const member = await browser.newContext();
    const memberPage = await member.newPage();
    await signInWithPassword(memberPage, memberEmail, memberPassword);
    await expect(memberPage).toHaveURL(new RegExp(`/${slug}/apis$`));
    await expect(memberPage.getByRole("heading", { name: "API inventory" })).toBeVisible();
    const banner = memberPage.getByRole("status").filter({ hasText: "Your organisation requires two-factor authentication from" });
    await expect(banner).toContainText(/from \d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} UTC\. Set it up now\./);
    expect(await banner.locator("time").getAttribute("datetime")).toBe(deadline.toISOString());
    expect((await memberPage.request.get("/api/v1/apis", { headers: { "x-bulwark-org": slug } })).status()).toBe(200);
    await memberPage.goto(`/${slug}/threats`);
    await expect(banner).toBeVisible();
    await banner.getByRole("link", { name: "Set it up now." }).click();
    await expect(memberPage).toHaveURL(new RegExp(`/mfa-setup\\?next=%2F${slug}%2Fapis$`));
    await expect(memberPage.getByRole("heading", { name: "Set up two-factor authentication" })).toBeVisible();

    // The deadline passes: now enrolment comes first, and the API refuses until then.
    await sql(`UPDATE "Organization" SET "mfaRequiredFrom" = now() - interval '1 minute' WHERE slug = $1`, [slug]);
    await memberPage.goto(`/${slug}/apis`);
    await expect(memberPage).toHaveURL(new RegExp(`/mfa-setup\\?next=%2F${slug}%2Fapis$`));
    const refused = await memberPage.request.get("/api/v1/apis", { headers: { "x-bulwark-org": slug } });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ code: "MFA_ENROLMENT_REQUIRED" });
    await member.close();
  });
});
