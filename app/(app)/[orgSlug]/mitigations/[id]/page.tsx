import { isId } from "@/lib/validation/id";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MitigationDetail } from "@/components/mitigations/mitigation-detail";
import { AppError } from "@/lib/core/app-error";
import type { TMitigationItem } from "@/lib/query/types";
import { requireOrgPage } from "@/lib/api/page-guard";
import { getMitigation } from "@/lib/server/mitigations/get-mitigation";

export const metadata: Metadata = { title: "Mitigation" };

export default async function MitigationPage({ params }: { params: Promise<{ orgSlug: string; id: string }> }) {
  const { orgSlug, id } = await params;
  const caller = await requireOrgPage(orgSlug);
  if (!isId(id)) notFound();
  let mitigation: TMitigationItem;
  try {
    mitigation = JSON.parse(JSON.stringify(await getMitigation(caller, id))) as TMitigationItem;
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return <MitigationDetail initial={mitigation} />;
}
