import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/constants";
import { sql } from "./support/db";

test.use({ storageState: storageStateFor("editor") });

const fixture = (name: string) => path.join(process.cwd(), "tests/fixtures/specs", name);
const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

async function freshApi(request: import("@playwright/test").APIRequestContext, name: string): Promise<string> {
  const response = await request.post("/api/v1/apis", { data: { name } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { data: { id: string } }).data.id;
}

test.describe("OpenAPI import", () => {
  test("upload a spec, see the diff, apply it; then re-import a changed version and apply its diff", async ({ page, request }) => {
    const id = await freshApi(request, unique("Kennel"));
    await page.goto(`/acme-payments/apis/${id}?tab=operations`);
    await expect(page.getByText("No operations yet")).toBeVisible();

    await page.getByRole("button", { name: "Import spec" }).click();
    const dialog = page.getByRole("dialog", { name: "Import an OpenAPI spec" });
    await dialog.getByLabel(/OpenAPI 3.0\/3.1 or Swagger 2.0 file/).setInputFiles(fixture("kennel-3.0.yaml"));
    await dialog.getByRole("button", { name: "Check spec" }).click();
    await expect(dialog.getByText("Kennel API 1.4.0 · OpenAPI 3.0 · 6 operations")).toBeVisible();
    await expect(dialog.getByRole("definition").first()).toHaveText("6");
    expect(await sql(`SELECT count(*)::int AS n FROM "Operation" WHERE "apiId" = $1`, [id])).toEqual([{ n: 0 }]);

    await dialog.getByRole("button", { name: "Apply import" }).click();
    await expect(dialog.getByText(/6 operations on record; \d+ lint findings/)).toBeVisible();
    await dialog.getByRole("button", { name: "Close" }).click();

    const table = page.getByRole("table", { name: "Operations of this API" });
    await expect(table.getByRole("row")).toHaveCount(7);
    const bookings = table.getByRole("row").filter({ hasText: "/bookings" });
    await expect(bookings.getByText("Unbounded list")).toBeVisible();
    await expect(table.getByRole("row").filter({ hasText: "/pets/{petId}/photo" }).getByText("File upload")).toBeVisible();
    await expect(table.getByText("Not yet modelled")).toHaveCount(6);

    await page.getByLabel("Flag").selectOption("id-path-param");
    await expect(table.getByRole("row")).toHaveCount(4);
    await page.getByLabel("Flag").selectOption("");

    await page.getByRole("tab", { name: "Spec findings" }).click();
    await expect(page.getByRole("heading", { name: "Findings by rule" })).toBeVisible();
    await page.getByRole("button", { name: /API4 · rate limit\b/ }).first().click();
    await expect(page.getByText(/^\d+ findings? for API4 · rate limit$/)).toBeVisible();
    const findings = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM "LintFinding" WHERE "apiId" = $1 AND "ruleId" LIKE 'owasp:%'`, [id]);
    expect(findings[0]!.n).toBeGreaterThan(10);

    // Version 2: one operation gone, one new, two changed.
    await page.getByRole("button", { name: "Import spec" }).click();
    await dialog.getByLabel(/OpenAPI 3.0\/3.1 or Swagger 2.0 file/).setInputFiles(fixture("kennel-3.0-v2.yaml"));
    await dialog.getByRole("button", { name: "Check spec" }).click();
    const counts = dialog.getByRole("definition");
    await expect(counts).toHaveText(["1", "1", "2", "3"]);
    await expect(dialog.getByText("/pets/{petId}/vaccinations")).toBeVisible();
    await expect(dialog.getByText("/bookings")).toBeVisible();
    await dialog.getByRole("button", { name: "Apply import" }).click();
    await expect(dialog.getByText(/operations on record/)).toBeVisible();
    await dialog.getByRole("button", { name: "Close" }).click();

    await page.getByRole("tab", { name: "Operations" }).click();
    await expect(table.getByText("/pets/{petId}/vaccinations")).toBeVisible();
    await expect(table.getByText("/bookings")).toHaveCount(0);
    await page.getByLabel("State").selectOption("with-removed");
    await expect(table.getByRole("row").filter({ hasText: "/bookings" }).getByText("Removed from spec")).toBeVisible();

    await page.getByRole("tab", { name: "Import history" }).click();
    await expect(page.getByText(/\+1 −1 ~2/)).toBeVisible();
    expect(await sql(`SELECT "apiVersion" FROM "Api" WHERE id = $1`, [id])).toEqual([{ apiVersion: "2.0.0" }]);
  });

  test("a broken spec is refused with the line of the problem, and nothing is saved", async ({ page, request }) => {
    const id = await freshApi(request, unique("Broken"));
    await page.goto(`/acme-payments/apis/${id}`);
    await page.getByRole("button", { name: "Import spec" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByRole("tab", { name: "Paste" }).click();
    await dialog.getByLabel("Spec text (JSON or YAML)").fill(readFileSync(fixture("broken/invalid-yaml.yaml"), "utf8"));
    await dialog.getByRole("button", { name: "Check spec" }).click();
    await expect(dialog.getByText("The spec could not be imported")).toBeVisible();
    await expect(dialog.getByText(/not valid YAML.*\(line \d+\)/)).toBeVisible();
    expect(await sql(`SELECT count(*)::int AS n FROM "SpecImport" WHERE "apiId" = $1`, [id])).toEqual([{ n: 0 }]);
  });

  test("create a new API from a pasted spec: the form is prefilled and the operations are imported", async ({ page }) => {
    const text = readFileSync(fixture("events-3.1.yaml"), "utf8").replace("title: Events API", `title: ${unique("Events API")}`);
    await page.goto("/acme-payments/apis");
    await page.getByRole("link", { name: "Import from OpenAPI" }).click();
    await page.getByRole("tab", { name: "Paste" }).click();
    await page.getByLabel("Spec text (JSON or YAML)").fill(text);
    await page.getByRole("button", { name: "Read spec" }).click();
    await expect(page.getByText(/OpenAPI 3.1 · 5 operations/)).toBeVisible();
    const name = await page.getByRole("textbox", { name: "Name", exact: true }).inputValue();
    expect(name).toMatch(/^Events API /);
    await expect(page.getByLabel("Version")).toHaveValue("2026.11");
    await expect(page.getByLabel("Base URL")).toHaveValue("https://events.example.com");
    await page.getByRole("button", { name: "Create API and import spec" }).click();
    await expect(page).toHaveURL(/\/apis\/[a-z0-9]+\?tab=operations$/);
    const table = page.getByRole("table", { name: "Operations of this API" });
    await expect(table.getByRole("row")).toHaveCount(6);
    await expect(table.getByRole("row").filter({ hasText: "webhook:eventCreated" }).getByText("Webhook", { exact: true })).toBeVisible();
    await expect(table.getByRole("row").filter({ hasText: "/health" }).getByText("None")).toBeVisible();
    expect(await sql(`SELECT o.source FROM "SpecImport" o JOIN "Api" a ON a.id = o."apiId" WHERE a.name = $1`, [name])).toEqual([{ source: "PASTE" }]);
  });

  test("bad input over HTTP: each a 4xx problem+json that says what is wrong, and nothing is saved", async ({ request }) => {
    const id = await freshApi(request, unique("Bad input"));
    const post = (body: Buffer | string, type = "application/yaml") => request.post(`/api/v1/apis/${id}/spec`, { data: typeof body === "string" ? Buffer.from(body) : body, headers: { "content-type": type } });

    const huge = await post(Buffer.alloc(11 * 1024 * 1024, 0x61));
    expect(huge.status()).toBe(413);
    expect((await huge.json()).detail).toMatch(/larger than 10 MB/);

    const binary = await post(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]), "application/octet-stream");
    expect(binary.status()).toBe(415);
    const binaryAsYaml = await post(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]));
    expect(binaryAsYaml.status()).toBe(422);
    expect((await binaryAsYaml.json()).detail).toMatch(/binary/);

    const notOpenApi = await post(readFileSync(fixture("broken/not-openapi.yaml"), "utf8"));
    expect(notOpenApi.status()).toBe(422);
    expect((await notOpenApi.json()).detail).toMatch(/not an OpenAPI document/);

    const invalidJson = await post(readFileSync(fixture("broken/invalid-json.json"), "utf8"), "application/json");
    expect(invalidJson.status()).toBe(422);
    expect(((await invalidJson.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe("line 6");

    const circular = await post(readFileSync(fixture("broken/circular-ref.yaml"), "utf8"));
    expect(circular.status()).toBe(422);
    expect(((await circular.json()) as { errors: { pointer: string }[] }).errors[0]!.pointer).toMatch(/\$ref$/);

    const lines = ["openapi: 3.0.3", "info: { title: Huge, version: '1' }", "paths:"];
    for (let i = 0; i < 20_000; i++) lines.push(`  /r${i}:`, `    get: { responses: { "200": { description: ok } } }`);
    const tooMany = await post(lines.join("\n"));
    expect(tooMany.status()).toBe(422);
    expect((await tooMany.json()).detail).toMatch(/20,000 operations; Bulwark imports at most 5,000/);

    for (const response of [huge, binaryAsYaml, notOpenApi, invalidJson, circular, tooMany]) {
      expect(response.headers()["content-type"]).toContain("application/problem+json");
    }
    expect(await sql(`SELECT (SELECT count(*) FROM "SpecImport" WHERE "apiId" = $1)::int AS imports, (SELECT count(*) FROM "Operation" WHERE "apiId" = $1)::int AS operations`, [id])).toEqual([{ imports: 0, operations: 0 }]);
  });

  test("a large spec shows progress while it is imported", async ({ page, request }) => {
    const id = await freshApi(request, unique("Large"));
    const paths: string[] = [];
    for (let i = 0; i < 400; i++) {
      paths.push(`  /things${i}/{thingId}:\n    get:\n      operationId: getThing${i}\n      parameters:\n        - { name: thingId, in: path, required: true, schema: { type: string } }\n      responses:\n        "200":\n          description: ok\n`);
    }
    const file = path.join(os.tmpdir(), `large-${Date.now()}.yaml`);
    writeFileSync(file, `openapi: 3.0.3\ninfo: { title: Large, version: "1" }\npaths:\n${paths.join("")}`);
    await page.goto(`/acme-payments/apis/${id}`);
    await page.getByRole("button", { name: "Import spec" }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(/OpenAPI 3.0\/3.1 or Swagger 2.0 file/).setInputFiles(file);
    await dialog.getByRole("button", { name: "Check spec" }).click();
    await expect(dialog.getByText("Large 1 · OpenAPI 3.0 · 400 operations")).toBeVisible();
    await dialog.getByRole("button", { name: "Apply import" }).click();
    await expect(dialog.getByRole("progressbar", { name: "Import progress" })).toBeVisible();
    await expect(dialog.getByText(/400 operations on record/)).toBeVisible({ timeout: 20_000 });
  });
});
