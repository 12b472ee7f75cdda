"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TCreateExportInput } from "@/lib/validation/exports";
import { ApiError, apiFetch } from "./fetcher";
import { exportKeys } from "./keys";

// Exports run on the server as jobs: start one, poll it until it is ready, then download it.

export type TExportJob = {
  id: string;
  kind: string;
  format: string;
  status: "QUEUED" | "RUNNING" | "READY" | "FAILED";
  progress: number;
  stage: string;
  fileName: string | null;
  byteSize: number | null;
  error: string | null;
  createdAt: string;
  downloadUrl: string | null;
};

export type { TCreateExportInput };

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

/**
 * Downloads a small file from an organisation route (which needs the organisation header, so a
 * plain link cannot fetch it): fetched here, handed to the browser as a blob.
 */
export async function downloadFromOrgRoute(path: string, org: string): Promise<void> {
  const response = await fetch(path, { headers: { "x-bulwark-org": org }, credentials: "same-origin" });
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new ApiError(response.status, { detail: problem.detail ?? `The server answered ${response.status}.` });
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const fileName = encoded ? decodeURIComponent(encoded) : (/filename="([^"]+)"/i.exec(disposition)?.[1] ?? "download");
  const url = URL.createObjectURL(await response.blob());
  try {
    startDownload(url, fileName);
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
