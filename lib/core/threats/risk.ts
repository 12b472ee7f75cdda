import type { Severity } from "@/lib/generated/prisma/enums";

// Risk = likelihood × impact, each 1–5 (OWASP Risk Rating, simplified). The bands are the
// product's defaults; an organisation may move them (OrgSettings).

export type TRiskBands = { mediumFrom: number; highFrom: number; criticalFrom: number };

export const DEFAULT_RISK_BANDS: TRiskBands = { mediumFrom: 5, highFrom: 10, criticalFrom: 20 };

export const SEVERITY_ORDER: Severity[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];

/** The worst of the given severities (a mitigation's is its worst linked threat's), or null for none. */
export function worstSeverity(severities: Severity[]): Severity | null {
  return severities.reduce<Severity | null>((worst, severity) => (worst === null || SEVERITY_ORDER.indexOf(severity) > SEVERITY_ORDER.indexOf(worst) ? severity : worst), null);
}

export function riskScore(likelihood: number, impact: number): number {
  return likelihood * impact;
}

export function severityOf(score: number, bands: TRiskBands = DEFAULT_RISK_BANDS): Severity {
  if (score >= bands.criticalFrom) return "CRITICAL";
  if (score >= bands.highFrom) return "HIGH";
  if (score >= bands.mediumFrom) return "MEDIUM";
  return "LOW";
}

/** Bands must rise: 2 ≤ medium < high < critical ≤ 25. */
export function validBands(bands: TRiskBands): boolean {
  return bands.mediumFrom >= 2 && bands.mediumFrom < bands.highFrom && bands.highFrom < bands.criticalFrom && bands.criticalFrom <= 25;
}

/** OWASP Risk Rating factors, shown as help next to the two numbers. */
export const LIKELIHOOD_HELP = {
  1: "Rare: needs insider knowledge, special access and a rare coincidence.",
  2: "Unlikely: a skilled attacker with some access; hard to discover.",
  3: "Possible: a motivated outsider with common tools could find and use it.",
  4: "Likely: easy to discover (e.g. visible in the spec), easy to exploit, internet-facing.",
  5: "Almost certain: automated scanners find it; it is being exploited in the wild.",
} as const;

export const IMPACT_HELP = {
  1: "Minimal: no sensitive data, no noticeable effect on service or trust.",
  2: "Minor: limited internal data, brief degradation, easily recovered.",
  3: "Moderate: one customer's personal data, or a partial outage.",
  4: "Major: many customers' personal or financial data, a long outage, regulatory reporting.",
  5: "Severe: all customers' data or funds, takeover of accounts or systems, lasting damage.",
} as const;

export const OWASP_FACTORS = {
  likelihood: ["Skill level", "Motive", "Opportunity", "Population size", "Ease of discovery", "Ease of exploit", "Awareness", "Intrusion detection"],
  impact: ["Loss of confidentiality", "Loss of integrity", "Loss of availability", "Loss of accountability", "Financial damage", "Reputation damage", "Non-compliance", "Privacy violation"],
} as const;
