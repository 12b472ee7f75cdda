import type { Metadata } from "next";
import { Suspense } from "react";
import { AuditLog } from "@/components/audit/audit-log";
import { Forbidden } from "@/components/shell/forbidden";
import { TableSkeleton } from "@/components/ui/skeleton";
import { can } from "@/lib/core/auth/permissions";
import { requireOrgPage } from "@/lib/api/page-guard";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  const caller = await requireOrgPage((await params).orgSlug);
  if (!can(caller.role, "audit:read")) return <Forbidden what="read the audit log" />;
  return (
    // The filters live in the address bar, which needs a Suspense boundary to prerender.
    <Suspense fallback={<TableSkeleton rows={6} label="Loading the audit log" />}>
      <AuditLog />
    </Suspense>
  );
}
