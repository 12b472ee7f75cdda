import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/auth/login-form";
import { safeNextPath } from "@/lib/auth/safe-redirect";
import { getSignedInUser } from "@/lib/auth/session";
import { isSignUpOpen } from "@/lib/server/account/sign-up";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; reason?: string }> }) {
  if (await getSignedInUser()) redirect("/");
  const { next, reason } = await searchParams;
  // Only same-site paths: anything else would make the login page an open redirect.
  const safeNext = safeNextPath(next);
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">Sign in</h1>
      <p className="mt-1 text-sm text-slate-600">Your API inventory, threat models and mitigations.</p>
      <LoginForm next={safeNext} notice={reason === "password-changed" ? "Your password was changed. Sign in with the new one." : undefined} />
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
