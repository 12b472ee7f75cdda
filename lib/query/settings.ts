"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { TOrgSecurityPolicy } from "@/lib/validation/settings";
import { apiFetch } from "./fetcher";
import type { Jsonify } from "@/lib/core/jsonify";
import type { TOrgSecuritySettings } from "@/lib/server/settings/get-org-security-settings";
import { catalogKeys, securityKeys, threatModelKeys } from "./keys";
import type { TRiskBandsResponse, TSpecRuleItem, TSpecRuleSwitched } from "./types";

export type TOrgSecurity = Jsonify<TOrgSecuritySettings>;

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

export function useRiskBands(org: string) {
  return useQuery({
    queryKey: catalogKeys.riskBands(org),
    queryFn: ({ signal }) => apiFetch<{ data: TRiskBandsResponse }>("/api/v1/settings/risk-bands", { org, signal }).then((r) => r.data),
  });
}

export function useSaveRiskBands(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: TRiskBandsResponse) => apiFetch<{ data: TRiskBandsResponse }>("/api/v1/settings/risk-bands", { method: "PUT", body: input, org }).then((r) => r.data),
    onSuccess: () => {
      // Risk bands and SLAs share one settings version, so both are read again.
      void client.invalidateQueries({ queryKey: catalogKeys.all(org) });
      void client.invalidateQueries({ queryKey: threatModelKeys.all(org) });
    },
  });
}

export function useSpecRules(org: string) {
  return useQuery({
    queryKey: catalogKeys.specRules(org),
    queryFn: ({ signal }) => apiFetch<{ data: TSpecRuleItem[] }>("/api/v1/settings/spec-rules", { org, signal }).then((r) => r.data),
  });
}

export function useSwitchSpecRule(org: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => apiFetch<{ data: TSpecRuleSwitched }>(`/api/v1/settings/spec-rules/${encodeURIComponent(id)}`, { method: "PUT", body: { enabled }, org }).then((r) => r.data),
    // The answer is the rule's state after the write; the rest of the list is unchanged, so no refetch.
    onSuccess: (switched) => client.setQueryData<TSpecRuleItem[]>(catalogKeys.specRules(org), (rules) => rules?.map((rule) => (rule.id === switched.id ? { ...rule, enabled: switched.enabled } : rule))),
  });
}
