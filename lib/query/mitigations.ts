"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TBulkMitigations, TCreateMitigation, TSlaSettingsInput, TUpdateMitigation } from "@/lib/validation/mitigations";
import { apiFetch, cursorPages } from "./fetcher";
import { catalogKeys, commentKeys, mitigationKeys, notificationKeys, threatModelKeys } from "./keys";
import type { TBulkMitigationsResult, TCommentItem, TMitigationFilters, TMitigationItem, TMitigationPage, TMyWork, TNotificationInbox, TNotificationPreference, TSlaResponse } from "./types";

export type { TMitigationFilters };

export function useMitigations(org: string, filters: TMitigationFilters) {
  return useInfiniteQuery({
    queryKey: mitigationKeys.list(org, filters),
    ...cursorPages<TMitigationPage>("/api/v1/mitigations", filters, { org, limit: 50 }),
    placeholderData: keepPreviousData,
  });
}

export function useMitigation(org: string, id: string, initialData?: TMitigationItem) {
  return useQuery({
    queryKey: mitigationKeys.detail(org, id),
    queryFn: ({ signal }) => apiFetch<{ data: TMitigationItem }>(`/api/v1/mitigations/${id}`, { org, signal }).then((r) => r.data),
    initialData,
  });
}

function useInvalidateWork(org: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: mitigationKeys.all(org) });
    void client.invalidateQueries({ queryKey: threatModelKeys.all(org) });
  };
}

export function useUpdateMitigation(org: string, id: string) {
  const client = useQueryClient();
  const invalidate = useInvalidateWork(org);
  return useMutation({
    mutationFn: (input: TUpdateMitigation) => apiFetch<{ data: TMitigationItem }>(`/api/v1/mitigations/${id}`, { method: "PATCH", body: input, org }).then((r) => r.data),
    onSuccess: (mitigation) => {
      client.setQueryData(mitigationKeys.detail(org, id), mitigation);
      invalidate();
    },
  });
}

export function useCreateMitigation(org: string) {
  const invalidate = useInvalidateWork(org);
  return useMutation({
    mutationFn: (input: TCreateMitigation) => apiFetch<{ data: TMitigationItem }>("/api/v1/mitigations", { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: invalidate,
  });
}

export function useBulkMitigations(org: string) {
  const invalidate = useInvalidateWork(org);
  return useMutation({
    mutationFn: (input: TBulkMitigations) => apiFetch<{ data: TBulkMitigationsResult }>("/api/v1/mitigations/bulk", { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: invalidate,
  });
}

export function useDeleteMitigation(org: string) {
  const invalidate = useInvalidateWork(org);
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/mitigations/${id}`, { method: "DELETE", org }),
    onSuccess: invalidate,
  });
}

export type TCommentTarget = { kind: "threats" | "mitigations"; id: string };

export function useComments(org: string, target: TCommentTarget) {
  return useQuery({
    queryKey: commentKeys.thread(org, `${target.kind}:${target.id}`),
    queryFn: ({ signal }) => apiFetch<{ data: TCommentItem[] }>(`/api/v1/${target.kind}/${target.id}/comments`, { org, signal }).then((r) => r.data),
  });
}

export function useCommentMutations(org: string, target: TCommentTarget) {
  const client = useQueryClient();
  const refresh = () => void client.invalidateQueries({ queryKey: commentKeys.thread(org, `${target.kind}:${target.id}`) });
  return {
    create: useMutation({ mutationFn: (body: string) => apiFetch(`/api/v1/${target.kind}/${target.id}/comments`, { method: "POST", body: { body }, org }), onSuccess: refresh }),
    update: useMutation({ mutationFn: ({ id, body }: { id: string; body: string }) => apiFetch(`/api/v1/comments/${id}`, { method: "PATCH", body: { body }, org }), onSuccess: refresh }),
    remove: useMutation({ mutationFn: (id: string) => apiFetch(`/api/v1/comments/${id}`, { method: "DELETE", org }), onSuccess: refresh }),
  };
}

export function useNotifications(org: string) {
  return useQuery({
    queryKey: notificationKeys.inbox(org),
    queryFn: ({ signal }) => apiFetch<{ data: TNotificationInbox }>("/api/v1/notifications", { org, signal }).then((r) => r.data),
    refetchInterval: 30_000,
  });
}

export function useMarkNotificationsRead(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { ids?: string[]; all?: boolean }) => apiFetch("/api/v1/notifications/read", { method: "POST", body: input, org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: notificationKeys.inbox(org) }),
  });
}

export function useMyWork(org: string) {
  return useQuery({ queryKey: mitigationKeys.myWork(org), queryFn: ({ signal }) => apiFetch<{ data: TMyWork }>("/api/v1/me/work", { org, signal }).then((r) => r.data) });
}

export function useNotificationPreferences() {
  return useQuery({ queryKey: notificationKeys.preferences(), queryFn: ({ signal }) => apiFetch<{ data: TNotificationPreference[] }>("/api/v1/me/notification-preferences", { signal }).then((r) => r.data) });
}

export function useSaveNotificationPreferences() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (preferences: TNotificationPreference[]) => apiFetch<{ data: TNotificationPreference[] }>("/api/v1/me/notification-preferences", { method: "PUT", body: { preferences } }).then((r) => r.data),
    onSuccess: (data) => client.setQueryData(notificationKeys.preferences(), data),
  });
}

export function useSla(org: string) {
  return useQuery({ queryKey: catalogKeys.sla(org), queryFn: ({ signal }) => apiFetch<{ data: TSlaResponse }>("/api/v1/settings/sla", { org, signal }).then((r) => r.data) });
}

export function useSaveSla(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TSlaSettingsInput) => apiFetch<{ data: TSlaResponse }>("/api/v1/settings/sla", { method: "PUT", body: input, org }).then((r) => r.data),
    // Risk bands and SLAs share one settings version.
    onSuccess: () => void client.invalidateQueries({ queryKey: catalogKeys.all(org) }),
  });
}
