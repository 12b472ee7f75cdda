"use client";

// Talks to next-auth's own endpoints (the same ones curl uses), so the browser needs no extra
// client library and can show our 429 problem responses as they are.

import { ApiError } from "./fetcher";

async function csrfToken(): Promise<string> {
  const response = await fetch("/api/auth/csrf", { credentials: "same-origin" });
  const body = (await response.json()) as { csrfToken: string };
  return body.csrfToken;
}

export type TSignInResult =
  | { ok: true }
  | { ok: false; reason: "wrong" | "mfa_required" | "mfa_invalid" | "sso_required" | "rate_limited"; message: string; retryAfterSeconds?: number };

const MESSAGES: Record<string, { reason: Exclude<TSignInResult, { ok: true }>["reason"]; message: string }> = {
  MfaRequired: { reason: "mfa_required", message: "Enter the code from your authenticator app." },
  MfaInvalid: { reason: "mfa_invalid", message: "That code is not right, or it was already used. Wait for the next code and try again." },
  MfaRateLimited: { reason: "rate_limited", message: "Too many wrong codes. Try again in 15 minutes, or use a recovery code later." },
  SsoRequired: { reason: "sso_required", message: "Your organisation requires single sign-on. Use the single sign-on button below." },
};

/** Signs in with email and password; `code` is the second step for an account with two-factor authentication. */
export async function signInWithPassword(email: string, password: string, code?: string): Promise<TSignInResult> {
  const form = new URLSearchParams({ email, password, csrfToken: await csrfToken(), json: "true", callbackUrl: "/" });
  if (code) form.set("code", code);
  const response = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
    credentials: "same-origin",
  });
  if (response.status === 429) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    return { ok: false, reason: "rate_limited", message: problem.detail ?? "Too many attempts. Try again later.", retryAfterSeconds: Number(response.headers.get("retry-after")) || undefined };
  }
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url, window.location.origin).searchParams.get("error") : null;
  if (!response.ok || error) return { ok: false, ...(MESSAGES[error ?? ""] ?? { reason: "wrong", message: "The email or password is not correct." }) };
  return { ok: true };
}

/** Starts single sign-on: next-auth answers with the provider's authorization URL, and the browser goes there. */
export async function startSsoSignIn(callbackUrl: string): Promise<void> {
  const form = new URLSearchParams({ csrfToken: await csrfToken(), json: "true", callbackUrl });
  const response = await fetch("/api/auth/signin/oidc", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
    credentials: "same-origin",
  });
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  if (!response.ok || !body.url) throw new ApiError(response.status, { detail: "Single sign-on could not be started. Try again." });
  window.location.assign(body.url);
}

export async function signOutCurrentSession(): Promise<void> {
  const form = new URLSearchParams({ csrfToken: await csrfToken(), json: "true", callbackUrl: "/login" });
  const response = await fetch("/api/auth/signout", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
    credentials: "same-origin",
  });
  if (!response.ok) throw new ApiError(response.status, { detail: "Sign-out failed; try again." });
}
