import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MitigationDetail } from "@/components/mitigations/mitigation-detail";
import { loadForPage, requireOrgPage } from "@/lib/api/page-guard";
import { getMitigation } from "@/lib/server/mitigations/get-mitigation";

export const metadata: Metadata = { title: "Mitigation" };

export default async function MitigationPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const caller = await requireOrgPage(orgSlug);
  const mitigation = await loadForPage(id, (recordId) => getMitigation(caller, recordId));
  if (!mitigation) notFound();
  return <MitigationDetail initial={mitigation} />;
}
