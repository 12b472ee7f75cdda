import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/lib/core/auth/safe-redirect";
import { getSignedInUser } from "@/lib/api/auth/session";
import { oidcSettings } from "@/lib/env";
import { isSignUpOpen } from "@/lib/server/account/sign-up";

export const metadata: Metadata = { title: "Sign in" };

const NOTICES: Record<string, string> = {
  "password-changed": "Your password was changed. Sign in with the new one.",
  "password-reset": "Your password was reset and every session ended. Sign in with the new one.",
  "signed-out-everywhere": "You were signed out on every device.",
};

// next-auth sends refused sign-ins back here with ?error=…; only known codes are shown.
const PROBLEMS: Record<string, string> = {
  SsoEmailNotVerified: "Your identity provider did not confirm that it verified your email address, so Bulwark cannot link the sign-in to an account.",
  SsoNoAccount: "There is no Bulwark account for the email address your identity provider gave. Ask an admin of your organisation for an invitation.",
  OAuthCallback: "Single sign-on did not complete. Try again.",
  OAuthSignin: "Single sign-on could not be started. Try again.",
  AccessDenied: "Sign-in was refused.",
  SessionRequired: "Sign in to continue.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; reason?: string; error?: string }> }) {
  if (await getSignedInUser()) redirect("/");
  const { next, reason, error } = await searchParams;
  // Only same-site paths: anything else would make the login page an open redirect.
  const safeNext = safeNextPath(next);
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">Your API inventory, threat models and mitigations.</p>
      <LoginForm next={safeNext} notice={reason ? NOTICES[reason] : undefined} problem={error ? (PROBLEMS[error] ?? "Sign-in did not complete. Try again.") : undefined} ssoName={oidcSettings()?.displayName ?? null} />
      {(await isSignUpOpen()) && (
        <p className="mt-6 text-center text-sm text-slate-600">
          New to Bulwark?{" "}
          <Link href="/signup" className="font-medium text-brand-700 underline-offset-2 hover:underline">
            Create an organisation
          </Link>
        </p>
      )}
    </>
  );
}
