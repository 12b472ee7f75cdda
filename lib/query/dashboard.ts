"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiFetch, cursorPages, queryString } from "./fetcher";
import { dashboardKeys, threatRegisterKeys } from "./keys";
import type { TDashboard, TThreatRegisterPage } from "./types";

export function useDashboard(org: string, filters: Record<string, string | undefined>, initialData?: TDashboard) {
  return useQuery({
    queryKey: dashboardKeys.view(org, filters),
    queryFn: ({ signal }) => apiFetch<{ data: TDashboard }>(`/api/v1/dashboard?${queryString(filters)}`, { org, signal }).then((r) => r.data),
    initialData,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}

export function useThreatRegister(org: string, filters: Record<string, string | undefined>) {
  return useInfiniteQuery({
    queryKey: threatRegisterKeys.list(org, filters),
    ...cursorPages<TThreatRegisterPage>("/api/v1/threats", filters, { org, limit: 50 }),
    placeholderData: keepPreviousData,
  });
}
