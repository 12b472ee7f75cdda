import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/constants";
import { apiIdByName, sql } from "./support/db";

test.describe("a Globex admin cannot reach Acme's data", () => {
  test.use({ storageState: storageStateFor("globex") });

  test("an Acme API id answers 404 on the page and in /api/v1, exactly like a missing id", async ({ page, request }) => {
    const acmeId = await apiIdByName("Payments API");
    const missingId = "cm0000000000000000000000";

    const foreign = await request.get(`/api/v1/apis/${acmeId}`);
    const missing = await request.get(`/api/v1/apis/${missingId}`);
    expect(foreign.status()).toBe(404);
    expect(await foreign.json()).toEqual(await missing.json());

    expect((await request.patch(`/api/v1/apis/${acmeId}`, { data: { version: 1, name: "Pwned" } })).status()).toBe(404);
    expect((await request.delete(`/api/v1/apis/${acmeId}`)).status()).toBe(404);
    expect(await sql(`SELECT name FROM "Api" WHERE id = $1`, [acmeId])).toEqual([{ name: "Payments API" }]);

    // Naming Acme explicitly does not help: not a member, so no such organisation.
    const viaHeader = await request.get(`/api/v1/apis/${acmeId}`, { headers: { "x-bulwark-org": "acme-payments" } });
    expect(viaHeader.status()).toBe(404);

    const pageResponse = await page.goto(`/globex/apis/${acmeId}`);
    expect(pageResponse?.status()).toBe(404);
    await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
    await expect(page.getByText("Payments API")).toHaveCount(0);

    const orgPage = await page.goto(`/acme-payments/apis`);
    expect(orgPage?.status()).toBe(404);
    const editPage = await page.goto(`/acme-payments/apis/${acmeId}/edit`);
    expect(editPage?.status()).toBe(404);
  });
});

test.describe("a viewer reads but cannot change anything", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("no edit controls in the UI, and the API refuses with 403", async ({ page, request }) => {
    const id = await apiIdByName("Refunds");
    await page.goto("/acme-payments/apis?q=Refunds");
    await expect(page.getByRole("link", { name: "Refunds" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Add API" })).toHaveCount(0);

    await page.goto(`/acme-payments/apis/${id}`);
    await expect(page.getByRole("heading", { name: "Refunds" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Edit" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);

    await page.goto(`/acme-payments/apis/${id}/edit`);
    await expect(page.getByText("does not allow you to edit APIs")).toBeVisible();
    await expect(page.getByRole("button", { name: "Save changes" })).toHaveCount(0);

    const patch = await request.patch(`/api/v1/apis/${id}`, { data: { version: 1, description: "viewer was here" } });
    expect(patch.status()).toBe(403);
    expect(await patch.json()).toMatchObject({ status: 403, code: "FORBIDDEN" });
    expect((await request.post("/api/v1/apis", { data: { name: "Viewer made this" } })).status()).toBe(403);
    expect((await request.delete(`/api/v1/apis/${id}`)).status()).toBe(403);
    expect(await sql(`SELECT description FROM "Api" WHERE id = $1`, [id])).toEqual([{ description: "Full and partial refunds, with approval above a threshold." }]);
  });
});
