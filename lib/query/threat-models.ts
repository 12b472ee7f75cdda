"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { ChecklistAnswerValue } from "@/lib/generated/prisma/enums";
import { apiFetch } from "./fetcher";
import { threatModelKeys } from "./keys";
import type { TAnswerResult, TCreatedThreatModel, TNewVersion, TThreatModelDetail, TThreatModelSummary, TVersionDiffResponse } from "./types";

export function useThreatModels(org: string, filters: { apiId?: string; status?: string }) {
  const query = new URLSearchParams(Object.entries(filters).filter(([, value]) => value) as [string, string][]).toString();
  return useQuery({
    queryKey: threatModelKeys.list(org, filters),
    queryFn: ({ signal }) => apiFetch<{ data: TThreatModelSummary[] }>(`/api/v1/threat-models${query ? `?${query}` : ""}`, { org, signal }).then((r) => r.data),
  });
}

export function useThreatModel(org: string, id: string, initialData?: TThreatModelDetail) {
  return useQuery({
    queryKey: threatModelKeys.detail(org, id),
    queryFn: ({ signal }) => apiFetch<{ data: TThreatModelDetail }>(`/api/v1/threat-models/${id}`, { org, signal }).then((r) => r.data),
    initialData,
  });
}

export function useCreateThreatModel(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { apiId: string; templateId?: string | null; title?: string }) =>
      apiFetch<{ data: TCreatedThreatModel }>("/api/v1/threat-models", { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: threatModelKeys.all(org) }),
  });
}


/** Saves one answer; the model (answers, threats, progress) is refreshed in the background. */
export function useSaveAnswer(org: string, modelId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { entryKey: string; answer: ChecklistAnswerValue; note: string }) =>
      apiFetch<{ data: TAnswerResult }>(`/api/v1/threat-models/${modelId}/answers`, { method: "PUT", body: input, org }).then((r) => r.data),
    onSuccess: (result) => {
      client.setQueryData<TThreatModelDetail>(threatModelKeys.detail(org, modelId), (current) => {
        if (!current) return current;
        const others = current.answers.filter((answer) => answer.entryKey !== result.answer.entryKey);
        const previous = current.answers.find((answer) => answer.entryKey === result.answer.entryKey);
        return {
          ...current,
          progress: result.progress,
          answers: [...others, { ...previous, answeredBy: previous?.answeredBy ?? null, ruleEvidence: previous?.ruleEvidence ?? null, ...result.answer }],
        };
      });
      void client.invalidateQueries({ queryKey: threatModelKeys.detail(org, modelId) });
    },
  });
}

function useModelAction<TInput>(org: string, modelId: string, path: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TInput) => apiFetch<{ data: TThreatModelDetail }>(`/api/v1/threat-models/${modelId}/${path}`, { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: (model) => {
      client.setQueryData(threatModelKeys.detail(org, modelId), model);
      void client.invalidateQueries({ queryKey: threatModelKeys.all(org) });
    },
  });
}

export const useSubmitForReview = (org: string, modelId: string) => useModelAction<{ reviewerId: string | null; comment: string }>(org, modelId, "submit");
export const useApproveModel = (org: string, modelId: string) => useModelAction<{ comment: string }>(org, modelId, "approve");
export const useRequestChanges = (org: string, modelId: string) => useModelAction<{ comment: string }>(org, modelId, "request-changes");

export function useUpdateThreatModel(org: string, modelId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { version: number; title?: string; scope?: string; assumptions?: string }) =>
      apiFetch<{ data: TThreatModelDetail }>(`/api/v1/threat-models/${modelId}`, { method: "PATCH", body: input, org }).then((r) => r.data),
    onSuccess: (model) => client.setQueryData(threatModelKeys.detail(org, modelId), model),
  });
}

export function useStartNewVersion(org: string, modelId: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => apiFetch<{ data: TNewVersion }>(`/api/v1/threat-models/${modelId}/versions`, { method: "POST", org }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: threatModelKeys.all(org) }),
  });
}

export function useVersionDiff(org: string, modelId: string, enabled: boolean) {
  return useQuery({
    queryKey: threatModelKeys.diff(org, modelId),
    queryFn: ({ signal }) => apiFetch<{ data: TVersionDiffResponse }>(`/api/v1/threat-models/${modelId}/diff`, { org, signal }).then((r) => r.data),
    enabled,
  });
}
