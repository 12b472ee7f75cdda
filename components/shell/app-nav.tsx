"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useOrg } from "@/components/shell/org-context";
import { cn } from "@/components/ui/cn";

export function AppNav({ orgSlug }: { orgSlug: string }) {
  const org = useOrg();
  const pathname = usePathname();
  const items = [
    { href: `/${orgSlug}/dashboard`, label: "Dashboard" },
    { href: `/${orgSlug}/apis`, label: "API inventory" },
    { href: `/${orgSlug}/threat-models`, label: "Threat models" },
    { href: `/${orgSlug}/mitigations`, label: "Mitigations" },
    { href: `/${orgSlug}/my-work`, label: "My work" },
    { href: `/${orgSlug}/exports`, label: "Exports" },
    { href: `/${orgSlug}/members`, label: "Members" },
    { href: `/${orgSlug}/settings`, label: "Settings" },
    ...(org.can("audit:read") ? [{ href: `/${orgSlug}/audit`, label: "Audit log" }] : []),
    { href: `/${orgSlug}/account`, label: "Account" },
  ];
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn("rounded-md px-3 py-1.5 text-sm font-medium", active ? "bg-brand-50 text-brand-900" : "text-slate-700 hover:bg-slate-100")}
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
