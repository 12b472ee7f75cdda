import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApiForm } from "@/components/apis/api-form";
import { Forbidden } from "@/components/shell/forbidden";
import { can } from "@/lib/core/auth/permissions";
import { loadApiForPage } from "@/lib/server/apis/load-api-for-page";
import { requireOrgPage } from "@/lib/api/page-guard";

export const metadata: Metadata = { title: "Edit API" };

export default async function EditApiPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const caller = await requireOrgPage(orgSlug);
  const api = await loadApiForPage(caller, id);
  if (!api) notFound();
  if (!can(caller.role, "api:write")) return <Forbidden what="edit APIs" />;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Edit {api.name}</h1>
      <ApiForm api={api} />
    </div>
  );
}
