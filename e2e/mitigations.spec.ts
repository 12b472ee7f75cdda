import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import { storageStateFor } from "./support/constants";
import { createMember } from "./support/db";
import { emailsTo } from "./support/mailbox";
import { signInWithRequest } from "./support/session";

// Mitigations end to end: assignment reaches the assignee in My work, in the bell and by email
// (a real SMTP server started with the e2e server, see support/start-e2e-server.ts; each test
// reads the mail of its own fresh user); evidence before "verified"; viewers change nothing;
// comments render hostile Markdown inert.

const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function json<T>(response: import("@playwright/test").APIResponse): Promise<T> {
  expect(response.status(), await response.text()).toBeLessThan(300);
  return ((await response.json()) as { data: T }).data;
}

/** An API, a draft model, one manual threat and a mitigation for it, made by whoever `request` is. */
async function freshMitigation(request: APIRequestContext, title = `Enforce object-level checks ${unique()}`) {
  const api = await json<{ id: string }>(await request.post("/api/v1/apis", { data: { name: `Mitigation e2e ${unique()}` } }));
  const model = await json<{ id: string }>(await request.post("/api/v1/threat-models", { data: { apiId: api.id } }));
  const threat = await json<{ id: string }>(await request.post(`/api/v1/threat-models/${model.id}/threats`, { data: { title: `Object ids are guessable ${unique()}`, likelihood: 4, impact: 4 } }));
  const mitigation = await json<{ id: string; title: string; version: number }>(await request.post("/api/v1/mitigations", { data: { title, threatIds: [threat.id] } }));
  return { ...mitigation, threatId: threat.id, modelId: model.id };
}

async function signedInPage(browser: Browser, email: string, password: string): Promise<Page> {
  const context = await browser.newContext();
  expect(await signInWithRequest(context.request, email, password)).toBe(200);
  return context.newPage();
}

