import type { Metadata } from "next";
import { ChangePasswordForm } from "@/components/account/change-password-form";
import { CreateOrganizationForm } from "@/components/account/create-organization-form";
import { NotificationPreferencesCard } from "@/components/account/notification-preferences";
import { SessionsCard } from "@/components/account/sessions-card";
import { TwoFactorCard } from "@/components/account/two-factor-card";
import { Card, CardHeader } from "@/components/ui/card";
import { requireOrgPage } from "@/lib/api/page-guard";

export const metadata: Metadata = { title: "Account" };

export default async function AccountPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const caller = await requireOrgPage((await params).orgSlug);
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Account</h1>
      <Card aria-labelledby="profile-heading">
        <CardHeader id="profile-heading" title="Profile" />
        <dl className="grid gap-4 p-5 sm:grid-cols-2">
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Name</dt>
            <dd className="mt-1 text-sm">{caller.userName}</dd>
          </div>
          <div>
            <dt className="text-xs font-semibold uppercase tracking-wide text-slate-600">Email</dt>
            <dd className="mt-1 text-sm">{caller.email}</dd>
          </div>
        </dl>
      </Card>
      <NotificationPreferencesCard />
      <TwoFactorCard />
      <SessionsCard />
      <ChangePasswordForm />
      <CreateOrganizationForm />
    </div>
  );
}
