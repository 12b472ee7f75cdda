import { isId } from "@/lib/validation/id";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ThreatModelView } from "@/components/threat-models/threat-model-view";
import { AppError } from "@/lib/core/app-error";
import type { TThreatModelDetail } from "@/lib/query/types";
import { requireOrgPage } from "@/lib/api/page-guard";
import { getThreatModel } from "@/lib/server/threat-models/get-threat-model";

export const metadata: Metadata = { title: "Threat model" };

export default async function ThreatModelPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const caller = await requireOrgPage(orgSlug);
  if (!isId(id)) notFound();
  let model: TThreatModelDetail;
  try {
    model = JSON.parse(JSON.stringify(await getThreatModel(caller, id))) as TThreatModelDetail;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return <ThreatModelView initial={model} />;
}
