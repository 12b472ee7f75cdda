import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/constants";
import { sql } from "./support/db";

// Settings → Spec rules as an admin uses it: find a rule, switch it off, and the next threat model
// no longer pre-answers what only that rule found. Globex's admin, so no other spec's Acme models
// see the switch while it is off.

const RULE = "unbounded-collection-response";

test.use({ storageState: storageStateFor("globex") });

test("an admin switches a spec rule off in Settings; the next model no longer pre-answers it; on again", async ({ page, request }) => {
  await page.goto("/globex/settings");
  await expect(page.getByRole("heading", { name: "Spec rules" })).toBeVisible();
  await page.getByLabel("Filter spec rules").fill("array");
  const rule = page.getByRole("switch", { name: `Rule ${RULE}` });
  await expect(rule).toHaveAttribute("aria-checked", "true");
  await rule.click();
  await expect(rule).toHaveAttribute("aria-checked", "false");
  await page.reload();
  await page.getByLabel("Filter spec rules").fill("array");
  await expect(page.getByRole("switch", { name: `Rule ${RULE}` })).toHaveAttribute("aria-checked", "false");

  const headers = { "x-bulwark-org": "globex" };
  const api = ((await (await request.post("/api/v1/apis", { headers, data: { name: `Rule switch ${Date.now().toString(36)}`, exposure: "INTERNET" } })).json()) as { data: { id: string } }).data;
  const spec = readFileSync(path.join(process.cwd(), "tests/fixtures/specs/vulnerable-3.0.yaml"));
  expect((await request.post(`/api/v1/apis/${api.id}/spec`, { data: spec, headers: { ...headers, "content-type": "application/yaml" } })).status()).toBe(201);
  const preAnswered = async () => {
    const model = ((await (await request.post("/api/v1/threat-models", { headers, data: { apiId: api.id } })).json()) as { data: { id: string } }).data;
    return (await sql<{ entryKey: string }>(`SELECT "entryKey" FROM "ChecklistAnswer" WHERE "threatModelId" = $1 AND "ruleAnswer" IS NOT NULL`, [model.id])).map((row) => row.entryKey);
  };
  const without = await preAnswered();
  expect(without).not.toContain("api4-unbounded-lists");
  expect(without).toContain("api1-object-id-in-path");

  await page.getByRole("switch", { name: `Rule ${RULE}` }).click();
  await expect(page.getByRole("switch", { name: `Rule ${RULE}` })).toHaveAttribute("aria-checked", "true");
  expect(await preAnswered()).toContain("api4-unbounded-lists");
});
