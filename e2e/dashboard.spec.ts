import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { storageStateFor } from "./support/constants";
import { sql } from "./support/db";

// The dashboard on the seeded demo organisation, checked against the database. Other specs add
// APIs to Acme while this runs, so exact figures are asserted for a seeded team ("Payments Core"),
// which those specs never touch.

const TEAM = "Payments Core";
const SEVERITIES = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;

/** The figures for one team, counted straight from the tables (no rollups). */
async function expectedFor(team: string) {
  const apis = `SELECT a.id, a.exposure FROM "Api" a JOIN "Organization" o ON o.id = a."orgId" JOIN "Team" t ON t.id = a."teamId"
                WHERE o.slug = 'acme-payments' AND a.lifecycle <> 'RETIRED' AND t.name = $1`;
  const current = `SELECT DISTINCT ON (m."apiId") m.id FROM "ThreatModel" m JOIN (${apis}) f ON f.id = m."apiId"
                   WHERE m.status <> 'ARCHIVED' ORDER BY m."apiId", (m.status = 'APPROVED') DESC, m."modelVersion" DESC`;
  const [counts] = await sql<{ apis: number; fresh: number; internet: number }>(
    `SELECT count(*)::int AS apis,
            count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "ThreatModel" m WHERE m."apiId" = f.id AND m.status = 'APPROVED' AND m."approvedAt" >= now() - interval '180 days'))::int AS fresh,
            count(*) FILTER (WHERE f.exposure = 'INTERNET' AND NOT EXISTS (SELECT 1 FROM "ThreatModel" m WHERE m."apiId" = f.id AND m.status = 'APPROVED' AND m."approvedAt" >= now() - interval '180 days'))::int AS internet
       FROM (${apis}) f`,
    [team],
  );
  const open = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<(typeof SEVERITIES)[number], number>;
  for (const row of await sql<{ severity: (typeof SEVERITIES)[number]; n: number }>(
    `SELECT t.severity, count(*)::int AS n FROM "Threat" t JOIN (${current}) c ON c.id = t."threatModelId" WHERE t.status = 'OPEN' GROUP BY 1`,
    [team],
  )) {
    open[row.severity] = row.n;
  }
  const [overdue] = await sql<{ n: number }>(
    `SELECT count(*)::int AS n FROM "Mitigation" mi
      WHERE mi.status IN ('PROPOSED', 'PLANNED', 'IN_PROGRESS') AND mi."dueDate" < now()
        AND EXISTS (SELECT 1 FROM "ThreatMitigation" l JOIN "Threat" t ON t.id = l."threatId" JOIN "ThreatModel" m ON m.id = t."threatModelId" JOIN (${apis}) f ON f.id = m."apiId" WHERE l."mitigationId" = mi.id)`,
    [team],
  );
  return { ...counts!, open, overdue: overdue!.n };
}

async function seriousViolations(page: Page) {
  await expect(page).toHaveTitle(/\S/);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]).analyze();
  return results.violations.filter((violation) => violation.impact === "serious" || violation.impact === "critical").map((violation) => ({ id: violation.id, nodes: violation.nodes.map((node) => node.target.join(" ")).slice(0, 5) }));
}

