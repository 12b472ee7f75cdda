import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApiForm } from "@/components/apis/api-form";
import { Forbidden } from "@/components/shell/forbidden";
import { can } from "@/lib/core/auth/permissions";
import { loadForPage, requireOrgPage } from "@/lib/api/page-guard";
import { getApi } from "@/lib/server/apis/get-api";

export const metadata: Metadata = { title: "Edit API" };

export default async function EditApiPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const caller = await requireOrgPage(orgSlug);
  const api = await loadForPage(id, (apiId) => getApi(caller, apiId));
  if (!api) notFound();
  if (!can(caller.role, "api:write")) return <Forbidden what="edit APIs" />;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Edit {api.name}</h1>
      <ApiForm api={api} />
    </div>
  );
}
