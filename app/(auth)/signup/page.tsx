import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { SignUpForm } from "@/components/auth/sign-up-form";
import { Alert } from "@/components/ui/alert";
import { getSignedInUser } from "@/lib/api/auth/session";
import { isSignUpOpen } from "@/lib/server/account/sign-up";

export const metadata: Metadata = { title: "Create an organisation" };

export default async function SignUpPage() {
  if (await getSignedInUser()) redirect("/");
  const open = await isSignUpOpen();
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">Create your organisation</h1>
      <p className="mt-1 text-sm text-slate-600">You become its owner and can invite your team afterwards.</p>
      {open ? (
        <SignUpForm />
      ) : (
        <Alert tone="info" className="mt-6" title="Sign-up is closed on this server">
          Ask an admin of your organisation for an invitation link.
        </Alert>
      )}
      <p className="mt-6 text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/login" className="font-medium text-brand-700 underline-offset-2 hover:underline">
          Sign in
        </Link>
      </p>
    </>
  );
}
