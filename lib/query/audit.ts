"use client";

import { keepPreviousData, useInfiniteQuery, useMutation } from "@tanstack/react-query";
import { saveFile } from "./exports";
import { apiDownload, cursorPages, queryString } from "./fetcher";
import { auditKeys } from "./keys";

export type TAuditFilters = { actor?: string; action?: string; objectType?: string; objectId?: string; from?: string; to?: string };
export type TAuditEvent = {
  id: string;
  createdAt: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  ip: string | null;
  userAgent: string | null;
  metadata: unknown;
  actor: { id: string; name: string; email: string } | null;
};
type TAuditPage = { data: TAuditEvent[]; nextCursor: string | null; actors?: { id: string; name: string; email: string }[] };

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
