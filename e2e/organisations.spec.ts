import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/constants";
import { sql } from "./support/db";

test.describe("organisations, invitations and roles", () => {
  test("an admin invites someone; they join through the link with a new account", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storageStateFor("admin") });
    const adminPage = await admin.newPage();
    const email = `newcomer-${Date.now().toString(36)}@example.test`;
    await adminPage.goto("/acme-payments/members");
    await adminPage.getByLabel("Email", { exact: true }).fill(email);
    await adminPage.getByLabel("Role", { exact: true }).selectOption("EDITOR");
    await adminPage.getByRole("button", { name: "Create invitation link" }).click();
    const link = (await adminPage.getByTestId("invitation-link").textContent())!.trim();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);
    await expect(adminPage.getByText(`${email} as editor`)).toBeVisible();

    const newcomer = await browser.newContext();
    const page = await newcomer.newPage();
    await page.goto(new URL(link).pathname);
    await expect(page.getByRole("heading", { name: "Join Acme Payments" })).toBeVisible();
    await page.getByLabel("Your name").fill("Nora Newcomer");
    await page.getByLabel("Choose a password").fill("short");
    await page.getByRole("button", { name: "Create account and join" }).click();
    await expect(page.getByText("Use at least 12 characters.")).toBeVisible();
    await page.getByLabel("Choose a password").fill("a-long-enough-password");
    await page.getByRole("button", { name: "Create account and join" }).click();
    await expect(page).toHaveURL(/\/acme-payments\/apis$/);
    await expect(page.getByRole("banner").getByText("Nora Newcomer")).toBeVisible();
    await expect(page.getByRole("link", { name: "Add API" })).toBeVisible();

    expect(await sql(`SELECT m.role FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, [email])).toEqual([{ role: "EDITOR" }]);
    // The link works once.
    await page.goto(new URL(link).pathname);
    await expect(page.getByText("This invitation link is not valid any more")).toBeVisible();

    await adminPage.reload();
    await expect(adminPage.getByRole("cell", { name: new RegExp(email) })).toBeVisible();
    await admin.close();
    await newcomer.close();
  });

  test("signing up creates an organisation; a second one appears in the switcher", async ({ page }) => {
    const email = `founder-${Date.now().toString(36)}@example.test`;
    await page.goto("/signup");
    await page.getByLabel("Organisation").fill("Initech Security");
    await page.getByLabel("Your name").fill("Peter Founder");
    await page.getByLabel("Work email").fill(email);
    await page.getByLabel("Password").fill("founder-password-123");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await expect(page).toHaveURL(/\/initech-security[a-z0-9-]*\/apis$/);
    await expect(page.getByText("No APIs yet")).toBeVisible();
    await expect(page.getByRole("banner").getByText("Owner", { exact: true })).toBeVisible();

    await page.getByRole("link", { name: "Account" }).click();
    await page.getByLabel("Name", { exact: true }).fill("Initech Labs");
    await page.getByRole("button", { name: "Create organisation" }).click();
    await expect(page).toHaveURL(/\/initech-labs[a-z0-9-]*\/apis$/);
    const switcher = page.getByRole("combobox", { name: "Organisation" });
    await expect(switcher.locator("option")).toHaveText(["Initech Labs", "Initech Security"]);

    const firstSlug = (await sql<{ slug: string }>(`SELECT slug FROM "Organization" WHERE name = 'Initech Security' ORDER BY "createdAt" DESC LIMIT 1`))[0]!.slug;
    await switcher.selectOption(firstSlug);
    await expect(page).toHaveURL(new RegExp(`/${firstSlug}/apis$`));
    // The API without an org header now acts in the organisation chosen last.
    const created = await page.request.post("/api/v1/apis", { data: { name: "Made after switching" } });
    expect(created.status()).toBe(201);
    expect(await sql(`SELECT o.slug FROM "Api" a JOIN "Organization" o ON o.id = a."orgId" WHERE a.name = 'Made after switching'`)).toEqual([{ slug: firstSlug }]);
  });

  test("an organisation whose name starts with 'API' still gets the page CSP", async ({ page }) => {
    const email = `api-guild-${Date.now().toString(36)}@example.test`;
    const created = await page.request.post("/api/v1/signup", { data: { name: "Ana Guild", email, password: "api-guild-password", organizationName: "API Guild" } });
    expect(created.status()).toBe(201);
    const slug = ((await created.json()) as { data: { org: { slug: string } } }).data.org.slug;
    expect(slug).toMatch(/^api-guild/);
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("api-guild-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/apis$`));
    const response = await page.request.get(`/${slug}/apis`);
    expect(response.headers()["content-security-policy"]).toMatch(/script-src 'self' 'nonce-/);
  });

  test("an admin changes a member's role; the member's next request uses it", async ({ browser }) => {
    const admin = await browser.newContext({ storageState: storageStateFor("admin") });
    const page = await admin.newPage();
    const member = await browser.newContext();
    const { createMember } = await import("./support/db");
    const { signInWithRequest } = await import("./support/session");
    // A name of its own: other specs add "E2E Person" members to the same organisation.
    const name = `Rolf Rolechange ${Date.now().toString(36)}`;
    const email = await createMember("acme-payments", "EDITOR", "role-change-password", name);
    expect(await signInWithRequest(member.request, email, "role-change-password")).toBe(200);
    expect((await member.request.post("/api/v1/apis", { data: { name: `Before demotion ${Date.now()}` } })).status()).toBe(201);

    await page.goto("/acme-payments/members");
    await page.getByRole("combobox", { name: `Role of ${name}` }).selectOption("VIEWER");
    await expect.poll(async () => (await sql<{ role: string }>(`SELECT m.role FROM "Membership" m JOIN "User" u ON u.id = m."userId" WHERE u.email = $1`, [email]))[0]!.role).toBe("VIEWER");
    expect((await member.request.post("/api/v1/apis", { data: { name: `After demotion ${Date.now()}` } })).status()).toBe(403);
    expect(await sql(`SELECT metadata->>'to' AS "to" FROM "AuditEvent" WHERE action = 'member.role_changed' AND metadata->>'email' = $1`, [email])).toEqual([{ to: "VIEWER" }]);
    await admin.close();
    await member.close();
  });
});
