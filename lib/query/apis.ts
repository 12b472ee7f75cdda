"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TCreateApiInput, TUpdateApi } from "@/lib/validation/apis";
import { apiFetch, queryString } from "./fetcher";
import { apiKeys, teamKeys } from "./keys";
import type { TApiItem, TApiListFilters, TApiPageResponse } from "./types";

function toSearch(filters: TApiListFilters): string {
  const query = queryString(filters);
  return query ? `?${query}` : "";
}

export function useApis(org: string, filters: TApiListFilters) {
  return useQuery({
    queryKey: apiKeys.list(org, filters),
    queryFn: ({ signal }) => apiFetch<TApiPageResponse>(`/api/v1/apis${toSearch(filters)}`, { org, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useApi(org: string, id: string, initialData?: TApiItem) {
  return useQuery({
    queryKey: apiKeys.detail(org, id),
    queryFn: ({ signal }) => apiFetch<{ data: TApiItem }>(`/api/v1/apis/${id}`, { org, signal }).then((r) => r.data),
    initialData,
  });
}

/** Fetches the API as it is on the server now, past the cache (to replace edits that lost a conflict). */
export function useFetchLatestApi(org: string) {
  const client = useQueryClient();
  return (id: string) => client.fetchQuery({ queryKey: apiKeys.detail(org, id), queryFn: ({ signal }) => apiFetch<{ data: TApiItem }>(`/api/v1/apis/${id}`, { org, signal }).then((r) => r.data), staleTime: 0 });
}

export function useCreateApi(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateApiInput) => apiFetch<{ data: TApiItem }>("/api/v1/apis", { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: (api) => {
      client.setQueryData(apiKeys.detail(org, api.id), api);
      void client.invalidateQueries({ queryKey: apiKeys.lists(org) });
      void client.invalidateQueries({ queryKey: teamKeys.all(org) });
    },
  });
}

export function useUpdateApi(org: string, id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TUpdateApi) => apiFetch<{ data: TApiItem }>(`/api/v1/apis/${id}`, { method: "PATCH", body: input, org }).then((r) => r.data),
    onSuccess: (api) => {
      client.setQueryData(apiKeys.detail(org, id), api);
      void client.invalidateQueries({ queryKey: apiKeys.lists(org) });
      void client.invalidateQueries({ queryKey: teamKeys.all(org) });
    },
  });
}

export function useDeleteApi(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/apis/${id}`, { method: "DELETE", org }),
    onSuccess: (_result, id) => {
      client.removeQueries({ queryKey: apiKeys.detail(org, id) });
      void client.invalidateQueries({ queryKey: apiKeys.lists(org) });
    },
  });
}
