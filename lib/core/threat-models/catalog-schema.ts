import { z } from "zod";
import { zInt } from "@/lib/validation/int";

// The threat catalogue shipped with Bulwark (prisma/catalog/threat-catalog.json) and the shape of
// an organisation's own entries. Built-in entries are synced into the database at start-up.

export const OWASP_API_2023 = {
  API1: "Broken Object Level Authorization",
  API2: "Broken Authentication",
  API3: "Broken Object Property Level Authorization",
  API4: "Unrestricted Resource Consumption",
  API5: "Broken Function Level Authorization",
  API6: "Unrestricted Access to Sensitive Business Flows",
  API7: "Server Side Request Forgery",
  API8: "Security Misconfiguration",
  API9: "Improper Inventory Management",
  API10: "Unsafe Consumption of APIs",
} as const;
export type TOwaspApiId = keyof typeof OWASP_API_2023;
export const OWASP_API_IDS = Object.keys(OWASP_API_2023) as TOwaspApiId[];

export const STRIDE = {
  S: "Spoofing",
  T: "Tampering",
  R: "Repudiation",
  I: "Information disclosure",
  D: "Denial of service",
  E: "Elevation of privilege",
} as const;
export type TStrideLetter = keyof typeof STRIDE;

/** The threat categories of the 2023 seed article; every one must have catalogue entries. */
export const SEED_TOPICS = [
  "injection",
  "xss-output-encoding",
  "broken-authentication",
  "broken-authorization",
  "denial-of-service",
  "insecure-transport",
  "data-protection",
  "architecture",
  "automation-abuse",
  "iot-edge",
] as const;
export type TSeedTopic = (typeof SEED_TOPICS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);

export const ZCatalogMitigation = z.strictObject({ title: text(160), description: text(1200) });

export const ZCatalogReference = z.strictObject({
  label: text(200),
  url: z.url({ protocol: /^https$/ }),
});

export const ZCatalogEntryContent = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{2,79}$/, "Keys are lowercase words joined by dashes."),
  category: z.string().regex(/^[a-z0-9-]{2,60}$/),
  title: text(160),
  question: text(400).refine((value) => value.endsWith("?"), "A question ends with a question mark."),
  whyItMatters: text(2000),
  howToTell: text(2000),
  mitigations: z.array(ZCatalogMitigation).min(1).max(10),
  references: z.array(ZCatalogReference).max(10),
  owaspApi: z.array(z.enum(OWASP_API_IDS as [TOwaspApiId, ...TOwaspApiId[]])).max(4),
  stride: z.array(z.enum(Object.keys(STRIDE) as [TStrideLetter, ...TStrideLetter[]])).min(1).max(6),
  cwe: z.array(z.string().regex(/^CWE-\d{1,4}$/)).min(1).max(6),
  seedTopics: z.array(z.enum(SEED_TOPICS)).max(4),
});
export type TCatalogEntryContent = z.infer<typeof ZCatalogEntryContent>;

export const ZCatalogCategory = z.strictObject({
  key: z.string().regex(/^[a-z0-9-]{2,60}$/),
  title: text(120),
  description: text(600),
});
export type TCatalogCategory = z.infer<typeof ZCatalogCategory>;

export const ZCatalogFile = z.strictObject({
  version: zInt({ min: 1 }),
  categories: z.array(ZCatalogCategory).min(5),
  entries: z.array(ZCatalogEntryContent).min(40),
});
export type TCatalogFile = z.infer<typeof ZCatalogFile>;

/** Entries the inventory rules (lib/core/threat-models/rules.ts) answer; the catalogue must contain them. */
export const RULE_ENTRY_KEYS = {
  objectIdInPath: "api1-object-id-in-path",
  unauthenticatedOperations: "api2-unauthenticated-operations",
  weakAuthScheme: "api2-weak-auth-scheme",
  sensitiveFieldsInResponses: "api3-sensitive-fields-in-responses",
  noRateLimiting: "api4-no-rate-limiting",
  unboundedLists: "api4-unbounded-lists",
  adminFunctions: "api5-admin-functions",
  urlInputs: "api7-url-inputs",
  deprecatedStillLive: "api9-deprecated-still-live",
  cleartextTransport: "transport-cleartext-http",
  sensitiveDataProtection: "data-sensitive-at-rest",
  fileUploads: "api4-file-uploads",
} as const;