test.describe("dashboard", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("the seeded figures match the database, a filter changes them, and each drills down to its list", async ({ page }) => {
    await page.goto("/acme-payments/dashboard");
    const apisFigure = page.getByTestId("figure-apis-in-the-inventory");
    await expect(apisFigure).toBeVisible();
    const everyone = Number((await apisFigure.textContent())!.replace(/\D/g, ""));

    // Filter to one team.
    await page.getByLabel("Team", { exact: true }).selectOption(TEAM);
    await expect(page).toHaveURL(/team=Payments\+Core/);
    const expected = await expectedFor(TEAM);
    expect(expected.apis).toBeGreaterThan(0);
    expect(expected.apis).toBeLessThan(everyone);
    await expect(apisFigure).toHaveText(String(expected.apis));
    await expect(page.getByTestId("figure-with-a-current-threat-model")).toHaveText(`${Math.round((expected.fresh / expected.apis) * 100)}%`);
    await expect(page.getByText(`${expected.fresh} of ${expected.apis} have a model approved in the last 180 days.`)).toBeVisible();
    await expect(page.getByTestId("figure-internet-facing-without-a-current-model")).toHaveText(String(expected.internet));
    for (const severity of SEVERITIES) await expect(page.getByTestId(`open-${severity}`)).toContainText(`${expected.open[severity]} ${severity.toLowerCase()}`);
    await expect(page.getByTestId("figure-overdue-mitigations")).toHaveText(String(expected.overdue));
    expect(expected.open.CRITICAL + expected.open.HIGH).toBeGreaterThan(0);
    expect(expected.overdue).toBeGreaterThan(0);

    // Open high threats → the threat register, same filters, same count.
    await page.getByTestId("open-HIGH").click();
    await expect(page).toHaveURL(/\/acme-payments\/threats\?/);
    await expect(page).toHaveURL(/team=Payments\+Core/);
    await expect(page).toHaveURL(/severity=HIGH/);
    await expect(page.getByText(new RegExp(`^${expected.open.HIGH} of ${expected.open.HIGH} open threats?, highest score first$`))).toBeVisible();
    await expect(page.getByRole("table", { name: "Threats" }).getByRole("row")).toHaveCount(expected.open.HIGH + 1);
    await page.goBack();

    // Overdue mitigations → the mitigations list, same count.
    await page.getByTestId("figure-overdue-mitigations").click();
    await expect(page).toHaveURL(/\/acme-payments\/mitigations\?.*overdue=true/);
    await expect(page.getByText(new RegExp(`^${expected.overdue} of ${expected.overdue} mitigations?, soonest due first$`))).toBeVisible();
    await page.goBack();

    // A heat-map cell → its threats.
    const cell = page.getByRole("link", { name: /^Likelihood \d, impact \d: \d+ open threats?/ }).first();
    const label = (await cell.getAttribute("aria-label"))!;
    const [, likelihood, impact, n] = label.match(/^Likelihood (\d), impact (\d): (\d+)/)!;
    await cell.click();
    await expect(page).toHaveURL(new RegExp(`likelihood=${likelihood}&impact=${impact}`));
    await expect(page.getByText(new RegExp(`^${n} of ${n} open threats?, highest score first$`))).toBeVisible();
  });

  test("has no serious accessibility violations, with the numbers behind the charts open", async ({ page }) => {
    // Three pages, each scanned by axe (seconds each on a busy machine).
    test.setTimeout(60_000);
    await page.goto(`/acme-payments/dashboard?team=${encodeURIComponent(TEAM)}`);
    await expect(page.getByRole("heading", { name: "OWASP API Top 10 coverage" })).toBeVisible();
    await expect(page.locator(".recharts-surface").first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    for (const summary of await page.getByText("Show the numbers").all()) await summary.click();
    await expect(page.getByRole("table", { name: "Open risk over time" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.goto("/acme-payments/threats?severity=CRITICAL,HIGH");
    await expect(page.getByRole("table", { name: "Threats" })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the JSON endpoint gives the same figures and refuses a bad filter with a message", async ({ page }) => {
    const response = await page.request.get(`/api/v1/dashboard?team=${encodeURIComponent(TEAM)}`);
    expect(response.status()).toBe(200);
    const { data } = (await response.json()) as { data: { figures: { apis: number; open: Record<string, number>; overdueMitigations: number } } };
    const expected = await expectedFor(TEAM);
    expect(data.figures).toMatchObject({ apis: expected.apis, open: expected.open, overdueMitigations: expected.overdue });
    const bad = await page.request.get("/api/v1/dashboard?exposure=EVERYWHERE");
    expect(bad.status()).toBe(422);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((error) => error.field)).toContain("exposure.0");
  });
});
