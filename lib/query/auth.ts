"use client";

// Talks to next-auth's own endpoints (the same ones curl uses), form-encoded as next-auth wants,
// so the browser needs no extra client library and can show our 429 problem responses as they are.

import { useMutation } from "@tanstack/react-query";
import type { TPasswordReset, TSignUp } from "@/lib/validation/auth";
import { ApiError, apiFetch } from "./fetcher";
import type { TAcceptedInvitation, TSignUpResponse } from "./types";

async function csrfToken(): Promise<string> {
  const body = await apiFetch<{ csrfToken: string }>("/api/auth/csrf");
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
  // next-auth names what went wrong in the `error` parameter of the URL it answers with, whatever the status.
  let answer: { url?: string } | null;
  let failed = false;
  try {
    answer = await apiFetch<{ url?: string } | null>("/api/auth/callback/credentials", { method: "POST", form });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status === 0) throw error;
    if (error.status === 429) return { ok: false, reason: "rate_limited", message: error.problem.detail ?? "Too many attempts. Try again later.", retryAfterSeconds: error.retryAfterSeconds };
    answer = error.problem as { url?: string };
    failed = true;
  }
  const failure = answer?.url ? new URL(answer.url, window.location.origin).searchParams.get("error") : null;
  if (failed || failure) return { ok: false, ...(MESSAGES[failure ?? ""] ?? { reason: "wrong", message: "The email or password is not correct." }) };
  return { ok: true };
}

/** Starts single sign-on: next-auth answers with the provider's authorization URL, and the browser goes there. */
export async function startSsoSignIn(callbackUrl: string): Promise<void> {
  const form = new URLSearchParams({ csrfToken: await csrfToken(), json: "true", callbackUrl });
  const notStarted = (status: number) => new ApiError(status, { detail: "Single sign-on could not be started. Try again." });
  const body = await apiFetch<{ url?: string } | null>("/api/auth/signin/oidc", { method: "POST", form }).catch((error: unknown) => {
    throw notStarted(error instanceof ApiError ? error.status : 0);
  });
  if (!body?.url) throw notStarted(200);
  window.location.assign(body.url);
}

export async function signOutCurrentSession(): Promise<void> {
  const form = new URLSearchParams({ csrfToken: await csrfToken(), json: "true", callbackUrl: "/login" });
  await apiFetch("/api/auth/signout", { method: "POST", form }).catch((error: unknown) => {
    throw new ApiError(error instanceof ApiError ? error.status : 0, { detail: "Sign-out failed; try again." });
  });
}

export function useSignIn() {
  return useMutation({ mutationFn: ({ email, password, code }: { email: string; password: string; code?: string }) => signInWithPassword(email, password, code) });
}

export function useStartSsoSignIn() {
  return useMutation({ mutationFn: startSsoSignIn });
}

export function useSignOut() {
  return useMutation({ mutationFn: signOutCurrentSession });
}

/** Creates the account and its organisation, then signs in; `signedIn` is false when that second step failed. */
export function useSignUp() {
  return useMutation({
    mutationFn: async (input: TSignUp) => {
      const created = await apiFetch<{ data: TSignUpResponse }>("/api/v1/signup", { method: "POST", body: input });
      const signedIn = await signInWithPassword(input.email, input.password);
      return { orgSlug: created.data.org.slug, signedIn: signedIn.ok };
    },
  });
}

/** Accepts an invitation; a new account (name and password given) is signed in right after. */
export function useAcceptInvitation(token: string, email: string) {
  return useMutation({
    mutationFn: async (account: { name?: string; password?: string }) => {
      const result = await apiFetch<{ data: TAcceptedInvitation }>("/api/v1/invitations/accept", { method: "POST", body: { token, ...account } });
      if (account.password !== undefined) await signInWithPassword(email, account.password);
      return result.data;
    },
  });
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: (input: { email: string }) => apiFetch<void>("/api/v1/password-reset", { method: "POST", body: input }) });
}

export function useResetPassword() {
  return useMutation({ mutationFn: (input: TPasswordReset) => apiFetch<void>("/api/v1/password-reset/confirm", { method: "POST", body: input }) });
}
