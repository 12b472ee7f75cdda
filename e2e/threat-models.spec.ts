import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { storageStateFor } from "./support/constants";
import { sql } from "./support/db";

const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;

test.describe("threat models", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("walk the whole checklist, resume after a reload, score a threat, get it approved by someone else, start version 2 and see the diff", async ({ page, browser, request }) => {
    test.setTimeout(240_000);
    // An internet-facing API with the team's deliberately vulnerable spec.
    const name = unique("Leaky Orders");
    const api = ((await (await request.post("/api/v1/apis", { data: { name, exposure: "INTERNET", dataClassification: "CONFIDENTIAL", lifecycle: "ACTIVE" } })).json()) as { data: { id: string } }).data;
    const spec = readFileSync(path.join(process.cwd(), "tests/fixtures/specs/vulnerable-3.0.yaml"));
    expect((await request.post(`/api/v1/apis/${api.id}/spec`, { data: spec, headers: { "content-type": "application/yaml" } })).status()).toBe(201);

    await page.goto(`/acme-payments/apis/${api.id}?tab=threat-models`);
    await page.getByRole("button", { name: "Start threat model" }).click();
    await expect(page).toHaveURL(/\/threat-models\/[a-z0-9]+$/);
    const modelId = page.url().split("/").pop()!;

    // The rules pre-answered what the inventory tells, each with its reason.
    const preAnswers = await sql<{ entryKey: string; ruleAnswer: string; ruleReason: string }>(
      `SELECT "entryKey", "ruleAnswer", "ruleReason" FROM "ChecklistAnswer" WHERE "threatModelId" = $1 AND "ruleAnswer" IS NOT NULL`,
      [modelId],
    );
    const byKey = Object.fromEntries(preAnswers.map((answer) => [answer.entryKey, answer]));
    expect(byKey["api1-object-id-in-path"]).toMatchObject({ ruleAnswer: "YES" });
    expect(byKey["api1-object-id-in-path"]!.ruleReason).toContain("GET /orders/{orderId}");
    expect(byKey["api1-object-id-in-path"]!.ruleReason).toContain("requires no authentication");
    expect(byKey["api2-unauthenticated-operations"]).toMatchObject({ ruleAnswer: "YES" });
    expect(byKey["api3-sensitive-fields-in-responses"]!.ruleReason).toContain("password");
    // No sign-in or code-check endpoint here: throttling stays an API-wide question.
    expect(byKey["api4-no-rate-limiting"]).toMatchObject({ ruleAnswer: "UNSURE" });
    expect(byKey["api7-url-inputs"]!.ruleReason).toContain("POST /fetch-preview");

    // Walk every step: confirm the rules' answers, answer the rest.
    const stepHeading = page.getByText(/^Step \d+ of \d+$/);
    const total = Number((await stepHeading.textContent())!.match(/of (\d+)/)![1]);
    for (let step = 1; step <= total; step++) {
      await expect(stepHeading).toHaveText(`Step ${step} of ${total}`);
      const groups = page.getByRole("main").getByRole("group").filter({ has: page.getByRole("radiogroup") });
      const count = await groups.count();
      for (let i = 0; i < count; i++) {
        const group = groups.nth(i);
        const preAnswered = await group.getByText(/^Pre-answered/).count();
        if (await group.getByText("Object id in the path", { exact: true }).count()) {
          // The pre-answer names its evidence, per operation and parameter.
          const evidence = group.getByRole("list", { name: "Evidence from the spec" });
          await expect(evidence).toContainText("GET /orders/{orderId}");
          await expect(evidence).toContainText("takes path parameter orderId, an object id (integer)");
        }
        const choice = preAnswered ? ((await group.getByRole("radio", { checked: true }).getAttribute("value")) as string) : i % 3 === 0 ? "UNSURE" : "NO";
        const label = { YES: "Yes", NO: "No", UNSURE: "Unsure", NOT_APPLICABLE: "Not applicable" }[choice]!;
        await group.getByText(label, { exact: true }).click();
        await expect(group.getByText("Saved")).toBeVisible();
      }
      if (step === Math.ceil(total / 2)) {
        // Leave halfway and come back: the wizard resumes at the first unfinished step.
        await page.reload();
        await expect(stepHeading).toHaveText(`Step ${step + 1} of ${total}`);
        continue;
      }
      if (step < total) await page.getByRole("button", { name: "Next step" }).click();
    }
    await expect(page.getByRole("progressbar", { name: "Checklist progress" })).toHaveAttribute("aria-valuenow", "100");

    // Generated threats carry suggested mitigations; score one.
    await page.getByRole("tab", { name: /^Threats/ }).click();
    const bola = page.getByRole("listitem").filter({ has: page.getByText("Object id in the path", { exact: true }) });
    await expect(bola.getByText("Mitigations", { exact: true })).toBeVisible();
    await expect(bola.getByRole("link", { name: /./ }).first()).toHaveAttribute("href", /\/acme-payments\/mitigations\/[a-z0-9]+$/);
    await expect(bola.getByText(/^Affects .*GET \/orders\/\{orderId\}/)).toBeVisible();
    await expect(bola.getByText("OWASP API1")).toBeVisible();
    await bola.getByRole("button", { name: /^Edit/ }).click();
    const dialog = page.getByRole("dialog", { name: "Edit threat" });
    await expect(dialog.getByRole("heading", { name: "Why the rules linked these 3 operations" })).toBeVisible();
    await expect(dialog.getByRole("list", { name: "Reasons per operation" })).toContainText("takes path parameter userId");
    await dialog.getByLabel("Likelihood").selectOption("5");
    await dialog.getByLabel("Impact").selectOption("4");
    await expect(dialog.getByTestId("risk-score")).toHaveText("20 · Critical");
    await dialog.getByRole("button", { name: "Save threat" }).click();
    await expect(dialog).toBeHidden();
    await expect(bola.getByText("score 20 (L5 × I4)")).toBeVisible();

    // Submit; the author cannot approve their own model.
    await page.getByRole("tab", { name: "Review" }).click();
    await page.getByLabel("Note for the reviewer").fill("Ready for review.");
    await page.getByRole("button", { name: "Submit for review" }).click();
    await expect(page.getByText(/^You created this model\. Four-eyes rule: nobody who created, submitted or wrote part of a version/)).toBeVisible();
    const ownApproval = await request.post(`/api/v1/threat-models/${modelId}/approve`, { data: {} });
    expect(ownApproval.status()).toBe(403);

    // Another user, an admin, approves.
    const adminContext = await browser.newContext({ storageState: storageStateFor("admin") });
    const adminPage = await adminContext.newPage();
    await adminPage.goto(`/acme-payments/threat-models/${modelId}?tab=review`);
    await adminPage.getByLabel("Comment").fill("Looks complete.");
    await adminPage.getByRole("button", { name: "Approve" }).click();
    await expect(adminPage.getByText(/^Approved by Ada Admin/)).toBeVisible();
    await adminContext.close();
    expect(await sql(`SELECT status FROM "ThreatModel" WHERE id = $1`, [modelId])).toEqual([{ status: "APPROVED" }]);

    // A re-import grows the API by an unauthenticated lookup: the approved model lists it as new since approval.
    const grown = spec.toString("utf8").replace(
      "paths:\n",
      "paths:\n  /invoices/{invoiceId}:\n    get:\n      operationId: getInvoice\n      parameters:\n        - { name: invoiceId, in: path, required: true, schema: { type: string } }\n      responses:\n        \"200\":\n          description: The invoice\n",
    );
    expect((await request.post(`/api/v1/apis/${api.id}/spec`, { data: grown, headers: { "content-type": "application/yaml" } })).status()).toBe(201);
    await page.reload();
    const newHits = page.getByRole("region", { name: /^New since approval/ });
    await expect(newHits).toContainText("GET /invoices/{invoiceId}");
    await expect(newHits).toContainText("Start version 2 to take it in");

    // Version 2 starts as a copy with the new evidence taken in; change it and see the diff.
    await page.getByRole("button", { name: "Start version 2" }).click();
    await expect(page).toHaveURL(/\/threat-models\/[a-z0-9]+$/);
    expect(page.url()).not.toContain(modelId);
    await expect(page.getByText("version 2")).toBeVisible();
    await expect(page.getByRole("region", { name: /^New since approval/ })).toHaveCount(0);
    await page.getByRole("tab", { name: /^Threats/ }).click();
    await expect(page.getByRole("listitem").filter({ has: page.getByText("Object id in the path", { exact: true }) }).getByText(/^Affects .*GET \/invoices\/\{invoiceId\}/)).toBeVisible();
    await page.getByRole("button", { name: "Add threat" }).click();
    const addDialog = page.getByRole("dialog", { name: "Add a threat" });
    await addDialog.getByLabel("Title").fill("Order export leaks card numbers to partners");
    await addDialog.getByLabel("Likelihood").selectOption("2");
    await addDialog.getByLabel("Impact").selectOption("5");
    await addDialog.getByRole("button", { name: "Add threat" }).click();
    await expect(addDialog).toBeHidden();
    await page.getByRole("tab", { name: "Changes since v1" }).click();
    const added = page.getByRole("region", { name: "Added threats" });
    await expect(added.getByText("Order export leaks card numbers to partners")).toBeVisible();
    await expect(page.getByRole("definition").first()).toHaveText("1");
  });

  test("a viewer reads a model but cannot answer, and the API refuses", async ({ browser, request }) => {
    const api = ((await (await request.post("/api/v1/apis", { data: { name: unique("Viewer check") } })).json()) as { data: { id: string } }).data;
    const model = ((await (await request.post("/api/v1/threat-models", { data: { apiId: api.id } })).json()) as { data: { id: string } }).data;
    const viewer = await browser.newContext({ storageState: storageStateFor("viewer") });
    const page = await viewer.newPage();
    await page.goto(`/acme-payments/threat-models/${model.id}`);
    await expect(page.getByText(/^Step 1 of \d+$/)).toBeVisible();
    await expect(page.getByRole("radio").first()).toBeDisabled();
    const refused = await viewer.request.put(`/api/v1/threat-models/${model.id}/answers`, { data: { entryKey: "api1-object-id-in-path", answer: "NO" } });
    expect(refused.status()).toBe(403);
    await viewer.close();
  });
});
