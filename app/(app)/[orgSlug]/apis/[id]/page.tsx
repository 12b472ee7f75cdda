import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ApiDetail } from "@/components/apis/api-detail";
import { loadApiForPage } from "@/lib/server/apis/load-api-for-page";
import { requireOrgPage } from "@/lib/api/page-guard";

type Props = { params: Promise<{ orgSlug: string; id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { orgSlug, id } = await params;
  const api = await loadApiForPage(await requireOrgPage(orgSlug), id);
  return { title: api?.name ?? "API not found" };
}

export default async function ApiPage({ params }: Props) {
  const { orgSlug, id } = await params;
  const api = await loadApiForPage(await requireOrgPage(orgSlug), id);
  if (!api) notFound();
  return <ApiDetail initial={api} />;
}
