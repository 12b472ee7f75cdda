"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { catalogKeys } from "./keys";
import type { TCatalog, TCreatedCatalogEntry, TCreatedTemplate, TTemplateItem } from "./types";

export function useCatalog(org: string, includeDisabled: boolean) {
  return useQuery({
    queryKey: catalogKeys.entries(org, includeDisabled),
    queryFn: ({ signal }) =>
      apiFetch<{ data: TCatalog }>(`/api/v1/catalog?includeDisabled=${includeDisabled}`, { org, signal }).then((r) => r.data),
  });
}

export function useToggleCatalogEntry(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ key, disabled }: { key: string; disabled: boolean }) => apiFetch<void>(`/api/v1/catalog/${key}`, { method: "PATCH", body: { disabled }, org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: catalogKeys.all(org) }),
  });
}

export function useCreateCatalogEntry(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: unknown) => apiFetch<{ data: TCreatedCatalogEntry }>("/api/v1/catalog", { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: catalogKeys.all(org) }),
  });
}

export function useTemplates(org: string) {
  return useQuery({
    queryKey: catalogKeys.templates(org),
    queryFn: ({ signal }) => apiFetch<{ data: TTemplateItem[] }>("/api/v1/checklist-templates", { org, signal }).then((r) => r.data),
  });
}

export function useCreateTemplate(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; description: string; entryKeys: string[] }) => apiFetch<{ data: TCreatedTemplate }>("/api/v1/checklist-templates", { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: catalogKeys.templates(org) }),
  });
}

export function useDeleteTemplate(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/checklist-templates/${id}`, { method: "DELETE", org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: catalogKeys.templates(org) }),
  });
}
