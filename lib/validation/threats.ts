import { z } from "zod";
import { ChecklistAnswerValue, Severity, ThreatStatus } from "@/lib/generated/prisma/enums";
import { OWASP_API_IDS, STRIDE, type TOwaspApiId, type TStrideLetter } from "@/lib/core/threat-models/catalog-schema";
import { csvOf } from "./csv";
import { zInt, zQueryInt, zVersion } from "./int";
import { httpUrl } from "./url";
import { portfolioFilterFields } from "./portfolio";

const id = z.string().regex(/^[a-z0-9]{8,40}$/, "Not a valid id.");
const score = (what: string) => zInt({ min: 1, max: 5, error: `Rate the ${what} from 1 to 5.`, tooSmall: `The ${what} is at least 1.`, tooBig: `The ${what} is at most 5.` });

export const ZCreateThreatModel = z.strictObject({
  apiId: id,
  title: z.string().trim().min(1).max(160).optional(),
  templateId: id.nullable().optional(),
  scope: z.string().trim().max(5000).optional(),
});
export type TCreateThreatModel = z.infer<typeof ZCreateThreatModel>;

export const ZUpdateThreatModel = z.strictObject({
  version: zVersion(),
  title: z.string().trim().min(1, "Give the model a title.").max(160).optional(),
  scope: z.string().trim().max(5000, "At most 5000 characters.").optional(),
  assumptions: z.string().trim().max(5000, "At most 5000 characters.").optional(),
});
export type TUpdateThreatModel = z.infer<typeof ZUpdateThreatModel>;

export const ZListThreatModelsQuery = z.object({
  apiId: id.optional(),
  status: z.enum(["DRAFT", "IN_REVIEW", "APPROVED", "ARCHIVED"]).optional(),
});

export const ZSaveAnswer = z.strictObject({
  entryKey: z.string().min(1).max(80),
  answer: z.enum(ChecklistAnswerValue, { error: "Answer yes, no, unsure or not applicable." }),
  note: z.string().trim().max(5000, "Notes are at most 5000 characters.").default(""),
});
export type TSaveAnswer = z.infer<typeof ZSaveAnswer>;

export const ZSubmitForReview = z.strictObject({
  reviewerId: id.nullable().optional(),
  comment: z.string().trim().max(5000).default(""),
});

export const ZReviewDecision = z.strictObject({
  comment: z.string().trim().max(5000).default(""),
});

export const ZRequestChanges = z.strictObject({
  comment: z.string().trim().min(1, "Say what needs to change.").max(5000),
});

const threatFields = {
  title: z.string().trim().min(1, "Give the threat a title.").max(200, "At most 200 characters."),
  description: z.string().trim().max(10000, "At most 10000 characters."),
  category: z.string().trim().min(1).max(60),
  owaspApiId: z.enum(OWASP_API_IDS as [TOwaspApiId, ...TOwaspApiId[]]).nullable(),
  stride: z.array(z.enum(Object.keys(STRIDE) as [TStrideLetter, ...TStrideLetter[]])).max(6),
  likelihood: score("likelihood"),
  impact: score("impact"),
  status: z.enum(ThreatStatus),
  acceptanceJustification: z.string().trim().max(5000).nullable(),
  acceptanceExpiresAt: z.iso.date({ error: "Give the expiry as a date, YYYY-MM-DD." }).nullable(),
  operationIds: z.array(id).max(500),
};

function acceptanceRule<T extends { status?: string; acceptanceJustification?: string | null; acceptanceExpiresAt?: string | null }>(value: T, ctx: z.RefinementCtx) {
  if (value.status !== "ACCEPTED") return;
  if (!value.acceptanceJustification?.trim()) {
    ctx.addIssue({ code: "custom", path: ["acceptanceJustification"], message: "Say why the risk is accepted." });
  }
  if (!value.acceptanceExpiresAt) {
    ctx.addIssue({ code: "custom", path: ["acceptanceExpiresAt"], message: "An accepted risk needs an expiry date." });
  } else if (value.acceptanceExpiresAt <= new Date().toISOString().slice(0, 10)) {
    ctx.addIssue({ code: "custom", path: ["acceptanceExpiresAt"], message: "The expiry must be in the future." });
  }
}

