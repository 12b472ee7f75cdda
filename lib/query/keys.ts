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

export const threatModelKeys = {
  all: (org: string) => ["org", org, "threat-models"] as const,
  list: (org: string, filters: object) => [...threatModelKeys.all(org), "list", filters] as const,
  detail: (org: string, id: string) => [...threatModelKeys.all(org), "detail", id] as const,
  diff: (org: string, id: string) => [...threatModelKeys.all(org), "diff", id] as const,
};

export const catalogKeys = {
  all: (org: string) => ["org", org, "catalog"] as const,
  entries: (org: string, includeDisabled: boolean) => [...catalogKeys.all(org), "entries", includeDisabled] as const,
  templates: (org: string) => [...catalogKeys.all(org), "templates"] as const,
  riskBands: (org: string) => [...catalogKeys.all(org), "risk-bands"] as const,
  sla: (org: string) => [...catalogKeys.all(org), "sla"] as const,
  specRules: (org: string) => [...catalogKeys.all(org), "spec-rules"] as const,
};

export const mitigationKeys = {
  all: (org: string) => ["org", org, "mitigations"] as const,
  list: (org: string, filters: object) => [...mitigationKeys.all(org), "list", filters] as const,
  detail: (org: string, id: string) => [...mitigationKeys.all(org), "detail", id] as const,
  myWork: (org: string) => [...mitigationKeys.all(org), "my-work"] as const,
};

export const commentKeys = {
  thread: (org: string, target: string) => ["org", org, "comments", target] as const,
};

export const notificationKeys = {
  inbox: (org: string) => ["org", org, "notifications"] as const,
  preferences: () => ["me", "notification-preferences"] as const,
};

export const dashboardKeys = {
  all: (org: string) => ["org", org, "dashboard"] as const,
  view: (org: string, filters: object) => [...dashboardKeys.all(org), filters] as const,
};

export const threatRegisterKeys = {
  list: (org: string, filters: object) => ["org", org, "threat-register", filters] as const,
};

export const securityKeys = {
  mfa: () => ["me", "mfa"] as const,
  sessions: () => ["me", "sessions"] as const,
  orgPolicy: (org: string) => ["org", org, "security-policy"] as const,
};

export const auditKeys = {
  list: (org: string, filters: object) => ["org", org, "audit", filters] as const,
};

export const exportKeys = {
  all: (org: string) => ["org", org, "exports"] as const,
  job: (org: string, id: string) => [...exportKeys.all(org), id] as const,
};
