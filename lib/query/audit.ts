"use client";

import { keepPreviousData, useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { saveFile } from "./exports";
import { apiDownload, cursorPages, queryString } from "./fetcher";
import { auditKeys } from "./keys";

import type { TAuditEvent, TAuditFilters, TAuditPage } from "./types";

export type { TAuditEvent, TAuditFilters };

export function useAuditEvents(org: string, filters: TAuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(org, filters),
    ...cursorPages<TAuditPage>("/api/v1/audit-events", filters, { org, limit: 50 }),
    placeholderData: keepPreviousData,
  });
}

/** The filtered log as CSV, saved by the browser. */
export function useExportAuditCsv(org: string) {
  return useMutation({
    mutationFn: (filters: TAuditFilters) => apiDownload(`/api/v1/audit-events/export?${queryString(filters)}`, { org, fallbackName: "bulwark-audit.csv" }).then(saveFile),
  });
}
