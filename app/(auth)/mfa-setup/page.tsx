import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { MfaSetupFlow } from "@/components/account/mfa-setup-flow";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { safeNextPath } from "@/lib/core/auth/safe-redirect";
import { getSignedInUser } from "@/lib/api/auth/session";

export const metadata: Metadata = { title: "Set up two-factor authentication" };

// Where members of an organisation that requires MFA land until they have set it up; it sits
// outside the organisation's pages, which would send them straight back here.
export default async function MfaSetupPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNextPath((await searchParams).next);
  const user = await getSignedInUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(next)}`);
  if (user.mfaEnabled) redirect(next);
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">Set up two-factor authentication</h1>
      <p className="mt-1 text-sm text-slate-600">Your organisation requires it of every member who signs in with a password. It takes a minute.</p>
      <div className="mt-6">
        <MfaSetupFlow next={next} />
      </div>
      <div className="mt-6 border-t border-slate-200 pt-4">
        <SignOutButton />
      </div>
    </>
  );
}
