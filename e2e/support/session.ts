import { expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_PASSWORD } from "./constants";

/** Signs in through next-auth's own endpoints, exactly as curl would. Returns the response status. */
export async function signInWithRequest(request: APIRequestContext, email: string, password = E2E_PASSWORD): Promise<number> {
  const csrf = await request.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await request.post("/api/auth/callback/credentials", {
    form: { email, password, csrfToken, json: "true" },
    maxRedirects: 0,
  });
  return response.status();
}

/** Signs in through the sign-in form, as a person would. */
export async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Signs up a new person with an organisation of their own (so no other spec meets its settings)
 * and signs them in on `request`. Returns their email and the organisation's slug.
 */
export async function signUpOrganizationOwner(
  request: APIRequestContext,
  owner: { name: string; emailPrefix: string; password: string; organizationPrefix: string },
): Promise<{ email: string; slug: string }> {
  const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const email = `${owner.emailPrefix}-${tag}@example.test`;
  const created = await request.post("/api/v1/signup", { data: { name: owner.name, email, password: owner.password, organizationName: `${owner.organizationPrefix} ${tag}` } });
  expect(created.status()).toBe(201);
  const slug = ((await created.json()) as { data: { org: { slug: string } } }).data.org.slug;
  expect(await signInWithRequest(request, email, owner.password)).toBe(200);
  return { email, slug };
}
