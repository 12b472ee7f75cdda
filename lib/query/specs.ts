"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiFetch, apiUpload, cursorPages } from "./fetcher";
import { apiKeys, specKeys } from "./keys";
import type { TFindingFilters, TFindingPage, TOperationFilters, TOperationPage, TSpecImportItem, TSpecImportResponse, TSpecPreview } from "./types";

// Runs a spec import from the browser with progress: the fetcher reports the upload, and the
// server streams one JSON line per stage (Accept: application/x-ndjson).

export type TImportProgress = { stage: string; uploadedFraction: number };

type TSpecBody = { kind: "file"; file: File } | { kind: "text"; text: string } | { kind: "url"; url: string };

function contentTypeOf(body: TSpecBody): string {
  if (body.kind === "url") return "application/json";
  const name = body.kind === "file" ? body.file.name.toLowerCase() : "";
  const text = body.kind === "text" ? body.text.trimStart() : "";
  if (name.endsWith(".json") || text.startsWith("{")) return "application/json";
  return "application/yaml";
}

function runSpecRequest<T>(options: {
  url: string;
  org: string;
  body: TSpecBody;
  onProgress?: (progress: TImportProgress) => void;
  signal?: AbortSignal;
}): Promise<T> {
  const { body } = options;
  // A URL import sends only the address: the server's fetch of it is the first stage.
  let progress: TImportProgress = body.kind === "url" ? { stage: "fetching", uploadedFraction: 1 } : { stage: "uploading", uploadedFraction: 0 };
  const report = (next: Partial<TImportProgress>) => {
    progress = { ...progress, ...next };
    options.onProgress?.(progress);
  };
  report({});
  return apiUpload<T>(options.url, {
    org: options.org,
    signal: options.signal,
    contentType: contentTypeOf(body),
    body: body.kind === "file" ? body.file : body.kind === "text" ? body.text : JSON.stringify({ url: body.url }),
    onProgress: (uploadedFraction) => report({ uploadedFraction }),
    onUploaded: () => report({ uploadedFraction: 1, stage: "parsing" }),
    onStage: (stage) => report({ stage }),
  });
}

type TSpecRun = { source: TSpecBody; onProgress?: (progress: TImportProgress) => void; signal?: AbortSignal };

/** Reads a spec and saves nothing: what a new API's form is prefilled with. */
export function usePreviewSpec(org: string) {
  return useMutation({
    mutationFn: ({ source, onProgress, signal }: TSpecRun) =>
      runSpecRequest<TSpecPreview>({ url: source.kind === "url" ? "/api/v1/spec-preview/url" : "/api/v1/spec-preview", org, body: source, onProgress, signal }),
  });
}

/**
 * Imports a spec into an API; with `dryRun` only the diff comes back and nothing is saved.
 * `sourceQuery` carries what the server needs to know about the source (its name, its URL).
 */
export function useImportSpec(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ apiId, dryRun, sourceQuery, source, onProgress, signal }: TSpecRun & { apiId: string; dryRun?: boolean; sourceQuery: string }) => {
      const base = source.kind === "url" ? `/api/v1/apis/${apiId}/spec/url` : `/api/v1/apis/${apiId}/spec`;
      const query = [dryRun ? "dryRun=true" : "", sourceQuery].filter(Boolean).join("&");
      return runSpecRequest<TSpecImportResponse>({ url: `${base}?${query}`, org, body: source, onProgress, signal });
    },
    onSuccess: (_result, { apiId, dryRun }) => {
      if (dryRun) return;
      void client.invalidateQueries({ queryKey: specKeys.all(org, apiId) });
      void client.invalidateQueries({ queryKey: apiKeys.detail(org, apiId) });
    },
  });
}

export const STAGE_LABEL: Record<string, string> = {
  uploading: "Uploading",
  fetching: "Fetching the spec from its URL",
  parsing: "Reading the document",
  validating: "Checking it against the OpenAPI schema",
  extracting: "Finding operations and risky patterns",
  linting: "Linting with the OWASP API Security ruleset",
  comparing: "Comparing with the operations on record",
  saving: "Saving",
  done: "Done",
};

const STAGE_PROGRESS: Record<string, number> = { parsing: 0.35, validating: 0.45, extracting: 0.55, linting: 0.62, comparing: 0.88, saving: 0.92, done: 1 };

/** 0–1 for a progress bar: the upload is the first 30 %, then the server's stages. */
export function progressValue(progress: TImportProgress): number {
  if (progress.stage === "uploading" || progress.stage === "fetching") return 0.3 * progress.uploadedFraction;
  return STAGE_PROGRESS[progress.stage] ?? 0.3;
}

export function useOperations(org: string, apiId: string, filters: TOperationFilters) {
  return useInfiniteQuery({
    queryKey: specKeys.operations(org, apiId, filters),
    ...cursorPages<TOperationPage>(`/api/v1/apis/${apiId}/operations`, filters, { org, limit: 100 }),
    placeholderData: keepPreviousData,
  });
}

export function useFindings(org: string, apiId: string, filters: TFindingFilters) {
  return useInfiniteQuery({
    queryKey: specKeys.findings(org, apiId, filters),
    ...cursorPages<TFindingPage>(`/api/v1/apis/${apiId}/findings`, filters, { org, limit: 100 }),
    placeholderData: keepPreviousData,
  });
}

export function useSpecImports(org: string, apiId: string) {
  return useQuery({
    queryKey: specKeys.imports(org, apiId),
    queryFn: ({ signal }) => apiFetch<{ data: TSpecImportItem[] }>(`/api/v1/apis/${apiId}/spec-imports`, { org, signal }).then((r) => r.data),
  });
}
