import { z } from "zod";
import { ZId } from "./id";
import { MitigationStatus, NotificationKind, Severity } from "@/lib/generated/prisma/enums";
import { csvOf } from "./csv";
import { zInt, zQueryInt, zVersion } from "./int";
import { httpUrl } from "./url";
import { portfolioFilterFields } from "./portfolio";

const optionalUrl = (what: string) => httpUrl(what, "link").nullable();
const date = z.iso.date({ error: "Give the date as YYYY-MM-DD." });

const fields = {
  title: z.string().trim().min(1, "Give the mitigation a title.").max(200, "At most 200 characters."),
  description: z.string().trim().max(10_000, "At most 10000 characters."),
  assigneeId: ZId.nullable(),
  dueDate: date.nullable(),
  priority: zInt({ min: 1, max: 5, error: "Priority is 1 (highest) to 5." }),
  status: z.enum(MitigationStatus, { error: "Unknown status." }),
  wontDoReason: z.string().trim().max(5000).nullable(),
  evidenceUrl: optionalUrl("The evidence link"),
  evidenceNote: z.string().trim().max(5000).nullable(),
  ticketUrl: optionalUrl("The ticket link"),
  threatIds: z.array(ZId).max(200),
};

export const ZCreateMitigation = z.strictObject({
  title: fields.title,
  description: fields.description.default(""),
  assigneeId: fields.assigneeId.default(null),
  dueDate: fields.dueDate.default(null),
  priority: fields.priority.default(3),
  ticketUrl: fields.ticketUrl.default(null),
  threatIds: fields.threatIds.min(1, "Link the mitigation to at least one threat."),
});
export type TCreateMitigation = z.infer<typeof ZCreateMitigation>;

export const ZUpdateMitigation = z
  .strictObject({ ...fields })
  .partial()
  .extend({ version: zVersion() });
export type TUpdateMitigation = z.infer<typeof ZUpdateMitigation>;

export const ZListMitigationsQuery = z.object({
  ...portfolioFilterFields,
  status: csvOf(z.enum(MitigationStatus)),
  overdue: z.enum(["true"]).optional(),
  verifiedAfter: date.optional(),
  assignee: z.union([z.literal("me"), z.literal("none"), ZId]).optional(),
  dueBefore: date.optional(),
  apiId: ZId.optional(),
  severity: csvOf(z.enum(Severity)),
  q: z.string().trim().max(200).optional(),
  limit: zQueryInt({ min: 1, max: 200 }).default(50),
  cursor: z.string().max(64).optional(),
});
export type TListMitigationsQuery = z.infer<typeof ZListMitigationsQuery>;

export const ZBulkMitigations = z
  .strictObject({
    ids: z.array(ZId).min(1, "Select at least one mitigation.").max(200),
    assigneeId: ZId.nullable().optional(),
    status: z.enum(MitigationStatus).optional(),
  })
  .refine((value) => value.assigneeId !== undefined || value.status !== undefined, { message: "Choose an assignee or a status to apply.", path: ["status"] });
export type TBulkMitigations = z.infer<typeof ZBulkMitigations>;

export const ZCommentBody = z.strictObject({
  body: z.string().trim().min(1, "Write something first.").max(10_000, "Comments are at most 10000 characters."),
});

export const ZNotificationPreferences = z.strictObject({
  preferences: z.array(z.strictObject({ kind: z.enum(NotificationKind), inApp: z.boolean(), email: z.boolean() })).max(10),
});

export const ZMarkNotificationsRead = z.strictObject({ ids: z.array(ZId).max(500).optional(), all: z.boolean().optional() });

export const ZSlaSettings = z.strictObject({
  version: zVersion({ min: 0 }),
  slaCriticalDays: zInt({ min: 1, max: 365, tooSmall: "At least a day.", tooBig: "At most a year." }),
  slaHighDays: zInt({ min: 1, max: 365, tooSmall: "At least a day.", tooBig: "At most a year." }),
  slaMediumDays: zInt({ min: 1, max: 730, tooSmall: "At least a day.", tooBig: "At most two years." }),
  slaLowDays: zInt({ min: 1, max: 730, tooSmall: "At least a day.", tooBig: "At most two years." }),
  independentVerification: z.boolean(),
  reviewIntervalDays: zInt({ min: 7, max: 1095, tooSmall: "At least a week.", tooBig: "At most three years." }).optional(),
});
export type TSlaSettingsInput = z.infer<typeof ZSlaSettings>;