test.describe("assigning a mitigation", () => {
  test("the assignee sees it in My work and the bell and gets exactly one email; verifying demands evidence", async ({ browser }) => {
    const password = "assignee-passphrase-1";
    const name = `Asha Assignee ${unique()}`;
    const email = await createMember("acme-payments", "EDITOR", password, name);
    const admin = await browser.newContext({ storageState: storageStateFor("admin") });
    const mitigation = await freshMitigation(admin.request);

    // The admin assigns it from the mitigation's page.
    const adminPage = await admin.newPage();
    await adminPage.goto(`/acme-payments/mitigations/${mitigation.id}`);
    await expect(adminPage.getByRole("heading", { name: mitigation.title })).toBeVisible();
    await adminPage.getByLabel("Assignee").selectOption({ label: name });
    await adminPage.getByRole("button", { name: "Save mitigation" }).click();
    await expect(adminPage.getByText("Saved.")).toBeVisible();
    await expect(adminPage.getByText(`Assigned to ${name}`)).toBeVisible();
    // A high threat (4 × 4 = 16): the SLA gives 30 days.
    await expect(adminPage.getByText("from the severity SLA")).toBeVisible();
    await expect(adminPage.getByText("in 30 days")).toBeVisible();

    // Exactly one email, to the assignee, naming the mitigation and linking to it.
    const mine = () => emailsTo(email);
    await expect.poll(() => mine().length, { timeout: 10_000 }).toBe(1);
    expect(mine()[0]!.subject).toBe(`[Bulwark] You were assigned “${mitigation.title}”`);
    expect(mine()[0]!.text).toContain(`/acme-payments/mitigations/${mitigation.id}`);

    // The assignee: My work lists it, the bell counts it.
    const page = await signedInPage(browser, email, password);
    await page.goto("/acme-payments/my-work");
    await expect(page.getByRole("list", { name: "My mitigations" }).getByRole("link", { name: mitigation.title })).toBeVisible();
    const bell = page.getByRole("button", { name: /^Notifications, 1 unread$/ });
    await expect(bell).toBeVisible();
    await bell.click();
    const inbox = page.getByRole("list", { name: "Latest notifications" });
    await expect(inbox.getByRole("link", { name: new RegExp(`You were assigned “${mitigation.title}”`) })).toBeVisible();
    await inbox.getByRole("link", { name: new RegExp(`You were assigned`) }).click();
    await expect(page).toHaveURL(new RegExp(`/acme-payments/mitigations/${mitigation.id}$`));
    await expect(page.getByRole("button", { name: /^Notifications$/ })).toBeVisible();

    // Verified without evidence is refused with a message on the evidence fields; nothing is lost.
    await page.getByLabel("Status").selectOption("VERIFIED");
    await page.getByLabel("Ticket").fill("https://tracker.example.test/SEC-42");
    await page.getByRole("button", { name: "Save mitigation" }).click();
    await expect(page.getByText("Add evidence (a link or a note) before marking the mitigation verified.")).toBeVisible();
    await expect(page.getByLabel("Evidence link")).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByLabel("Ticket")).toHaveValue("https://tracker.example.test/SEC-42");
    const stored = await json<{ status: string; ticketUrl: string | null }>(await page.request.get(`/api/v1/mitigations/${mitigation.id}`));
    expect(stored).toMatchObject({ status: "PLANNED", ticketUrl: null });

    await page.getByLabel("Evidence note").fill("Integration test `orders-bola.spec` proves a second tenant gets 404.");
    await page.getByRole("button", { name: "Save mitigation" }).click();
    await expect(page.getByText(new RegExp(`^Verified by ${name} on`))).toBeVisible();
    await expect(page.getByRole("heading", { name: mitigation.title }).locator("..").getByText("Verified", { exact: true })).toBeVisible();

    // Its only mitigation verified, the threat is proposed as mitigated on the model.
    await adminPage.goto(`/acme-payments/threat-models/${mitigation.modelId}?tab=threats`);
    await expect(adminPage.getByText("Every linked mitigation is verified: this threat can be marked mitigated.")).toBeVisible();
    await adminPage.getByRole("button", { name: /^Mark mitigated/ }).click();
    await expect(adminPage.getByText("Every linked mitigation is verified")).toBeHidden();

    // Still one email: saving again and verifying sent nothing more.
    expect(mine()).toHaveLength(1);
    await admin.close();
    await page.context().close();
  });

  test("bulk assignment from the table tells each assignee once", async ({ browser }) => {
    const password = "bulk-passphrase-12";
    const name = `Bo Bulk ${unique()}`;
    const email = await createMember("acme-payments", "EDITOR", password, name);
    const editor = await browser.newContext({ storageState: storageStateFor("editor") });
    const marker = unique();
    const first = await freshMitigation(editor.request, `Bulk first ${marker}`);
    const second = await freshMitigation(editor.request, `Bulk second ${marker}`);
    const page = await editor.newPage();
    await page.goto(`/acme-payments/mitigations?q=${marker}`);
    await expect(page.getByText("2 of 2 mitigations, soonest due first")).toBeVisible();
    await page.getByLabel(`Select ${first.title}`).check();
    await page.getByLabel(`Select ${second.title}`).check();
    await page.getByLabel("Assign to").selectOption({ label: name });
    await page.getByLabel("Set status").selectOption("IN_PROGRESS");
    await page.getByRole("button", { name: "Apply to 2" }).click();
    await expect(page.getByText("Updated 2 mitigations.")).toBeVisible();
    const rows = page.getByRole("table", { name: "Mitigations" }).getByRole("row");
    await expect(rows.filter({ hasText: first.title })).toContainText(name);
    await expect(rows.filter({ hasText: second.title })).toContainText("In progress");

    await expect.poll(() => emailsTo(email).length, { timeout: 10_000 }).toBe(2);
    expect(emailsTo(email).map((message) => message.subject).sort()).toEqual([`[Bulwark] You were assigned “${first.title}”`, `[Bulwark] You were assigned “${second.title}”`].sort());

    // Verified needs evidence: the whole batch is refused and nothing changes.
    await page.getByLabel("Select every mitigation shown").check();
    await page.getByLabel("Set status").selectOption("VERIFIED");
    await page.getByRole("button", { name: "Apply to 2" }).click();
    await expect(page.getByText("2 of 2 mitigations cannot take this change; nothing was changed.")).toBeVisible();
    await expect(rows.filter({ hasText: first.title })).toContainText("In progress");
    await editor.close();
  });
});

