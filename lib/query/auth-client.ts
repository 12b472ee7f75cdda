"use client";

// Talks to next-auth's own endpoints (the same ones curl uses), so the browser needs no extra
// client library and can show our 429 problem responses as they are.

import { ApiError } from "./fetcher";

async function csrfToken(): Promise<string> {
  const response = await fetch("/api/auth/csrf", { credentials: "same-origin" });
  const body = (await response.json()) as { csrfToken: string };
  return body.csrfToken;
}

export type TSignInResult = { ok: true } | { ok: false; message: string; retryAfterSeconds?: number };

export async function signInWithPassword(email: string, password: string): Promise<TSignInResult> {
  const form = new URLSearchParams({ email, password, csrfToken: await csrfToken(), json: "true", callbackUrl: "/" });
  const response = await fetch("/api/auth/callback/credentials", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: form,
    credentials: "same-origin",
  });
  if (response.status === 429) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    return { ok: false, message: problem.detail ?? "Too many attempts. Try again later.", retryAfterSeconds: Number(response.headers.get("retry-after")) || undefined };
  }
  const body = (await response.json().catch(() => ({}))) as { url?: string };
  const error = body.url ? new URL(body.url, window.location.origin).searchParams.get("error") : null;
  if (!response.ok || error) return { ok: false, message: "The email or password is not correct." };
  return { ok: true };
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
