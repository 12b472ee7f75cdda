// Query key factories: one place that decides how cached data is grouped and invalidated.
import type { TApiListFilters } from "./types";

export const apiKeys = {
  all: (org: string) => ["org", org, "apis"] as const,
  lists: (org: string) => [...apiKeys.all(org), "list"] as const,
  list: (org: string, filters: TApiListFilters) => [...apiKeys.lists(org), filters] as const,
  detail: (org: string, id: string) => [...apiKeys.all(org), "detail", id] as const,
};

export const memberKeys = {
  all: (org: string) => ["org", org, "members"] as const,
};

export const invitationKeys = {
  all: (org: string) => ["org", org, "invitations"] as const,
};

export const teamKeys = {
  all: (org: string) => ["org", org, "teams"] as const,
};

export const specKeys = {
  all: (org: string, apiId: string) => ["org", org, "apis", "detail", apiId, "spec"] as const,
  operations: (org: string, apiId: string, filters: object) => [...specKeys.all(org, apiId), "operations", filters] as const,
  findings: (org: string, apiId: string, filters: object) => [...specKeys.all(org, apiId), "findings", filters] as const,
  imports: (org: string, apiId: string) => [...specKeys.all(org, apiId), "imports"] as const,
};
