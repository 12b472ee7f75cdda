import type { Metadata } from "next";
import { Forbidden } from "@/components/shell/forbidden";
import { NewApiFromSpec } from "@/components/specs/new-api-from-spec";
import { can } from "@/lib/core/auth/permissions";
import { requireOrgPage } from "@/lib/api/page-guard";

export const metadata: Metadata = { title: "Import an API from its spec" };

export default async function ImportApiPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const caller = await requireOrgPage((await params).orgSlug);
  if (!can(caller.role, "api:write")) return <Forbidden what="add APIs" />;
  return (
    <div className="mx-auto max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold text-slate-900">Add an API from its OpenAPI spec</h1>
      <NewApiFromSpec />
    </div>
  );
}
