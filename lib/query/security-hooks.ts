"use client";

import { keepPreviousData, useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TOrgSecurityPolicy } from "@/lib/validation/security";
import { apiFetch, queryString } from "./fetcher";
import type { Jsonify } from "@/lib/core/jsonify";
import type { TOrgSecuritySettings } from "@/lib/server/settings/org-security";
import { auditKeys, securityKeys } from "./keys";

export type TMfaStatus = { enabled: boolean; enabledAt: string | null; recoveryCodesLeft: number };
export type TMfaEnrolment = { otpauthUri: string; manualKey: string; qrCode: string };
export type TSessionItem = { id: string; createdAt: string; lastSeenAt: string; expiresAt: string; ip: string | null; device: string; method: "PASSWORD" | "SSO"; current: boolean };
export type TOrgSecurity = Jsonify<TOrgSecuritySettings>;
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

export function useMfaStatus() {
  return useQuery({ queryKey: securityKeys.mfa(), queryFn: ({ signal }) => apiFetch<{ data: TMfaStatus }>("/api/v1/me/mfa", { signal }).then((r) => r.data) });
}

export function useStartMfaEnrolment() {
  return useMutation({ mutationFn: (input: { password: string }) => apiFetch<{ data: TMfaEnrolment }>("/api/v1/me/mfa/enrolment", { method: "POST", body: input }).then((r) => r.data) });
}

export function useConfirmMfaEnrolment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { code: string }) => apiFetch<{ data: { recoveryCodes: string[] } }>("/api/v1/me/mfa/enrolment/confirm", { method: "POST", body: input }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: securityKeys.mfa() }),
  });
}

export function useDisableMfa() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { password: string }) => apiFetch<void>("/api/v1/me/mfa/disable", { method: "POST", body: input }),
    onSuccess: () => void client.invalidateQueries({ queryKey: securityKeys.mfa() }),
  });
}

export function useRegenerateRecoveryCodes() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { password: string }) => apiFetch<{ data: { recoveryCodes: string[] } }>("/api/v1/me/mfa/recovery-codes", { method: "POST", body: input }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: securityKeys.mfa() }),
  });
}

export function useMySessions() {
  return useQuery({ queryKey: securityKeys.sessions(), queryFn: ({ signal }) => apiFetch<{ data: TSessionItem[] }>("/api/v1/me/sessions", { signal }).then((r) => r.data) });
}

export function useRevokeSession() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/me/sessions/${id}`, { method: "DELETE" }),
    onSuccess: () => void client.invalidateQueries({ queryKey: securityKeys.sessions() }),
  });
}

export function useRevokeSessions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (keep: "current" | "none") => apiFetch<void>(`/api/v1/me/sessions?keep=${keep}`, { method: "DELETE" }),
    onSuccess: () => void client.invalidateQueries({ queryKey: securityKeys.sessions() }),
  });
}

export function useOrgSecurity(org: string) {
  return useQuery({ queryKey: securityKeys.orgPolicy(org), queryFn: ({ signal }) => apiFetch<{ data: TOrgSecurity }>("/api/v1/settings/security", { org, signal }).then((r) => r.data) });
}

export function useSaveOrgSecurity(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TOrgSecurityPolicy) => apiFetch<{ data: TOrgSecurity }>("/api/v1/settings/security", { method: "PUT", body: input, org }).then((r) => r.data),
    onSuccess: (data) => client.setQueryData(securityKeys.orgPolicy(org), data),
  });
}

export function useAuditEvents(org: string, filters: TAuditFilters) {
  return useInfiniteQuery({
    queryKey: auditKeys.list(org, filters),
    queryFn: ({ pageParam, signal }) => apiFetch<TAuditPage>(`/api/v1/audit-events?${queryString({ ...filters, cursor: pageParam, limit: "50" })}`, { org, signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}
