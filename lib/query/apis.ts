"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TCreateApiInput, TUpdateApi } from "@/lib/validation/apis";
import type { Role } from "@/lib/generated/prisma/enums";
import { apiFetch, queryString } from "./fetcher";
import { apiKeys, invitationKeys, memberKeys, specKeys, teamKeys } from "./keys";
import type { TApiItem, TApiListFilters, TApiPageResponse, TFindingFilters, TFindingPage, TInvitationItem, TMemberItem, TOperationFilters, TOperationPage, TSpecImportItem, TTeamItem } from "./types";

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

export function useMembers(org: string) {
  return useQuery({
    queryKey: memberKeys.all(org),
    queryFn: ({ signal }) => apiFetch<{ data: TMemberItem[] }>("/api/v1/members", { org, signal }).then((r) => r.data),
    staleTime: 60_000,
  });
}

export function useTeams(org: string) {
  return useQuery({
    queryKey: teamKeys.all(org),
    queryFn: ({ signal }) => apiFetch<{ data: TTeamItem[] }>("/api/v1/teams", { org, signal }).then((r) => r.data),
    staleTime: 60_000,
  });
}

export function useInvitations(org: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationKeys.all(org),
    queryFn: ({ signal }) => apiFetch<{ data: TInvitationItem[] }>("/api/v1/invitations", { org, signal }).then((r) => r.data),
    enabled,
  });
}

export function useCreateInvitation(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) =>
      apiFetch<{ data: TInvitationItem }>("/api/v1/invitations", { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: invitationKeys.all(org) }),
  });
}

export function useRevokeInvitation(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/invitations/${id}`, { method: "DELETE", org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: invitationKeys.all(org) }),
  });
}

export function useUpdateMemberRole(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) => apiFetch<{ data: TMemberItem }>(`/api/v1/members/${id}`, { method: "PATCH", body: { role }, org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: memberKeys.all(org) }),
  });
}

export function useRemoveMember(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/members/${id}`, { method: "DELETE", org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: memberKeys.all(org) }),
  });
}

function search(filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params.toString();
}

export function useOperations(org: string, apiId: string, filters: TOperationFilters) {
  return useInfiniteQuery({
    queryKey: specKeys.operations(org, apiId, filters),
    queryFn: ({ pageParam, signal }) =>
      apiFetch<TOperationPage>(`/api/v1/apis/${apiId}/operations?${search({ ...filters, cursor: pageParam, limit: "100" })}`, { org, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useFindings(org: string, apiId: string, filters: TFindingFilters) {
  return useInfiniteQuery({
    queryKey: specKeys.findings(org, apiId, filters),
    queryFn: ({ pageParam, signal }) => apiFetch<TFindingPage>(`/api/v1/apis/${apiId}/findings?${search({ ...filters, cursor: pageParam, limit: "100" })}`, { org, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

export function useSpecImports(org: string, apiId: string) {
  return useQuery({
    queryKey: specKeys.imports(org, apiId),
    queryFn: ({ signal }) => apiFetch<{ data: TSpecImportItem[] }>(`/api/v1/apis/${apiId}/spec-imports`, { org, signal }).then((r) => r.data),
  });
}
