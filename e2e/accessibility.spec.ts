import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { E2E_PASSWORD, storageStateFor } from "./support/constants";
import { apiIdByName } from "./support/db";

async function seriousViolations(page: Page) {
  // A soft navigation (a tab in the URL) re-renders the page's metadata; check the settled page.
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({ id: violation.id, impact: violation.impact, nodes: violation.nodes.map((node) => node.target.join(" ")).slice(0, 5) }));
}

test.describe("accessibility (axe: no serious or critical violations)", () => {
  // Each test scans several pages; one axe scan takes seconds when the machine is busy.
  test.describe.configure({ timeout: 60_000 });
  test("sign-in page, empty and with an error", async ({ page }) => {
    await page.goto("/login");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("Enter a valid email address")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test.describe("signed in", () => {
    test.use({ storageState: storageStateFor("admin") });

    test("inventory list, filtered and unfiltered", async ({ page }) => {
      await page.goto("/acme-payments/apis");
      await expect(page.getByRole("table")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto("/acme-payments/apis?exposure=INTERNET&q=zzzz-nothing");
      await expect(page.getByText("No APIs match these filters")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("API detail page and the delete dialog", async ({ page }) => {
      await page.goto(`/acme-payments/apis/${await apiIdByName("Payments API")}`);
      await expect(page.getByRole("heading", { name: "Payments API" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Delete" }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("API operations and findings tabs, and the spec import dialog", async ({ page, request }) => {
      const created = await request.post("/api/v1/apis", { data: { name: `A11y spec ${Date.now()}` } });
      const { data } = (await created.json()) as { data: { id: string } };
      const { readFileSync } = await import("node:fs");
      const spec = readFileSync("tests/fixtures/specs/vulnerable-3.0.yaml");
      expect((await request.post(`/api/v1/apis/${data.id}/spec`, { data: spec, headers: { "content-type": "application/yaml" } })).status()).toBe(201);
      await page.goto(`/acme-payments/apis/${data.id}?tab=operations`);
      await expect(page.getByRole("table", { name: "Operations of this API" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("tab", { name: "Spec findings" }).click();
      await expect(page.getByRole("heading", { name: "Findings by rule" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("tab", { name: "Import history" }).click();
      await expect(page.getByText(/5 operations/)).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Import spec" }).click();
      await page.getByRole("dialog").getByRole("tab", { name: "Paste" }).click();
      await page.getByRole("dialog").getByLabel("Spec text (JSON or YAML)").fill(spec.toString("utf8"));
      await page.getByRole("dialog").getByRole("button", { name: "Check spec" }).click();
      await expect(page.getByRole("dialog").getByText("Unchanged")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("threat model checklist, threats and review tabs, and the settings page", async ({ page, request }) => {
      const created = await request.post("/api/v1/apis", { data: { name: `A11y model ${Date.now()}`, exposure: "INTERNET" } });
      const { data: api } = (await created.json()) as { data: { id: string } };
      const model = (await (await request.post("/api/v1/threat-models", { data: { apiId: api.id } })).json()) as { data: { id: string } };
      await page.goto(`/acme-payments/threat-models/${model.data.id}`);
      await expect(page.getByText(/^Step 1 of \d+$/)).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("tab", { name: /^Threats/ }).click();
      await expect(page.getByRole("heading", { name: "Risk matrix" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("button", { name: "Add threat" }).click();
      await expect(page.getByRole("dialog", { name: "Add a threat" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
      await page.getByRole("tab", { name: "Review" }).click();
      await expect(page.getByRole("button", { name: "Submit for review" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto("/acme-payments/settings");
      await expect(page.getByRole("heading", { name: "Threat checklist" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto("/acme-payments/threat-models");
      await expect(page.getByRole("table")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("mitigations table with a selection, a mitigation with comments, My work and the notification bell", async ({ page, request }) => {
      const api = (await (await request.post("/api/v1/apis", { data: { name: `A11y mitigations ${Date.now()}` } })).json()) as { data: { id: string } };
      const model = (await (await request.post("/api/v1/threat-models", { data: { apiId: api.data.id } })).json()) as { data: { id: string } };
      const threat = (await (await request.post(`/api/v1/threat-models/${model.data.id}/threats`, { data: { title: "A11y threat", likelihood: 5, impact: 5 } })).json()) as { data: { id: string } };
      const me = (await (await request.get("/api/v1/me")).json()) as { data: { user: { id: string } } };
      const created = await request.post("/api/v1/mitigations", { data: { title: "A11y mitigation", threatIds: [threat.data.id], assigneeId: me.data.user.id } });
      const mitigation = (await created.json()) as { data: { id: string } };
      await request.post(`/api/v1/mitigations/${mitigation.data.id}/comments`, { data: { body: "A **bold** claim with a [link](https://example.test) and `code`." } });

      await page.goto("/acme-payments/mitigations");
      await expect(page.getByRole("table", { name: "Mitigations" })).toBeVisible();
      await page.getByLabel("Select A11y mitigation").first().check();
      await expect(page.getByRole("button", { name: /^Apply to/ })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto(`/acme-payments/mitigations/${mitigation.data.id}`);
      await expect(page.getByTestId("comment")).toHaveCount(1);
      await page.getByLabel("Add a comment").pressSequentially("@Ed");
      await expect(page.getByRole("listbox", { name: "Members to mention" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto("/acme-payments/my-work");
      await expect(page.getByRole("list", { name: "My mitigations" })).toBeVisible();
      await page.getByRole("button", { name: /^Notifications/ }).click();
      await expect(page.getByRole("heading", { name: "Notifications" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("new-API form with validation errors showing", async ({ page }) => {
      await page.goto("/acme-payments/apis/new");
      await page.getByRole("button", { name: "Add environment" }).click();
      await page.getByRole("button", { name: "Create API" }).click();
      await expect(page.getByText("Enter a name.")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });

    test("members and account pages", async ({ page }) => {
      await page.goto("/acme-payments/members");
      await expect(page.getByRole("table")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto("/acme-payments/account");
      await expect(page.getByRole("heading", { name: "Change password" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
});

test.describe("accessibility of the account security pages", () => {
  test("forgot and reset password", async ({ page }) => {
    await page.goto("/forgot-password");
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto(`/reset-password/${"x".repeat(43)}`);
    await expect(page.getByText("This link does not work any more")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test.describe("signed in", () => {
    test.use({ storageState: storageStateFor("admin") });

    test("audit log, sign-in security settings, and two-factor set-up with its QR code", async ({ page }) => {
      // Three pages and three axe runs.
      test.setTimeout(60_000);
      await page.goto("/acme-payments/audit");
      await expect(page.getByRole("table")).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto("/acme-payments/settings");
      await expect(page.getByText(/members have two-factor authentication on/)).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
      await page.goto("/acme-payments/account");
      const card = page.getByRole("region", { name: "Two-factor authentication" });
      await card.getByRole("button", { name: "Set up", exact: true }).click();
      // Starting only stores an unconfirmed secret: the shared admin keeps signing in without a code.
      await card.getByLabel("Your password").fill(E2E_PASSWORD);
      await card.getByRole("button", { name: "Set up two-factor authentication" }).click();
      await expect(card.getByRole("img", { name: /QR code/ })).toBeVisible();
      await expect(page.getByRole("list", { name: "Active sessions" })).toBeVisible();
      expect(await seriousViolations(page)).toEqual([]);
    });
  });
});
