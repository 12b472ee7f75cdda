import type { Metadata } from "next";
import Link from "next/link";
import { ResetPasswordForm } from "@/components/auth/reset-password-form";
import { Alert } from "@/components/ui/alert";
import { findPasswordResetLink } from "@/lib/server/auth/find-password-reset-link";
import { ZResetToken } from "@/lib/validation/auth";

export const metadata: Metadata = { title: "Choose a new password", referrer: "no-referrer" };

export default async function ResetPasswordPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const link = ZResetToken.safeParse(token).success ? await findPasswordResetLink(token) : null;
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">Choose a new password</h1>
      {link ? (
        <ResetPasswordForm token={token} email={link.email} mfaRequired={link.mfaRequired} />
      ) : (
        <Alert tone="warning" className="mt-6" title="This link does not work any more">
          Reset links work once, for 15 minutes, and a newer link replaces older ones.{" "}
          <Link href="/forgot-password" className="font-medium underline">
            Ask for a new one
          </Link>
          .
        </Alert>
      )}
    </>
  );
}