test.describe("a viewer", () => {
  test.use({ storageState: storageStateFor("viewer") });

  test("reads mitigations and their discussion but cannot change anything", async ({ page, browser }) => {
    const editor = await browser.newContext({ storageState: storageStateFor("editor") });
    const mitigation = await freshMitigation(editor.request);
    await json(await editor.request.post(`/api/v1/mitigations/${mitigation.id}/comments`, { data: { body: "Tracked in **SEC-7**." } }));
    await editor.close();

    await page.goto(`/acme-payments/mitigations/${mitigation.id}`);
    await expect(page.getByRole("heading", { name: mitigation.title })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Details" })).toBeVisible();
    for (const label of ["Title", "Assignee", "Status", "Evidence link", "Evidence note", "Ticket"]) await expect(page.getByLabel(label)).toBeDisabled();
    await expect(page.getByRole("button", { name: "Save mitigation" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Delete" })).toHaveCount(0);
    await expect(page.getByTestId("comment").getByText("SEC-7")).toBeVisible();
    await expect(page.getByLabel("Add a comment")).toHaveCount(0);
    await expect(page.getByText("Viewers can read the discussion but not take part.")).toBeVisible();

    // Searched for, because the demo seed's own mitigations fill the first page.
    await page.goto(`/acme-payments/mitigations?q=${encodeURIComponent(mitigation.title)}`);
    await expect(page.getByRole("link", { name: mitigation.title })).toBeVisible();
    await expect(page.getByRole("checkbox")).toHaveCount(0);

    // And the server refuses every change whatever the UI shows.
    const attempts = [
      page.request.patch(`/api/v1/mitigations/${mitigation.id}`, { data: { version: mitigation.version, status: "IN_PROGRESS" } }),
      page.request.delete(`/api/v1/mitigations/${mitigation.id}`),
      page.request.post("/api/v1/mitigations/bulk", { data: { ids: [mitigation.id], status: "IN_PROGRESS" } }),
      page.request.post("/api/v1/mitigations", { data: { title: "Viewer's own", threatIds: [mitigation.threatId] } }),
      page.request.post(`/api/v1/mitigations/${mitigation.id}/comments`, { data: { body: "hello" } }),
      page.request.post(`/api/v1/threats/${mitigation.threatId}/comments`, { data: { body: "hello" } }),
      page.request.put("/api/v1/settings/sla", { data: { version: 1, slaCriticalDays: 1, slaHighDays: 1, slaMediumDays: 1, slaLowDays: 1, independentVerification: false } }),
    ];
    expect((await Promise.all(attempts)).map((response) => response.status())).toEqual([403, 403, 403, 403, 403, 403, 403]);
    const after = await json<{ status: string; version: number; commentCount: number }>(await page.request.get(`/api/v1/mitigations/${mitigation.id}`));
    expect(after).toMatchObject({ status: "PROPOSED", version: mitigation.version, commentCount: 1 });
  });
});

// Classic XSS vectors, each calling window.__xss(name) if it ever runs.
const XSS_VECTORS: [string, string][] = [
  ["script tag", `<script>window.__xss("script")</script>`],
  ["img onerror", `<img src=x onerror="window.__xss('img')">`],
  ["svg onload", `<svg onload="window.__xss('svg')"></svg>`],
  ["javascript: link", `[click me](javascript:window.__xss('link'))`],
  ["upper-case JAVASCRIPT: link", `[click me](JAVASCRIPT:window.__xss('upper'))`],
  ["entity-encoded j", `[click me](&#106;avascript:window.__xss('entity'))`],
  ["tab inside the scheme", `[click me](jav&#x09;ascript:window.__xss('tab'))`],
  ["colon entity", `[click me](javascript&colon;window.__xss('colon'))`],
  ["raw anchor", `<a href="javascript:window.__xss('raw-a')">raw anchor</a>`],
  ["padded decimal entities in a raw anchor", `<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058window.__xss('decimal')">decimal</a>`],
  ["iframe", `<iframe src="javascript:window.__xss('iframe')"></iframe>`],
  ["markdown image with javascript:", `![pic](javascript:window.__xss('img-md'))`],
  ["data: HTML link", `[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3MoJ2RhdGEnKTwvc2NyaXB0Pg==)`],
  ["vbscript: link", `[vb link](vbscript:msgbox("vb"))`],
  ["details ontoggle", `<details open ontoggle="window.__xss('details')"><summary>x</summary></details>`],
  ["body onload", `<body onload="window.__xss('body')">`],
  ["mutation XSS through math and style", `<math><mtext><table><mglyph><style><img src=x onerror="window.__xss('mxss')">`],
  ["reference-style javascript: link", `[ref link][evil]\n\n[evil]: javascript:window.__xss('ref')`],
  ["autolink with javascript:", `<javascript:window.__xss('autolink')>`],
  ["object data", `<object data="javascript:window.__xss('object')"></object>`],
  ["embed src", `<embed src="javascript:window.__xss('embed')">`],
  ["form action", `<form action="javascript:window.__xss('form')"><button>go</button></form>`],
  ["autofocus onfocus", `<input autofocus onfocus="window.__xss('input')">`],
  ["meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:window.__xss('meta')">`],
  ["style import", `<style>@import "javascript:window.__xss('css')";</style>`],
  ["mention scheme carrying javascript:", `@[Ada](mention:javascript:window.__xss('mention'))`],
  ["link title breaking out", `[x](https://example.test "a\\" onmouseover=\\"window.__xss('title')")`],
  ["html inside inline code stays text", "`<img src=x onerror=window.__xss('code')>`"],
];

test.describe("comments", () => {
  test.use({ storageState: storageStateFor("editor") });

  test(`${XSS_VECTORS.length} classic XSS payloads render inert: no script runs, no javascript: href survives`, async ({ page, request }) => {
    expect(XSS_VECTORS.length).toBeGreaterThanOrEqual(20);
    const mitigation = await freshMitigation(request);
    for (const [, body] of XSS_VECTORS) await json(await request.post(`/api/v1/mitigations/${mitigation.id}/comments`, { data: { body } }));
    // And one through the comment box itself.
    const ran: string[] = [];
    await page.exposeFunction("__xssReport", (name: string) => ran.push(name));
    await page.addInitScript(() => {
      (window as unknown as { __xss: (name: string) => void }).__xss = (name) => void (window as unknown as { __xssReport: (n: string) => void }).__xssReport(name);
    });
    page.on("dialog", (dialog) => {
      ran.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });

    await page.goto(`/acme-payments/mitigations/${mitigation.id}`);
    await page.getByLabel("Add a comment").fill(`typed <img src=x onerror="window.__xss('typed')"> and [typed link](javascript:window.__xss('typed-link'))`);
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    const comments = page.getByTestId("comment");
    await expect(comments).toHaveCount(XSS_VECTORS.length + 1);
    await expect(comments.last()).toContainText("typed link");
    // Hover and focus everything a payload might have hooked, then give handlers a moment.
    for (const link of await comments.getByRole("link").all()) await link.hover();
    await page.waitForTimeout(500);
    expect(ran).toEqual([]);

    const list = page.getByRole("list", { name: "Comments" });
    const found = await list.evaluate((root) => ({
      dangerousElements: [...root.querySelectorAll("script, iframe, object, embed, svg, math, form, input, style, meta, img, details, body")].map((element) => element.tagName),
      eventHandlers: [...root.querySelectorAll("*")].flatMap((element) => [...element.attributes].filter((attribute) => attribute.name.startsWith("on")).map((attribute) => attribute.name)),
      hrefs: [...root.querySelectorAll("[href], [src], [action], [data]")].map((element) => element.getAttribute("href") ?? element.getAttribute("src") ?? element.getAttribute("action") ?? element.getAttribute("data") ?? ""),
    }));
    expect(found.dangerousElements).toEqual([]);
    expect(found.eventHandlers).toEqual([]);
    for (const href of found.hrefs) expect(href).toMatch(/^(https?:|mailto:)/i);
    // Nowhere on the page, not only in the list.
    expect(await page.locator('[href^="javascript:" i], [src^="javascript:" i], [href^="data:" i], [href^="vbscript:" i]').count()).toBe(0);
    // The safe link among them still works as a link; the code sample is shown as text.
    await expect(list.getByRole("link", { name: "x", exact: true })).toHaveAttribute("href", "https://example.test");
    await expect(list.getByText("<img src=x onerror=window.__xss('code')>")).toBeVisible();
  });

  test("@mentions are picked from members with the keyboard and notify the person mentioned", async ({ page, request, browser }) => {
    const mitigation = await freshMitigation(request);
    await page.goto(`/acme-payments/mitigations/${mitigation.id}`);
    const box = page.getByLabel("Add a comment");
    await box.pressSequentially("Can you review this, @Ada");
    const options = page.getByRole("listbox", { name: "Members to mention" }).getByRole("option");
    await expect(options.first()).toContainText("Ada Admin");
    await box.press("Enter");
    await box.pressSequentially("please?");
    await expect(box).toHaveValue(/^Can you review this, @\[Ada Admin\]\(mention:[a-z0-9]+\) please\?$/);
    await box.press("Control+Enter");
    const comment = page.getByTestId("comment").last();
    await expect(comment).toContainText("Can you review this, @Ada Admin please?");

    // Edit and delete one's own comment.
    await comment.getByRole("button", { name: /^Edit/ }).click();
    await page.getByLabel("Edit comment").fill("Can you review this when you have a minute?");
    await page.getByRole("button", { name: "Save comment" }).click();
    await expect(comment).toContainText("(edited)");

    const admin = await browser.newContext({ storageState: storageStateFor("admin") });
    const inbox = await json<{ items: { title: string; link: string }[] }>(await admin.request.get("/api/v1/notifications"));
    expect(inbox.items.filter((item) => item.link === `/acme-payments/mitigations/${mitigation.id}`).map((item) => item.title)).toEqual([`You were mentioned on the mitigation “${mitigation.title}”`]);
    // Someone else's comment offers no edit or delete.
    const adminPage = await admin.newPage();
    await adminPage.goto(`/acme-payments/mitigations/${mitigation.id}`);
    await expect(adminPage.getByTestId("comment").last()).toContainText("when you have a minute?");
    await expect(adminPage.getByTestId("comment").last().getByRole("button")).toHaveCount(0);
    await admin.close();

    await comment.getByRole("button", { name: /^Delete/ }).click();
    await comment.getByRole("button", { name: "Confirm delete" }).click();
    await expect(page.getByText("Comment deleted.")).toBeVisible();
  });
});
