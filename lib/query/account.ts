"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TChangePassword } from "@/lib/validation/auth";
import type { TCreateOrganization } from "@/lib/validation/organization";
import { apiFetch } from "./fetcher";
import { securityKeys } from "./keys";

import type { TCreatedOrganization, TMfaEnrolment, TMfaStatus, TRecoveryCodes, TSessionItem } from "./types";

export type { TMfaEnrolment, TMfaStatus, TSessionItem };

export function useMfaStatus() {
  return useQuery({ queryKey: securityKeys.mfa(), queryFn: ({ signal }) => apiFetch<{ data: TMfaStatus }>("/api/v1/me/mfa", { signal }).then((r) => r.data) });
}

export function useStartMfaEnrolment() {
  return useMutation({ mutationFn: (input: { password: string }) => apiFetch<{ data: TMfaEnrolment }>("/api/v1/me/mfa/enrolment", { method: "POST", body: input }).then((r) => r.data) });
}

export function useConfirmMfaEnrolment() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { code: string }) => apiFetch<{ data: TRecoveryCodes }>("/api/v1/me/mfa/enrolment/confirm", { method: "POST", body: input }).then((r) => r.data),
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
    mutationFn: (input: { password: string }) => apiFetch<{ data: TRecoveryCodes }>("/api/v1/me/mfa/recovery-codes", { method: "POST", body: input }).then((r) => r.data),
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

export function useChangePassword() {
  return useMutation({ mutationFn: (input: TChangePassword) => apiFetch<void>("/api/v1/me/password", { method: "POST", body: input }) });
}

const makeActiveOrg = (slug: string) => apiFetch<void>("/api/v1/me/active-org", { method: "PUT", body: { slug } });

/** Records the organisation this session works in, so pages without one in their path open it. */
export function useSwitchOrganization() {
  return useMutation({ mutationFn: makeActiveOrg });
}

/** Creates an organisation and makes it the active one; answers its slug. */
export function useCreateOrganization() {
  return useMutation({
    mutationFn: async (input: TCreateOrganization) => {
      const created = await apiFetch<{ data: TCreatedOrganization }>("/api/v1/orgs", { method: "POST", body: input });
      await makeActiveOrg(created.data.slug);
      return created.data.slug;
    },
  });
}
