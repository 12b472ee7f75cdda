import { z } from "zod";
import { ZId } from "./id";
import { ZPortfolioFilters } from "./portfolio";

const tabularFormat = z.enum(["csv", "json"], { error: "Choose csv or json." });

/** What a member may ask to be exported; the org export also needs the `org:export` permission. */
export const ZCreateExport = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({ kind: z.literal("threat-model-pdf"), threatModelId: ZId }),
    z.strictObject({ kind: z.literal("portfolio-pdf"), filters: ZPortfolioFilters.optional() }),
    z.strictObject({ kind: z.literal("inventory"), format: tabularFormat }),
    // "current": each API's current model, like the threat register; "all": every version.
    z.strictObject({ kind: z.literal("threats"), format: tabularFormat, models: z.enum(["current", "all"]).default("current") }),
    z.strictObject({ kind: z.literal("mitigations"), format: tabularFormat }),
    z.strictObject({ kind: z.literal("organization") }),
  ],
  { error: "Choose what to export: threat-model-pdf, portfolio-pdf, inventory, threats, mitigations or organization." },
);
export type TCreateExport = z.infer<typeof ZCreateExport>;
/** What a client sends (filters as the dashboard's query strings). */
export type TCreateExportInput = z.input<typeof ZCreateExport>;
export type TExportKind = TCreateExport["kind"];

export const ZImportOtmQuery = z.object({
  // Without an API, the import creates one named after the OTM project.
  apiId: ZId.optional(),
});
