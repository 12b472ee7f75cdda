"use client";

import { ApiError, type TProblemBody } from "./fetcher";
import type { TSpecImportResponse } from "./types";
import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { apiFetch } from "./fetcher";
import { specKeys } from "./keys";
import type { TFindingFilters, TFindingPage, TOperationFilters, TOperationPage, TSpecImportItem } from "./types";

// Runs a spec import from the browser with progress: XMLHttpRequest reports the upload, and the
// server streams one JSON line per stage (Accept: application/x-ndjson).

export type TImportProgress = { stage: string; uploadedFraction: number };

type Body = { kind: "file"; file: File } | { kind: "text"; text: string } | { kind: "url"; url: string };

function contentTypeOf(body: Body): string {
  if (body.kind === "url") return "application/json";
  const name = body.kind === "file" ? body.file.name.toLowerCase() : "";
  const text = body.kind === "text" ? body.text.trimStart() : "";
  if (name.endsWith(".json") || text.startsWith("{")) return "application/json";
  return "application/yaml";
}

export function runSpecRequest<T = TSpecImportResponse>(options: {
  url: string;
  org: string;
  body: Body;
  onProgress?: (progress: TImportProgress) => void;
  signal?: AbortSignal;
}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let uploaded = options.body.kind === "url" ? 1 : 0;
    let stage = options.body.kind === "url" ? "fetching" : "uploading";
    let consumed = 0;
    let settled = false;
    const report = () => options.onProgress?.({ stage, uploadedFraction: uploaded });
    const finish = (fn: () => void) => {
      if (!settled) {
        settled = true;
        fn();
      }
    };

    const readLines = () => {
      const text = xhr.responseText;
      let newline = text.indexOf("\n", consumed);
      while (newline !== -1) {
        const line = text.slice(consumed, newline).trim();
        consumed = newline + 1;
        newline = text.indexOf("\n", consumed);
        if (!line) continue;
        const event = JSON.parse(line) as { type: string; stage?: string; status?: number; data?: T; problem?: TProblemBody };
        if (event.type === "stage" && event.stage) {
          stage = event.stage;
          report();
        } else if (event.type === "result") {
          finish(() => resolve(event.data as T));
        } else if (event.type === "error") {
          finish(() => reject(new ApiError(event.status ?? 500, event.problem ?? {})));
        }
      }
    };

    xhr.open("POST", options.url);
    xhr.setRequestHeader("accept", "application/x-ndjson");
    xhr.setRequestHeader("x-bulwark-org", options.org);
    xhr.setRequestHeader("content-type", contentTypeOf(options.body));
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable) {
        uploaded = event.loaded / Math.max(1, event.total);
        report();
      }
    };
    xhr.upload.onload = () => {
      uploaded = 1;
      stage = "parsing";
      report();
    };
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (xhr.status !== 200) {
        let problem: TProblemBody = {};
        try {
          problem = JSON.parse(xhr.responseText) as TProblemBody;
        } catch {
          problem = { detail: `The server answered ${xhr.status}.` };
        }
        finish(() => reject(new ApiError(xhr.status, problem)));
        return;
      }
      readLines();
      finish(() => reject(new ApiError(500, { detail: "The import ended without a result. Try again." })));
    };
    xhr.onerror = () => finish(() => reject(new ApiError(0, { detail: "Bulwark could not be reached. Check your connection and try again." })));
    options.signal?.addEventListener("abort", () => xhr.abort());
    report();
    const body = options.body;
    xhr.send(body.kind === "file" ? body.file : body.kind === "text" ? body.text : JSON.stringify({ url: body.url }));
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
