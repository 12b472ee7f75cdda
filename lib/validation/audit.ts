import { z } from "zod";
import { zQueryInt } from "./int";

// An empty form field ("?action=") means no filter.
const blankAsMissing = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === "" ? undefined : value), schema.optional());

const ZDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-28.")
  .refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)), "Not a real date.");

const filterFields = {
  actor: blankAsMissing(z.string().regex(/^[a-z0-9]{8,40}$/, "Pick a member.")),
  // Matches the start of the action: "auth." finds every sign-in event.
  action: blankAsMissing(z.string().trim().max(100)),
  objectType: blankAsMissing(z.string().trim().max(50)),
  objectId: blankAsMissing(z.string().trim().max(100)),
  from: blankAsMissing(ZDay),
  to: blankAsMissing(ZDay),
};

const datesInOrder = (value: { from?: string; to?: string }) => !value.from || !value.to || value.from <= value.to;
const DATES_MESSAGE = { path: ["to"], message: "The end date is before the start date." };

/** Filters of the audit log (CSV export). Dates are whole UTC days, both ends included. */
export const ZAuditFilters = z.object(filterFields).strict().refine(datesInOrder, DATES_MESSAGE);
export type TAuditFilters = z.infer<typeof ZAuditFilters>;

/** The JSON list: the same filters plus a page cursor. */
export const ZAuditListQuery = z
  .object({ ...filterFields, cursor: blankAsMissing(z.string().max(200)), limit: zQueryInt({ min: 1, max: 100 }).default(50) })
  .strict()
  .refine(datesInOrder, DATES_MESSAGE);
