import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ThreatModelView } from "@/components/threat-models/threat-model-view";
import { loadForPage, requireOrgPage } from "@/lib/api/page-guard";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";

export const metadata: Metadata = { title: "Threat model" };

export default async function ThreatModelPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const caller = await requireOrgPage(orgSlug);
  const model = await loadForPage(id, (recordId) => getThreatModel(caller, recordId));
  if (!model) notFound();
  return <ThreatModelView initial={model} />;
}
