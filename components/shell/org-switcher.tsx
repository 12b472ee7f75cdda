"use client";

import { useRouter } from "next/navigation";
import { useSwitchOrganization } from "@/lib/query/account";

type Org = { slug: string; name: string };

export function OrgSwitcher({ current, orgs }: { current: string; orgs: Org[] }) {
  const router = useRouter();
  const switchOrganization = useSwitchOrganization();
  if (orgs.length < 2) return <span className="text-sm font-medium text-slate-800">{orgs[0]?.name}</span>;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Organisation</span>
      <select
        className="h-8 rounded-md border-0 bg-white py-0 pl-2 pr-8 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        value={current}
        disabled={switchOrganization.isPending}
        onChange={(event) => switchOrganization.mutate(event.target.value, { onSuccess: (_, slug) => router.push(`/${slug}/apis`) })}
      >
        {orgs.map((org) => (
          <option key={org.slug} value={org.slug}>
            {org.name}
          </option>
        ))}
      </select>
    </label>
  );
}
