"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TCreateExportInput } from "@/lib/validation/exports";
import { ApiError, apiDownload, apiFetch } from "./fetcher";
import { apiKeys, exportKeys, threatModelKeys } from "./keys";
import type { TExportJob, TOrganizationImportResult, TOtmImportResult } from "./types";

// Exports run on the server as jobs: start one, poll it until it is ready, then download it.


export type { TCreateExportInput, TExportJob, TOrganizationImportResult, TOtmImportResult };

export function useStartExport(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TCreateExportInput) => apiFetch<{ data: TExportJob }>("/api/v1/exports", { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: (job) => {
      client.setQueryData(exportKeys.job(org, job.id), job);
      void client.invalidateQueries({ queryKey: exportKeys.all(org), exact: true });
    },
  });
}

/** Polls a job until it is ready or failed. */
export function useExportJob(org: string, id: string | null) {
  return useQuery({
    queryKey: exportKeys.job(org, id ?? "none"),
    queryFn: ({ signal }) => apiFetch<{ data: TExportJob }>(`/api/v1/exports/${id}`, { org, signal }).then((r) => r.data),
    enabled: Boolean(id),
    refetchInterval: (query) => (query.state.data?.status === "READY" || query.state.data?.status === "FAILED" ? false : 600),
  });
}

export function useRecentExports(org: string) {
  return useQuery({
    queryKey: exportKeys.all(org),
    queryFn: ({ signal }) => apiFetch<{ data: TExportJob[] }>("/api/v1/exports", { org, signal }).then((r) => r.data),
    refetchInterval: (query) => (query.state.data?.some((job) => job.status === "QUEUED" || job.status === "RUNNING") ? 1_000 : false),
  });
}

/** Starts the browser's download of a URL the server answers with Content-Disposition: attachment. */
export function startDownload(url: string, fileName?: string) {
  const link = document.createElement("a");
  link.href = url;
  if (fileName) link.download = fileName;
  link.rel = "noopener";
  document.body.append(link);
  link.click();
  link.remove();
}

/** Hands a fetched file to the browser's download, under the name the server gave it. */
export function saveFile({ blob, fileName }: { blob: Blob; fileName: string }) {
  const url = URL.createObjectURL(blob);
  try {
    startDownload(url, fileName);
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

/** The model as an Open Threat Model file: small, so fetched directly rather than as a job. */
export function useDownloadOtm(org: string) {
  return useMutation({
    mutationFn: (modelId: string) => apiDownload(`/api/v1/threat-models/${modelId}/otm`, { org, fallbackName: "download" }).then(saveFile),
  });
}

async function readJsonFile(file: File): Promise<unknown> {
  try {
    return JSON.parse(await file.text());
  } catch {
    throw new ApiError(400, { detail: `${file.name} is not a JSON file.` });
  }
}


/** Imports an OTM file as a draft model on a new API. */
export function useImportOtm(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (file: File) => (await apiFetch<{ data: TOtmImportResult }>("/api/v1/imports/otm", { method: "POST", body: await readJsonFile(file), org })).data,
    onSettled: () => {
      void client.invalidateQueries({ queryKey: threatModelKeys.all(org) });
      void client.invalidateQueries({ queryKey: apiKeys.all(org) });
    },
  });
}

/** Imports a whole-organisation export into this (still empty) organisation. */
export function useImportOrganization(org: string) {
  return useMutation({
    mutationFn: async (file: File) => (await apiFetch<{ data: TOrganizationImportResult }>("/api/v1/imports/organization", { method: "POST", body: await readJsonFile(file), org })).data,
  });
}
