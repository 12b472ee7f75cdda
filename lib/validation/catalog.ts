import { z } from "zod";
import { OWASP_API_IDS, STRIDE, type TOwaspApiId, type TStrideLetter } from "@/lib/core/threat-models/catalog-schema";
import { zVersion } from "./int";
import { httpUrl } from "./url";

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
