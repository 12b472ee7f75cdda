import { z } from "zod";
import { DataClassification, Exposure } from "@/lib/generated/prisma/enums";
import { ZTag } from "./apis";
import { csvOf } from "./csv";

/**
 * The portfolio filters the dashboard shares with the lists it drills down to: the owning team (by
 * name), exposure, one tag and data classification.
 */
export const portfolioFilterFields = {
  team: z.string().trim().max(80).optional(),
  exposure: csvOf(z.enum(Exposure)),
  tag: ZTag.optional(),
  classification: csvOf(z.enum(DataClassification)),
};
export const ZPortfolioFilters = z.object(portfolioFilterFields);
export type TPortfolioFilters = z.infer<typeof ZPortfolioFilters>;
