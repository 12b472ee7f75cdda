import { z } from "zod";
import { AuthScheme, DataClassification, DataFlag, Exposure, Lifecycle, Protocol } from "@/lib/generated/prisma/enums";
import { csvOf } from "./csv";
import { zQueryInt, zVersion } from "./int";
import { httpUrl } from "./url";

// Shared by the inventory form (client) and the REST API (server): one source of field rules.

const uniqueList = <T extends z.ZodType<string>>(item: T, max: number, what: string) =>
  z
    .array(item)
    .max(max, `At most ${max} ${what}.`)
    .refine((list) => new Set(list).size === list.length, { message: `Each ${what.replace(/s$/, "")} may appear once.` });

export const ZTag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Tags cannot be empty.")
  .max(40, "Tags are at most 40 characters.")
  .regex(/^[a-z0-9][a-z0-9._:/-]*$/, "Tags use letters, digits and . _ : / - only.");

export const ZEnvironment = z.object({
  name: z.string().trim().min(1, "Name the environment, e.g. production.").max(40, "At most 40 characters."),
  baseUrl: httpUrl("The base URL"),
});

const apiFields = {
  name: z.string({ error: "Enter a name." }).trim().min(1, "Enter a name.").max(120, "Names are at most 120 characters."),
  description: z.string().trim().max(5000, "Descriptions are at most 5000 characters."),
  team: z.string().trim().min(1).max(80, "Team names are at most 80 characters.").nullable(),
  technicalOwnerId: z.string().min(1).max(40).nullable(),
  lifecycle: z.enum(Lifecycle, { error: "Choose a lifecycle stage." }),
  exposure: z.enum(Exposure, { error: "Choose who can reach the API." }),
  protocol: z.enum(Protocol, { error: "Choose a protocol." }),
  authSchemes: uniqueList(z.enum(AuthScheme, { error: "Unknown authentication scheme." }), 6, "auth schemes"),
  dataClassification: z.enum(DataClassification, { error: "Choose a data classification." }),
  dataFlags: uniqueList(z.enum(DataFlag, { error: "Unknown data flag." }), 4, "data flags"),
  tags: uniqueList(ZTag, 20, "tags"),
  apiVersion: z.string().trim().max(40, "Versions are at most 40 characters.").nullable(),
  system: z.string().trim().max(80, "System names are at most 80 characters.").nullable(),
  specUrl: httpUrl("The spec URL").nullable(),
  environments: z.array(ZEnvironment).max(20, "At most 20 environments."),
};

export const ZCreateApi = z.strictObject({
  name: apiFields.name,
  description: apiFields.description.default(""),
  team: apiFields.team.default(null),
  technicalOwnerId: apiFields.technicalOwnerId.default(null),
  lifecycle: apiFields.lifecycle.default("DESIGN"),
  exposure: apiFields.exposure.default("INTERNAL"),
  protocol: apiFields.protocol.default("REST"),
  authSchemes: apiFields.authSchemes.default([]),
  dataClassification: apiFields.dataClassification.default("INTERNAL"),
  dataFlags: apiFields.dataFlags.default([]),
  tags: apiFields.tags.default([]),
  apiVersion: apiFields.apiVersion.default(null),
  system: apiFields.system.default(null),
  specUrl: apiFields.specUrl.default(null),
  environments: apiFields.environments.default([]),
});
export type TCreateApi = z.infer<typeof ZCreateApi>;
export type TCreateApiInput = z.input<typeof ZCreateApi>;

export const ZUpdateApi = z
  .strictObject(apiFields)
  .partial()
  .extend({ version: zVersion() });
export type TUpdateApi = z.infer<typeof ZUpdateApi>;

export const API_SORTS = ["name", "-name", "updatedAt", "-updatedAt", "exposure", "-exposure", "lifecycle", "-lifecycle"] as const;
export type TApiSort = (typeof API_SORTS)[number];

export const ZListApisQuery = z.object({
  q: z.string().trim().max(100, "Search for at most 100 characters.").optional(),
  exposure: csvOf(z.enum(Exposure)),
  lifecycle: csvOf(z.enum(Lifecycle)),
  classification: csvOf(z.enum(DataClassification)),
  owner: z.string().max(40).optional(),
  team: z.string().trim().max(80).optional(),
  tag: ZTag.optional(),
  // "current": an approved threat model within the review interval; "outdated": none.
  model: z.enum(["current", "outdated"], { error: "model is current or outdated." }).optional(),
  sort: z.enum(API_SORTS, { error: `Sort by one of: ${API_SORTS.join(", ")}.` }).default("name"),
  limit: zQueryInt({ min: 1, max: 100, tooSmall: "limit is at least 1.", tooBig: "limit is at most 100." }).default(25),
  cursor: z.string().max(500).optional(),
});
export type TListApisQuery = z.infer<typeof ZListApisQuery>;
