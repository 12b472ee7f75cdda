import { z } from "zod";
import { ZId } from "./id";
import { Severity, ThreatStatus } from "@/lib/generated/prisma/enums";
import { OWASP_API_IDS, STRIDE, type TOwaspApiId, type TStrideLetter } from "@/lib/core/threat-models/catalog-schema";
import { csvOf } from "./csv";
import { zInt, zQueryInt, zVersion } from "./int";
import { portfolioFilterFields } from "./portfolio";

export const zScore = (what: string) => zInt({ min: 1, max: 5, error: `Rate the ${what} from 1 to 5.`, tooSmall: `The ${what} is at least 1.`, tooBig: `The ${what} is at most 5.` });

const threatFields = {
  title: z.string().trim().min(1, "Give the threat a title.").max(200, "At most 200 characters."),
  description: z.string().trim().max(10000, "At most 10000 characters."),
  category: z.string().trim().min(1).max(60),
  owaspApiId: z.enum(OWASP_API_IDS as [TOwaspApiId, ...TOwaspApiId[]]).nullable(),
  stride: z.array(z.enum(Object.keys(STRIDE) as [TStrideLetter, ...TStrideLetter[]])).max(6),
  likelihood: zScore("likelihood"),
  impact: zScore("impact"),
  status: z.enum(ThreatStatus),
  acceptanceJustification: z.string().trim().max(5000).nullable(),
  acceptanceExpiresAt: z.iso.date({ error: "Give the expiry as a date, YYYY-MM-DD." }).nullable(),
  operationIds: z.array(ZId).max(500),
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

const riskLevel = zQueryInt({ min: 1, max: 5, error: "1 to 5." });

/** The threat register: threats of each API's current model, filtered like the dashboard. */
export const ZListThreatsQuery = z.object({
  ...portfolioFilterFields,
  status: csvOf(z.enum(ThreatStatus)).transform((statuses) => (statuses.length ? statuses : (["OPEN"] as ThreatStatus[]))),
  severity: csvOf(z.enum(Severity)),
  owasp: z.enum(OWASP_API_IDS, { error: "An OWASP API Top 10 id, API1 to API10." }).optional(),
  apiId: ZId.optional(),
  likelihood: riskLevel.optional(),
  impact: riskLevel.optional(),
  q: z.string().trim().max(200).optional(),
  limit: zQueryInt({ min: 1, max: 200 }).default(50),
  cursor: z.string().max(64).optional(),
});
export type TListThreatsQuery = z.infer<typeof ZListThreatsQuery>;
