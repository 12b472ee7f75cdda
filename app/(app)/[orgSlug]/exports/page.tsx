import type { Metadata } from "next";
import { ExportsPanel } from "@/components/exports/exports-panel";
import { requireOrgPage } from "@/lib/api/page-guard";

export const metadata: Metadata = { title: "Exports" };

export default async function ExportsPage({ params }: { params: Promise<{ orgSlug: string }> }) {
  await requireOrgPage((await params).orgSlug);
  return <ExportsPanel />;
}
