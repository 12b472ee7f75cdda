import type { BadgeTone } from "@/components/ui/badge";
import type { AuthScheme, DataClassification, DataFlag, Exposure, Lifecycle, Protocol } from "@/lib/generated/prisma/enums";

type Labelled<T extends string> = Record<T, { label: string; tone: BadgeTone; hint?: string }>;

export const EXPOSURE: Labelled<Exposure> = {
  INTERNET: { label: "Internet", tone: "danger", hint: "Anyone on the internet can reach it." },
  PARTNER: { label: "Partner", tone: "warning", hint: "Reachable by named partners or customers." },
  INTERNAL: { label: "Internal", tone: "neutral", hint: "Only reachable inside your network." },
};

export const LIFECYCLE: Labelled<Lifecycle> = {
  DESIGN: { label: "Design", tone: "info" },
  ACTIVE: { label: "Active", tone: "success" },
  DEPRECATED: { label: "Deprecated", tone: "warning" },
  RETIRED: { label: "Retired", tone: "neutral" },
};

export const CLASSIFICATION: Labelled<DataClassification> = {
  PUBLIC: { label: "Public", tone: "neutral" },
  INTERNAL: { label: "Internal", tone: "info" },
  CONFIDENTIAL: { label: "Confidential", tone: "warning" },
  RESTRICTED: { label: "Restricted", tone: "danger" },
};

export const PROTOCOL_LABEL: Record<Protocol, string> = { REST: "REST", GRAPHQL: "GraphQL", GRPC: "gRPC", SOAP: "SOAP", WEBSOCKET: "WebSocket" };

export const AUTH_SCHEME_LABEL: Record<AuthScheme, string> = {
  NONE: "None",
  API_KEY: "API key",
  OAUTH2_OIDC: "OAuth 2 / OIDC",
  JWT: "JWT",
  MTLS: "mTLS",
  BASIC: "Basic",
};

export const DATA_FLAG_LABEL: Record<DataFlag, string> = { PII: "PII", PCI: "PCI", PHI: "PHI", CREDENTIALS: "Credentials" };

export function optionsOf<T extends string>(labels: Record<T, string | { label: string }>) {
  return (Object.entries(labels) as [T, string | { label: string }][]).map(([value, label]) => ({ value, label: typeof label === "string" ? label : label.label }));
}