export const ZCreateThreat = z
  .strictObject({
    title: threatFields.title,
    description: threatFields.description.default(""),
    category: threatFields.category.default("manual"),
    owaspApiId: threatFields.owaspApiId.default(null),
    stride: threatFields.stride.default([]),
    likelihood: threatFields.likelihood.default(3),
    impact: threatFields.impact.default(3),
    status: threatFields.status.default("OPEN"),
    acceptanceJustification: threatFields.acceptanceJustification.default(null),
    acceptanceExpiresAt: threatFields.acceptanceExpiresAt.default(null),
    operationIds: threatFields.operationIds.default([]),
  })
  .superRefine(acceptanceRule);
export type TCreateThreat = z.infer<typeof ZCreateThreat>;

export const ZUpdateThreat = z
  .strictObject(threatFields)
  .partial()
  .extend({ version: zVersion() })
  .superRefine(acceptanceRule);
export type TUpdateThreat = z.infer<typeof ZUpdateThreat>;

export const ZCatalogEntryInput = z.strictObject({
  category: z.string().trim().min(1, "Choose a category.").max(60),
  title: z.string().trim().min(1, "Give the entry a title.").max(160),
  question: z
    .string()
    .trim()
    .min(1, "Ask the question the checklist should ask.")
    .max(400)
    .refine((value) => value.endsWith("?"), "End the question with a question mark."),
  whyItMatters: z.string().trim().max(2000).default(""),
  howToTell: z.string().trim().max(2000).default(""),
  mitigations: z
    .array(z.strictObject({ title: z.string().trim().min(1, "Name the mitigation.").max(160), description: z.string().trim().max(1200).default("") }))
    .min(1, "Suggest at least one mitigation.")
    .max(10),
  references: z.array(z.strictObject({ label: z.string().trim().min(1).max(200), url: httpUrl("A reference", "link") })).max(10).default([]),
  owaspApi: z.array(z.enum(OWASP_API_IDS as [TOwaspApiId, ...TOwaspApiId[]])).max(4).default([]),
  stride: z.array(z.enum(Object.keys(STRIDE) as [TStrideLetter, ...TStrideLetter[]])).min(1, "Pick at least one STRIDE letter.").max(6),
  cwe: z.array(z.string().regex(/^CWE-\d{1,4}$/, "CWE ids look like CWE-639.")).max(6).default([]),
});
export type TCatalogEntryInput = z.infer<typeof ZCatalogEntryInput>;

export const ZUpdateCatalogEntry = z.strictObject({
  /** Built-in entries can only be switched on or off; an organisation's own can also be edited. */
  disabled: z.boolean().optional(),
  entry: ZCatalogEntryInput.optional(),
  version: zVersion().optional(),
});

export const ZCreateTemplate = z.strictObject({
  name: z.string().trim().min(1, "Name the template.").max(80),
  description: z.string().trim().max(1000).default(""),
  entryKeys: z.array(z.string().min(1).max(80)).min(1, "Pick at least one entry.").max(500),
});

export const ZRiskBands = z
  .strictObject({
    // 0 while the organisation still uses the default bands.
    version: zVersion({ min: 0 }),
    mediumFrom: zInt({ min: 2, max: 25 }),
    highFrom: zInt({ min: 2, max: 25 }),
    criticalFrom: zInt({ min: 2, max: 25 }),
  })
  .refine((bands) => bands.mediumFrom < bands.highFrom && bands.highFrom < bands.criticalFrom, {
    path: ["highFrom"],
    message: "The bands must rise: medium below high below critical.",
  });

export const ZDiffQuery = z.object({ against: id.optional() });

const riskLevel = zQueryInt({ min: 1, max: 5, error: "1 to 5." });

/** The threat register: threats of each API's current model, filtered like the dashboard. */
export const ZListThreatsQuery = z.object({
  ...portfolioFilterFields,
  status: csvOf(z.enum(ThreatStatus)).transform((statuses) => (statuses.length ? statuses : (["OPEN"] as ThreatStatus[]))),
  severity: csvOf(z.enum(Severity)),
  owasp: z.enum(OWASP_API_IDS, { error: "An OWASP API Top 10 id, API1 to API10." }).optional(),
  apiId: z.string().regex(/^[a-z0-9]{8,40}$/, "Not a valid id.").optional(),
  likelihood: riskLevel.optional(),
  impact: riskLevel.optional(),
  q: z.string().trim().max(200).optional(),
  limit: zQueryInt({ min: 1, max: 200 }).default(50),
  cursor: z.string().max(64).optional(),
});
export type TListThreatsQuery = z.infer<typeof ZListThreatsQuery>;
