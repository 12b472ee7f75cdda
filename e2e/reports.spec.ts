import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/constants";
import { sql } from "./support/db";

// Downloads from the UI: a threat model PDF from the model's page (through the export job, with
// progress) and a CSV from the Exports page. The files are checked, not just their names.

test.describe("reports and exports", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("a viewer downloads a threat model PDF from the model page", async ({ page }) => {
    const [model] = await sql<{ id: string; api: string; modelVersion: number }>(
      `SELECT m.id, a.name AS api, m."modelVersion" FROM "ThreatModel" m JOIN "Api" a ON a.id = m."apiId" JOIN "Organization" o ON o.id = m."orgId"
        WHERE o.slug = 'acme-payments' AND m.status = 'APPROVED' AND EXISTS (SELECT 1 FROM "Threat" t WHERE t."threatModelId" = m.id) ORDER BY a.name LIMIT 1`,
    );
    expect(model).toBeDefined();
    await page.goto(`/acme-payments/threat-models/${model!.id}`);
    const button = page.getByRole("button", { name: "Export PDF" });
    await expect(button).toBeVisible();
    const downloading = page.waitForEvent("download", { timeout: 30_000 });
    await button.click();
    const download = await downloading;
    const slug = model!.api.replace(/[^\p{L}\p{N}._-]+/gu, "-");
    expect(download.suggestedFilename()).toMatch(new RegExp(`^acme-payments_${slug}_threat-model-v${model!.modelVersion}_\\d{4}-\\d{2}-\\d{2}\\.pdf$`));
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 5).toString()).toBe("%PDF-");
    expect(bytes.length).toBeGreaterThan(5_000);
    await expect(page.getByRole("link", { name: /download .*\.pdf again/ })).toBeVisible();
  });

  test("a viewer downloads the inventory as CSV from the Exports page", async ({ page }) => {
    await page.goto("/acme-payments/exports");
    await expect(page.getByRole("heading", { name: "Exports", level: 1 })).toBeVisible();
    // Only admins see the whole-organisation export and import.
    await expect(page.getByRole("heading", { name: "Whole organisation" })).toHaveCount(0);
    const downloading = page.waitForEvent("download", { timeout: 30_000 });
    await page.getByRole("button", { name: "API inventory CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(/^acme-payments_inventory_\d{4}-\d{2}-\d{2}\.csv$/);
    const text = readFileSync((await download.path())!, "utf8");
    expect(text.startsWith("\uFEFFid,name,description,team,")).toBe(true);
    expect(text).toContain("Payments API");
    await expect(page.getByRole("table", { name: "Your recent exports" }).getByRole("link", { name: download.suggestedFilename() })).toBeVisible();
  });
});
