import type { MitigationStatus, ReviewAction, ThreatModelStatus, ThreatStatus } from "@/lib/generated/prisma/enums";

// What the generator is fed: APIs of existing organisations with their story (operations, model
// versions, checklist threats, mitigations, comments, past open threats). Times are days before
// `now` (fractions allowed; negative = in the future). People and APIs are keys the context
// resolves (the demo uses names, the portfolio ids). The demo (demo.ts) is one hand-written
// scenario; the portfolio (portfolio.ts) writes one at any scale. build.ts turns either into rows
// with the product's own rules.

export type TOpSpec = {
  method: string;
  path: string;
  operationId: string | null;
  summary: string;
  created: number;
  removed?: number;
  auth?: boolean;
  flags?: string[];
  sensitive?: string[];
  query?: string[];
  deprecated?: boolean;
  tags?: string[];
};

export type TMitSpec = {
  /** Other threats (other versions too) link the same control by this name (`links`). */
  ref?: string;
  /** Index into the catalogue entry's suggested mitigations; otherwise `title` is used. */
  suggestion?: number;
  title?: string;
  description?: string;
  status: MitigationStatus;
  assignee?: string;
  created: number;
  /** When someone took the work on: the SLA clock starts here (default: when it was created). */
  assigned?: number;
  /** A due date set by a person (manual; the SLA no longer moves it). */
  due?: number;
  verified?: number;
  verifier?: string;
  evidenceUrl?: string;
  evidenceNote?: string;
  wontDo?: string;
  ticket?: string;
  priority?: number;
  by?: string;
};

export type TThreatSpec = {
  /** A catalogue entry key, or "manual:<slug>" with `manual` set. */
  key: string;
  manual?: { title: string; description: string; category: string; owaspApiId: string | null; stride: string[] };
  /** The person's answer (default: the rule's pre-answer, else YES). */
  answer?: "YES" | "UNSURE";
  /** The app's rules (lib/core/threat-models/rules.ts) pre-answered this entry so when the model started; reason and operations come from them. */
  rule?: "YES" | "UNSURE";
  note?: string;
  /** Linked operations, as "METHOD /path" (default: the rule's operations). */
  ops?: string[];
  l: number;
  i: number;
  /** Where it ended (default OPEN); MITIGATED only holds once every linked mitigation is verified. */
  status?: Exclude<ThreatStatus, "OPEN">;
  /** When it left OPEN (default: its acceptance, or its last verification). */
  resolved?: number;
  acceptance?: { justification: string; accepted?: number; expiresIn?: number };
  /** When it was found (default: when its checklist entry was answered). */
  found?: number;
  by?: string;
  mitigations?: TMitSpec[];
  links?: string[];
};

export type TModelSpec = {
  ref: string;
  modelVersion?: number;
  previous?: string;
  status: ThreatModelStatus;
  scope: string;
  assumptions: string;
  author: string | null;
  created: number;
  submitted?: number;
  approved?: number;
  approver?: string;
  reviewer?: string;
  /** The checklist (default: every catalogue entry). */
  entryKeys?: string[];
  /** Drafts: how many checklist steps (categories, in order) have been answered. */
  answeredSteps?: number;
  reviews?: { action: ReviewAction; by: string | null; at: number; comment: string }[];
  /** Entries the rules answered "no" (checked against lib/core/threat-models/rules.ts). */
  ruleNo?: string[];
  /** The catalogue's other suggestions become proposed mitigations, as the app does (default true). */
  proposeRest?: boolean;
  threats: TThreatSpec[];
};

export type TApiSpec = {
  org: string;
  api: string;
  /** Days since the API was recorded (rewrites its createdAt). */
  age?: number;
  /** The security scheme the spec's operations name. */
  scheme?: string;
  operations?: TOpSpec[];
  /** Extra open threats (C, H, M, L) at the oldest week of history, fading to none: work closed since. */
  history?: [number, number, number, number];
  models: TModelSpec[];
};

export type TCommentSpec = { org: string; threat?: [model: string, key: string]; mitigation?: string; by: string; at: number; body: string };

export type TScenario = { apis: TApiSpec[]; comments?: TCommentSpec[] };
