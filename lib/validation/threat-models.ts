import { z } from "zod";
import { ZId } from "./id";
import { ChecklistAnswerValue } from "@/lib/generated/prisma/enums";
import { zVersion } from "./int";

export const ZCreateThreatModel = z.strictObject({
  apiId: ZId,
  title: z.string().trim().min(1).max(160).optional(),
  templateId: ZId.nullable().optional(),
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
  apiId: ZId.optional(),
  status: z.enum(["DRAFT", "IN_REVIEW", "APPROVED", "ARCHIVED"]).optional(),
});

export const ZSaveAnswer = z.strictObject({
  entryKey: z.string().min(1).max(80),
  answer: z.enum(ChecklistAnswerValue, { error: "Answer yes, no, unsure or not applicable." }),
  note: z.string().trim().max(5000, "Notes are at most 5000 characters.").default(""),
});
export type TSaveAnswer = z.infer<typeof ZSaveAnswer>;

export const ZSubmitForReview = z.strictObject({
  reviewerId: ZId.nullable().optional(),
  comment: z.string().trim().max(5000).default(""),
});

export const ZReviewDecision = z.strictObject({
  comment: z.string().trim().max(5000).default(""),
});

export const ZRequestChanges = z.strictObject({
  comment: z.string().trim().min(1, "Say what needs to change.").max(5000),
});

export const ZDiffQuery = z.object({ against: ZId.optional() });
