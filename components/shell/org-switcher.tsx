"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/lib/query/fetcher";

type Org = { slug: string; name: string };

export function OrgSwitcher({ current, orgs }: { current: string; orgs: Org[] }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  if (orgs.length < 2) return <span className="text-sm font-medium text-slate-800">{orgs[0]?.name}</span>;
  return (
    <label className="flex items-center gap-2 text-sm">
      <span className="sr-only">Organisation</span>
      <select
        className="h-8 rounded-md border-0 bg-white py-0 pl-2 pr-8 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-600"
        value={current}
        disabled={pending}
        onChange={async (event) => {
          const slug = event.target.value;
          setPending(true);
          try {
            await apiFetch("/api/v1/me/active-org", { method: "PUT", body: { slug } });
          } finally {
            setPending(false);
          }
          router.push(`/${slug}/apis`);
        }}
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
