"use client";

import { useOrg } from "@/components/shell/org-context";
import { useUrlFilters } from "@/lib/query/use-url-filters";

export const PORTFOLIO_FILTER_KEYS = ["team", "exposure", "tag", "classification"] as const;

/** Builds a drill-down link that keeps the dashboard's filters (unless `params` sets them). */
export function useDrillDown() {
  const org = useOrg();
  const { filters } = useUrlFilters(PORTFOLIO_FILTER_KEYS);
  return (path: string, params: Record<string, string | undefined> = {}) => {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...filters, ...params })) if (value) query.set(key, value);
    const text = query.toString();
    return `/${org.slug}${path}${text ? `?${text}` : ""}`;
  };
}
