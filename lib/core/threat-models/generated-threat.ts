import type { ChecklistAnswerValue, DataClassification, DataFlag, Exposure } from "@/lib/generated/prisma/enums";
import { riskScore, severityOf, type TRiskBands } from "../threats/risk";

// What a "yes"/"unsure" checklist answer (or a rule's pre-answer) turns into: the threat's fields
// from its catalogue entry, a first risk estimate and the entry's suggestions as proposed
// mitigations. lib/server/threat-models/generated-threats.ts writes these for the app; the
// demo/bench generator (scripts/lib/demo-data) builds its rows with the same functions.

/** What a generated threat takes from its catalogue entry. */
export type TGeneratedThreatEntry = {
  key: string;
  category: string;
  title: string;
  whyItMatters: string;
  mitigations: { title: string; description: string }[];
  owaspApi: string[];
  stride: string[];
};

export type TApiFacts = { exposure: Exposure; dataClassification: DataClassification; dataFlags: DataFlag[] };

const IMPACT_BY_CLASSIFICATION: Record<DataClassification, number> = { PUBLIC: 1, INTERNAL: 2, CONFIDENTIAL: 3, RESTRICTED: 4 };

/**
 * A first estimate, to be refined by a person: a confirmed threat on an internet-facing API is
 * likelier; impact follows the data classification. Deliberately moderate, so the estimate never
 * paints every threat critical before anyone has looked.
 */
export function initialRisk(api: TApiFacts, answer: ChecklistAnswerValue): { likelihood: number; impact: number } {
  const likelihood = (answer === "YES" ? 3 : 2) + (api.exposure === "INTERNET" ? 1 : 0);
  return { likelihood, impact: IMPACT_BY_CLASSIFICATION[api.dataClassification] };
}

/** The entry's why-it-matters, and a rule's reason when a rule pre-answered it. */
export function generatedThreatDescription(entry: Pick<TGeneratedThreatEntry, "whyItMatters">, answer: ChecklistAnswerValue, reason: string | null): string {
  return [entry.whyItMatters, reason ? `Pre-answered ${answer === "YES" ? "yes" : "unsure"}: ${reason}.` : null].filter(Boolean).join("\n\n");
}

/** The threat's own fields; `score` overrides the first estimate (a person re-scored it). */
export function generatedThreatFields(input: {
  entry: TGeneratedThreatEntry;
  answer: ChecklistAnswerValue;
  reason: string | null;
  api: TApiFacts;
  bands: TRiskBands;
  score?: { likelihood: number; impact: number };
}) {
  const { likelihood, impact } = input.score ?? initialRisk(input.api, input.answer);
  const score = riskScore(likelihood, impact);
  return {
    title: input.entry.title,
    description: generatedThreatDescription(input.entry, input.answer, input.reason),
    category: input.entry.category,
    owaspApiId: input.entry.owaspApi[0] ?? null,
    stride: input.entry.stride,
    catalogEntryKey: input.entry.key,
    likelihood,
    impact,
    score,
    severity: severityOf(score, input.bands),
  };
}

/** The entry's suggestions, proposed: someone still has to accept and assign them. */
export function proposedMitigations(entry: Pick<TGeneratedThreatEntry, "mitigations">): { title: string; description: string; status: "PROPOSED" }[] {
  return entry.mitigations.map((suggestion) => ({ title: suggestion.title, description: suggestion.description, status: "PROPOSED" }));
}
