"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { Role } from "@/lib/generated/prisma/enums";
import { apiFetch } from "./fetcher";
import { invitationKeys, memberKeys, teamKeys } from "./keys";
import type { TCreatedInvitation, TInvitationItem, TMemberItem, TTeamItem } from "./types";

export function useMembers(org: string) {
  return useQuery({
    queryKey: memberKeys.all(org),
    queryFn: ({ signal }) => apiFetch<{ data: TMemberItem[] }>("/api/v1/members", { org, signal }).then((r) => r.data),
    staleTime: 60_000,
  });
}

export function useTeams(org: string) {
  return useQuery({
    queryKey: teamKeys.all(org),
    queryFn: ({ signal }) => apiFetch<{ data: TTeamItem[] }>("/api/v1/teams", { org, signal }).then((r) => r.data),
    staleTime: 60_000,
  });
}

export function useInvitations(org: string, enabled: boolean) {
  return useQuery({
    queryKey: invitationKeys.all(org),
    queryFn: ({ signal }) => apiFetch<{ data: TInvitationItem[] }>("/api/v1/invitations", { org, signal }).then((r) => r.data),
    enabled,
  });
}

export function useCreateInvitation(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { email: string; role: Role }) =>
      apiFetch<{ data: TCreatedInvitation }>("/api/v1/invitations", { method: "POST", body: input, org }).then((r) => r.data),
    onSuccess: () => void client.invalidateQueries({ queryKey: invitationKeys.all(org) }),
  });
}

export function useRevokeInvitation(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/invitations/${id}`, { method: "DELETE", org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: invitationKeys.all(org) }),
  });
}

export function useUpdateMemberRole(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, role }: { id: string; role: Role }) => apiFetch<{ data: TMemberItem }>(`/api/v1/members/${id}`, { method: "PATCH", body: { role }, org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: memberKeys.all(org) }),
  });
}

export function useRemoveMember(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/members/${id}`, { method: "DELETE", org }),
    onSuccess: () => void client.invalidateQueries({ queryKey: memberKeys.all(org) }),
  });
}
