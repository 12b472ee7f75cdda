import type { Severity } from "@/lib/generated/prisma/enums";
import type { TPerson } from "@/lib/core/exports/report-data";

// Words for enum values in printed reports (the UI has its own, with colours and badges).

export const SEVERITY_ORDER_DESC: Severity[] = ["CRITICAL", "HIGH", "MEDIUM", "LOW"];

export const STATUS_LABEL = {
  model: { DRAFT: "Draft", IN_REVIEW: "In review", APPROVED: "Approved", ARCHIVED: "Superseded" },
  threat: { OPEN: "Open", MITIGATED: "Mitigated", ACCEPTED: "Accepted", TRANSFERRED: "Transferred", NOT_APPLICABLE: "Not applicable" },
  mitigation: { PROPOSED: "Proposed", PLANNED: "Planned", IN_PROGRESS: "In progress", IMPLEMENTED: "Implemented", VERIFIED: "Verified", WONT_DO: "Won't do" },
} as const;

const SPECIAL: Record<string, string> = {
  INTERNET: "Internet-facing",
  PARTNER: "Partners only",
  INTERNAL: "Internal",
  NOT_APPLICABLE: "Not applicable",
  OAUTH2_OIDC: "OAuth 2 / OIDC",
  API_KEY: "API key",
  MTLS: "mTLS",
  JWT: "JWT",
  CHANGES_REQUESTED: "Changes requested",
};

/** "IN_PROGRESS" → "In progress"; a few values have their own words. */
export function label(value: string): string {
  return SPECIAL[value] ?? humanise(value);
}

/** "broken-auth" / "IN_REVIEW" → "Broken auth" / "In review". */
export function humanise(value: string): string {
  if (SPECIAL[value]) return SPECIAL[value]!;
  const words = value.replace(/[-_]+/g, " ").trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function personName(person: TPerson, fallback = "—"): string {
  return person ? person.name || person.email : fallback;
}

/** "28 Nov 2026", or with the time (UTC) when `withTime`. Reports are read far from where they were made. */
export function formatDate(iso: string | null, withTime = false): string {
  if (!iso) return "—";
  const date = new Date(iso);
  const day = date.toLocaleDateString("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });
  return withTime ? `${day} ${date.toISOString().slice(11, 16)}` : day;
}
