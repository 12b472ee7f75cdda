import Link from "next/link";
import { AppNav } from "@/components/shell/app-nav";
import { MfaGraceBanner } from "@/components/shell/mfa-grace-banner";
import { NotificationBell } from "@/components/shell/notification-bell";
import { OrgProvider } from "@/components/shell/org-context";
import { OrgSwitcher } from "@/components/shell/org-switcher";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { Badge } from "@/components/ui/badge";
import { ROLE_LABEL } from "@/lib/core/auth/permissions";
import { requireOrgPage } from "@/lib/api/page-guard";

export default async function OrgLayout({ children, params }: { children: React.ReactNode; params: Promise<{ orgSlug: string }> }) {
  const { orgSlug } = await params;
  const caller = await requireOrgPage(orgSlug);
  return (
    <OrgProvider value={{ slug: caller.orgSlug, name: caller.orgName, role: caller.role, userId: caller.userId }}>
      <a href="#main" className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2">
        Skip to content
      </a>
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-4 px-4 py-3 sm:px-6">
          <Link href={`/${caller.orgSlug}/apis`} className="flex items-center gap-2 font-semibold text-slate-900">
            <svg aria-hidden viewBox="0 0 24 24" className="size-6 text-brand-600" fill="currentColor">
              <path d="M12 2l9 4.5v5.5c0 5-3.8 9.4-9 10-5.2-.6-9-5-9-10V6.5L12 2z" />
            </svg>
            Bulwark
          </Link>
          <OrgSwitcher current={caller.orgSlug} orgs={caller.memberships.map(({ org }) => ({ id: org.id, slug: org.slug, name: org.name }))} />
          <AppNav orgSlug={caller.orgSlug} />
          <div className="ml-auto flex items-center gap-3 text-sm">
            <NotificationBell />
            <span className="hidden text-slate-700 sm:inline">{caller.userName}</span>
            <Badge tone="brand">{ROLE_LABEL[caller.role]}</Badge>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-7xl px-4 py-8 sm:px-6">
        {caller.mfaDeadline && <MfaGraceBanner orgSlug={caller.orgSlug} deadline={caller.mfaDeadline} />}
        {children}
      </main>
    </OrgProvider>
  );
}
