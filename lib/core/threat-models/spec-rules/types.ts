import type { DataClassification, DataFlag, Exposure, Lifecycle } from "@/lib/generated/prisma/enums";
import type { TModelOperation, TOperationModel, TParameterLocation } from "@/lib/core/specs/operation-model/types";

// The contract of the spec rules: each rule is data (what it answers, what it looks for, an example)
// plus one function that reads the normalised operation model and returns evidence, one piece per
// operation and field that triggered it. The engine (engine.ts) runs every enabled rule and folds
// the evidence into one answer per checklist entry, with a reason for each linked operation.

/** Where in an operation the evidence sits, so a reason can point at it. */
export type TEvidenceTarget =
  | { kind: "request-field"; mediaType: string; path: string; name: string }
  | { kind: "response-field"; status: string; mediaType: string; path: string; name: string }
  | { kind: "parameter"; location: TParameterLocation; name: string }
  | { kind: "response"; status: string }
  | { kind: "security"; scheme: string }
  /** The operation as a whole: its path, method, summary or missing parts (no 429 documented). */
  | { kind: "operation" }
  /** API-wide evidence that links no operation (a server entry, a lint finding). */
  | { kind: "api"; detail: string };

/** 1 (rare / negligible) to 5 (almost certain / severe), the scale the risk matrix uses. */
export type TScore = 1 | 2 | 3 | 4 | 5;

export type TEvidence = {
  /** The model operation's key ("POST /accounts"); null for API-wide evidence. */
  operationKey: string | null;
  target: TEvidenceTarget;
  /** One sentence a person can check in the spec: "`POST /accounts` accepts `isAdmin` (boolean) in its body, a field the response model also returns". */
  reason: string;
  /** direct: the spec shows the flaw itself; indirect: the spec shows where it would be. */
  strength: "direct" | "indirect";
  likelihood: TScore;
  impact: TScore;
};

export type TSpecRuleContext = {
  model: TOperationModel;
  api: {
    exposure: Exposure;
    lifecycle: Lifecycle;
    dataClassification: DataClassification;
    dataFlags: DataFlag[];
  };
  /** Spectral findings of the same import, by rule id, with the operation key they point at (if any). */
  findings: { ruleId: string; operationKey: string | null; message: string }[];
};

export type TSpecRule = {
  /** Stable, kebab-case: "mass-assignment-privileged-field". Organisations switch rules off by it. */
  id: string;
  /** The catalogue entry it answers (prisma/catalog/threat-catalog.json). */
  entryKey: string;
  /** What it looks for, in words, for the Settings page and docs/THREAT-RULES.md. */
  looksFor: string;
  /** A short spec fragment it fires on, for the same page. */
  example: string;
  /** YES when the evidence shows the flaw, UNSURE when it shows only where to look. */
  answer: "YES" | "UNSURE";
  /** Per-operation rules get each served operation (webhooks and callbacks included: check `kind`). */
  evaluate: (operation: TModelOperation, context: TSpecRuleContext) => TEvidence[];
  /** Optional API-wide pass (version siblings, server entries, lint findings). */
  evaluateApi?: (context: TSpecRuleContext) => TEvidence[];
};

/** One answer per catalogue entry: the strongest rule's answer, every linked operation with its reasons. */
export type TSpecRuleAnswer = {
  entryKey: string;
  answer: "YES" | "UNSURE";
  /** The rules that fired for this entry. */
  ruleIds: string[];
  /** A summary sentence for the wizard's pre-answer box, naming the evidence. */
  reason: string;
  /** Per linked operation: its key and the reasons (one per piece of evidence), strongest first. */
  operations: { operationKey: string; reasons: string[] }[];
  /** API-wide reasons that link no operation. */
  apiReasons: string[];
  likelihood: TScore;
  impact: TScore;
};
