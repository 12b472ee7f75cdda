import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { SsoRequiredActions } from "@/components/auth/sso-required-actions";
import { Alert } from "@/components/ui/alert";
import { getSignedInUser } from "@/lib/api/auth/session";
import { oidcSettings } from "@/lib/env";

export const metadata: Metadata = { title: "Single sign-on required" };

export default async function SsoRequiredPage({ searchParams }: { searchParams: Promise<{ org?: string }> }) {
  const user = await getSignedInUser();
  if (!user) redirect("/login");
  const org = (await searchParams).org ?? "";
  const sso = oidcSettings();
  return (
    <>
      <h1 className="text-2xl font-semibold text-slate-900">Single sign-on required</h1>
      <Alert tone="info" className="mt-6">
        This organisation admits only sessions started with single sign-on. Sign out, then sign in with {sso?.displayName ?? "SSO"}.
      </Alert>
      <div className="mt-6">
        <SsoRequiredActions ssoName={sso?.displayName ?? null} next={/^[a-z0-9-]{1,80}$/.test(org) ? `/${org}/apis` : "/"} />
      </div>
    </>
  );
}
