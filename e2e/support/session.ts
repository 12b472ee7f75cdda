import type { APIRequestContext } from "@playwright/test";
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
