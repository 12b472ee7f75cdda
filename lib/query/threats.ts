"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TCreateThreat, TUpdateThreat } from "@/lib/validation/threats";
import { apiFetch } from "./fetcher";
import { threatModelKeys } from "./keys";
import type { TThreatItem } from "./types";

export function useSaveThreat(org: string, modelId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id?: string; create?: TCreateThreat; update?: TUpdateThreat }) =>
      input.id
        ? apiFetch<{ data: TThreatItem }>(`/api/v1/threats/${input.id}`, { method: "PATCH", body: input.update, org }).then((r) => r.data)
        : apiFetch<{ data: TThreatItem }>(`/api/v1/threat-models/${modelId}/threats`, { method: "POST", body: input.create, org }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: threatModelKeys.detail(org, modelId) }),
  });
}

export function useDeleteThreat(org: string, modelId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/threats/${id}`, { method: "DELETE", org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: threatModelKeys.detail(org, modelId) }),
  });
}
