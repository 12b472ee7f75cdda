import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/constants";
import { apiIdByName, sql } from "./support/db";

test.use({ storageState: storageStateFor("editor") });

const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

test.describe("API inventory", () => {
  test("create an API through the form, see it on its page and in the database", async ({ page }) => {
    const name = unique("Checkout API");
    await page.goto("/acme-payments/apis");
    await page.getByRole("link", { name: "Add API" }).click();
    await page.getByLabel("Name").fill(name);
    await page.getByLabel("Description").fill("Takes the basket to payment.");
    await page.getByLabel("Owning team").fill("Checkout Squad");
    await page.getByLabel("Exposure").selectOption("INTERNET");
    await page.getByLabel("Lifecycle").selectOption("ACTIVE");
    await page.getByLabel("Data classification").selectOption("CONFIDENTIAL");
    await page.getByRole("checkbox", { name: "PII" }).check();
    await page.getByRole("checkbox", { name: "OAuth 2 / OIDC" }).check();
    await page.getByLabel("Tags").fill("checkout, Payments");
    await page.getByRole("button", { name: "Add environment" }).click();
    await page.getByLabel("Environment name").fill("production");
    await page.getByLabel("Base URL").fill("https://checkout.acme.test");
    await page.getByRole("button", { name: "Create API" }).click();

    await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
    await expect(page.getByText("https://checkout.acme.test")).toBeVisible();
    await expect(page.getByText("Checkout Squad")).toBeVisible();

    const rows = await sql<{ exposure: string; tags: string[]; org: string; team: string }>(
      `SELECT a.exposure, a.tags, o.slug AS org, t.name AS team FROM "Api" a JOIN "Organization" o ON o.id = a."orgId" JOIN "Team" t ON t.id = a."teamId" WHERE a.name = $1`,
      [name],
    );
    expect(rows).toEqual([{ exposure: "INTERNET", tags: ["checkout", "payments"], org: "acme-payments", team: "Checkout Squad" }]);
  });

  test("invalid input is shown next to each field and nothing is saved", async ({ page }) => {
    await page.goto("/acme-payments/apis/new");
    await page.getByRole("button", { name: "Add environment" }).click();
    await page.getByLabel("Base URL").fill("javascript:alert(1)");
    await page.getByLabel("Spec URL").fill("not a url");
    await page.getByRole("button", { name: "Create API" }).click();

    await expect(page.getByText("Enter a name.")).toBeVisible();
    await expect(page.getByText("The base URL must be an http:// or https:// URL.")).toBeVisible();
    await expect(page.getByText("The spec URL must be an http:// or https:// URL.")).toBeVisible();
    const nameField = page.getByRole("textbox", { name: "Name", exact: true });
    await expect(nameField).toHaveAttribute("aria-invalid", "true");
    await expect(nameField).toBeFocused();
    expect(await sql(`SELECT 1 FROM "Api" WHERE "specUrl" = 'not a url'`)).toHaveLength(0);
    await expect(page).toHaveURL(/\/apis\/new$/);
  });

  test("the server's answer to a duplicate name appears on the name field", async ({ page }) => {
    await page.goto("/acme-payments/apis/new");
    await page.getByLabel("Name").fill("Payments API");
    await page.getByRole("button", { name: "Create API" }).click();
    await expect(page.getByText("An API with this name already exists. Choose another name.")).toBeVisible();
    const rows = await sql(`SELECT 1 FROM "Api" WHERE name = 'Payments API'`);
    expect(rows).toHaveLength(1);
  });

  test("edit an API; the version goes up", async ({ page, request }) => {
    const name = unique("Edit me");
    const created = await request.post("/api/v1/apis", { data: { name, exposure: "INTERNAL" } });
    expect(created.status()).toBe(201);
    const { data } = (await created.json()) as { data: { id: string } };

    await page.goto(`/acme-payments/apis/${data.id}`);
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Exposure").selectOption("PARTNER");
    await page.getByLabel("Description").fill("Now reachable by partners.");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(new RegExp(`/apis/${data.id}$`));
    await expect(page.getByText("Now reachable by partners.")).toBeVisible();
    await expect(page.getByText("version 2")).toBeVisible();
    expect(await sql(`SELECT exposure, version FROM "Api" WHERE id = $1`, [data.id])).toEqual([{ exposure: "PARTNER", version: 2 }]);
  });

  test("a stale save is refused with 409, the form says so, keeps the edits, and offers to reload", async ({ page, request }) => {
    const name = unique("Contended");
    const created = (await (await request.post("/api/v1/apis", { data: { name } })).json()) as { data: { id: string } };
    await page.goto(`/acme-payments/apis/${created.data.id}/edit`);
    await expect(page.getByLabel("Name")).toHaveValue(name);

    // Someone else saves first.
    const theirs = await request.patch(`/api/v1/apis/${created.data.id}`, { data: { version: 1, description: "Their change" } });
    expect(theirs.status()).toBe(200);

    await page.getByLabel("Description").fill("My change");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Someone else changed this API" })).toBeVisible();
    await expect(page.getByLabel("Description")).toHaveValue("My change");
    expect(await sql(`SELECT description FROM "Api" WHERE id = $1`, [created.data.id])).toEqual([{ description: "Their change" }]);

    await page.getByRole("button", { name: /Reload their version/ }).click();
    await expect(page.getByLabel("Description")).toHaveValue("Their change");
    await page.getByLabel("Description").fill("My change, on top of theirs");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page).toHaveURL(new RegExp(`/apis/${created.data.id}$`));
    await expect(page.getByText("My change, on top of theirs")).toBeVisible();
    expect(await sql(`SELECT version FROM "Api" WHERE id = $1`, [created.data.id])).toEqual([{ version: 3 }]);
  });

  test("delete asks for confirmation; keeping it keeps it, confirming removes it", async ({ page, request }) => {
    const name = unique("Doomed");
    const created = (await (await request.post("/api/v1/apis", { data: { name, environments: [{ name: "prod", baseUrl: "https://doomed.test" }] } })).json()) as { data: { id: string } };
    await page.goto(`/acme-payments/apis/${created.data.id}`);

    await page.getByRole("button", { name: "Delete" }).click();
    const dialog = page.getByRole("dialog", { name: `Delete ${name}?` });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Keep it" }).click();
    await expect(dialog).toBeHidden();
    expect(await sql(`SELECT 1 FROM "Api" WHERE id = $1`, [created.data.id])).toHaveLength(1);

    await page.getByRole("button", { name: "Delete" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Delete API" }).click();
    await expect(page).toHaveURL(/\/acme-payments\/apis$/);
    expect(await sql(`SELECT 1 FROM "Api" WHERE id = $1`, [created.data.id])).toHaveLength(0);
    expect(await sql(`SELECT 1 FROM "ApiEnvironment" WHERE "apiId" = $1`, [created.data.id])).toHaveLength(0);
    expect(await sql(`SELECT metadata->>'name' AS name FROM "AuditEvent" WHERE action = 'api.deleted' AND "targetId" = $1`, [created.data.id])).toEqual([{ name }]);
  });

  test("search, filters and sorting live in the URL and change the rows", async ({ page }) => {
    // Other specs add APIs to the same organisation, so start from a tag only seeded APIs carry.
    await page.goto("/acme-payments/apis?tag=finance");
    await expect(page.getByRole("link", { name: "Ledger", exact: true })).toBeVisible();
    await expect(page.getByRole("link", { name: "Settlement Reports" })).toBeVisible();

    await page.getByLabel("Exposure").selectOption("PARTNER");
    await expect(page).toHaveURL(/exposure=PARTNER/);
    await expect(page).toHaveURL(/tag=finance/);
    await expect(page.getByRole("link", { name: "Ledger", exact: true })).toBeHidden();
    await expect(page.getByRole("link", { name: "Settlement Reports" })).toBeVisible();

    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/apis$/);
    await page.getByLabel("Search APIs").fill("cardholders");
    await expect(page).toHaveURL(/q=cardholders/);
    await expect(page.getByRole("row")).toHaveCount(2); // header + Customer Profile
    await expect(page.getByRole("link", { name: "Customer Profile" })).toBeVisible();

    await page.reload();
    await expect(page.getByLabel("Search APIs")).toHaveValue("cardholders");
    await expect(page.getByRole("link", { name: "Customer Profile" })).toBeVisible();

    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(/\/apis$/);
    await page.getByRole("button", { name: /^Name/ }).click();
    await expect(page).toHaveURL(/sort=-name/);
    await expect(page.getByRole("columnheader", { name: /Name/ })).toHaveAttribute("aria-sort", "descending");
  });

  test("pagination walks every API once", async ({ page, request }) => {
    const prefix = unique("Paged");
    for (let i = 0; i < 27; i++) {
      expect((await request.post("/api/v1/apis", { data: { name: `${prefix} ${String(i).padStart(2, "0")}`, tags: ["paged-run"] } })).status()).toBe(201);
    }
    await page.goto(`/acme-payments/apis?tag=paged-run`);
    await expect(page.getByText(/^1–25 of \d+ APIs$/)).toBeVisible();
    const total = Number((await page.getByText(/^1–25 of \d+ APIs$/).textContent())!.match(/of (\d+)/)![1]);
    expect(total).toBeGreaterThanOrEqual(27);
    const seen: string[] = [];
    for (let first = 1; first <= total; first += 25) {
      const last = Math.min(first + 24, total);
      await expect(page.getByText(`${first}–${last} of ${total} APIs`)).toBeVisible();
      seen.push(...(await page.getByRole("table").getByRole("link").allTextContents()));
      if (last < total) await page.getByRole("button", { name: "Next" }).click();
    }
    await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);

    await page.getByRole("button", { name: "Previous" }).click();
    await expect(page.getByText(`1–25 of ${total} APIs`)).toBeVisible();
  });

  test("an API's page links its tags to the filtered list", async ({ page }) => {
    const id = await apiIdByName("Refunds");
    await page.goto(`/acme-payments/apis/${id}`);
    await page.getByRole("link", { name: "payments", exact: true }).click();
    await expect(page).toHaveURL(/tag=payments/);
    await expect(page.getByRole("link", { name: "Refunds" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Ledger", exact: true })).toBeHidden();
  });
});
