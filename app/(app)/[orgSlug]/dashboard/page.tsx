import type { Metadata } from "next";
import { Dashboard, type TDashboardSummary } from "@/components/dashboard/dashboard";
import { requireOrgPage } from "@/lib/api/page-guard";
import { toJson } from "@/lib/core/jsonify";
import { getDashboardCached } from "@/lib/server/dashboard/get-dashboard-cached";
import { ZPortfolioFilters } from "@/lib/validation/portfolio";

export const metadata: Metadata = { title: "Dashboard" };

const KEYS = ["team", "exposure", "tag", "classification"] as const;

export default async function DashboardPage({ params, searchParams }: { params: Promise<{ orgSlug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const caller = await requireOrgPage((await params).orgSlug);
  const search = await searchParams;
  // The same filters the client keeps in the URL, in the same key order, so it reuses this render.
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = search[key];
    if (typeof value === "string" && value) raw[key] = value;
  }
  const parsed = ZPortfolioFilters.safeParse(raw);
  const filters = parsed.success ? parsed.data : ZPortfolioFilters.parse({});
  const data = await getDashboardCached(caller, filters);
  const summary: TDashboardSummary = { generatedAt: data.generatedAt, reviewIntervalDays: data.reviewIntervalDays, figures: data.figures };
  return <Dashboard initialSummary={toJson(summary)} initialFilters={parsed.success ? JSON.stringify(raw) : ""} />;
}
