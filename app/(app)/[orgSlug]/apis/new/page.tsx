import type { Metadata } from "next";
import { ApiForm } from "@/components/apis/api-form";
import { Forbidden } from "@/components/shell/forbidden";
import { can } from "@/lib/core/auth/permissions";
import { requireOrgPage } from "@/lib/api/page-guard";

export const metadata: Metadata = { title: "Add API" };

export default async function NewApiPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const caller = await requireOrgPage((await params).orgSlug);
  if (!can(caller.role, "api:write")) return <Forbidden what="add APIs" />;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Add an API</h1>
      <ApiForm />
    </div>
  );
}
