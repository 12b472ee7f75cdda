import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { ApiDetail } from "@/components/apis/api-detail";
import { loadForPage, requireOrgPage } from "@/lib/api/page-guard";
import { getApi } from "@/lib/server/apis/get-api";
import type { TCaller } from "@/lib/server/scope";

type Props = { params: Promise<{ orgSlug: string; id: string }> };

// The title and the page read the API once between them.
const loadApi = cache((caller: TCaller, id: string) => loadForPage(id, (apiId) => getApi(caller, apiId)));

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { orgSlug, id } = await params;
  const api = await loadApi(await requireOrgPage(orgSlug), id);
  return { title: api?.name ?? "API not found" };
}

export default async function ApiPage({ params }: Props) {
  const { orgSlug, id } = await params;
  const api = await loadApi(await requireOrgPage(orgSlug), id);
  if (!api) notFound();
  return <ApiDetail initial={api} />;
}
