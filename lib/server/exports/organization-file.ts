import "server-only";
import type { TBulkTable } from "@/lib/server/bulk-insert";
import { ZCatalogEntryInput } from "@/lib/validation/catalog";
import { httpUrl } from "@/lib/validation/url";
import type { z } from "zod";

// The whole organisation as one JSON file, and that file loaded into another, empty organisation
// (on this instance or another). Every column of every table the organisation owns is written as
// the database holds it, so nothing is lost; on import every id is replaced by a new one and
// every reference follows its row. People are written by email and matched, on import, to members
// of the target organisation with that email; references to anyone else are left empty and
// listed in the result. Left out on purpose: members and invitations (an import must not grant
// anyone access), audit events (history of the source, not of the target), notifications and
// sessions (per person), the dashboard's rollups (the database recomputes them) and exports.

export const ORG_EXPORT_FORMAT = "bulwark-organization-export";
export const ORG_EXPORT_VERSION = 1;

type TTableSpec = {
  /** Key of the table in the file. */
  key: string;
  table: TBulkTable;
  hasId: boolean;
  /** Column → file key of the table it references. */
  refs?: Record<string, string>;
  /** Array column → file key of the table its ids reference. */
  listRefs?: Record<string, string>;
  /** JSON column → the property (at any depth) whose string values are ids of the table named. */
  jsonRefs?: Record<string, { property: string; target: string }>;
  /** User id columns, written as emails. */
  people?: string[];
  peopleLists?: string[];
  /**
   * Column → the form's schema for it. A column type says "text"; these say what the forms
   * allow (links are http(s) only), so a file cannot store what the UI would refuse.
   */
  checks?: Record<string, z.ZodType>;
  /** Export order; also the insert order, so self-references point backwards. */
  orderBy: string;
};

// In dependency order: a table only refers to tables above it (or to itself, earlier rows).
export const TABLE_SPECS: TTableSpec[] = [
  { key: "settings", table: "OrgSettings", hasId: false, orderBy: `"orgId"` },
  { key: "teams", table: "Team", hasId: true, orderBy: `name, id` },
  { key: "catalogEntries", table: "OrgCatalogEntry", hasId: true, people: ["createdById"], checks: { references: ZCatalogEntryInput.shape.references }, orderBy: `key, id` },
  { key: "catalogSettings", table: "OrgCatalogSetting", hasId: false, orderBy: `"entryKey"` },
  { key: "templates", table: "ChecklistTemplate", hasId: true, people: ["createdById"], orderBy: `name, id` },
  { key: "apis", table: "Api", hasId: true, refs: { teamId: "teams" }, people: ["technicalOwnerId", "createdById"], checks: { specUrl: httpUrl("The spec URL").nullable() }, orderBy: `name, id` },
  { key: "environments", table: "ApiEnvironment", hasId: true, refs: { apiId: "apis" }, checks: { baseUrl: httpUrl("The base URL") }, orderBy: `"apiId", position, id` },
  {
    key: "specImports",
    table: "SpecImport",
    hasId: true,
    refs: { apiId: "apis" },
    people: ["importedById"],
    checks: { sourceUrl: httpUrl("The source URL").nullable() },
    orderBy: `"apiId", "createdAt", id`,
  },
  { key: "operations", table: "Operation", hasId: true, refs: { apiId: "apis", lastImportId: "specImports" }, orderBy: `"apiId", path, method, id` },
  { key: "lintFindings", table: "LintFinding", hasId: true, refs: { apiId: "apis", importId: "specImports", operationId: "operations" }, orderBy: `"importId", path, id` },
  {
    key: "threatModels",
    table: "ThreatModel",
    hasId: true,
    refs: { apiId: "apis", templateId: "templates", previousVersionId: "threatModels" },
    people: ["authorId", "reviewerId", "approvedById"],
    peopleLists: ["contributorIds"],
    jsonRefs: { newRuleHits: { property: "operationId", target: "operations" } },
    orderBy: `"apiId", "modelVersion", id`,
  },
  { key: "answers", table: "ChecklistAnswer", hasId: true, refs: { threatModelId: "threatModels" }, listRefs: { ruleOperationIds: "operations" }, jsonRefs: { ruleEvidence: { property: "operationId", target: "operations" } }, people: ["answeredById"], orderBy: `"threatModelId", "entryKey"` },
  { key: "reviews", table: "ThreatModelReview", hasId: true, refs: { threatModelId: "threatModels" }, people: ["actorId"], orderBy: `"threatModelId", "createdAt", id` },
  { key: "threats", table: "Threat", hasId: true, refs: { threatModelId: "threatModels" }, people: ["createdById"], orderBy: `"threatModelId", "createdAt", id` },
  { key: "threatOperations", table: "ThreatOperation", hasId: false, refs: { threatId: "threats", operationId: "operations" }, orderBy: `"threatId", "operationId"` },
  {
    key: "mitigations",
    table: "Mitigation",
    hasId: true,
    people: ["assigneeId", "verifiedById", "createdById"],
    checks: { ticketUrl: httpUrl("The ticket link", "link").nullable(), evidenceUrl: httpUrl("The evidence link", "link").nullable() },
    orderBy: `"createdAt", id`,
  },
  { key: "threatMitigations", table: "ThreatMitigation", hasId: false, refs: { threatId: "threats", mitigationId: "mitigations" }, orderBy: `"threatId", "mitigationId"` },
  { key: "comments", table: "Comment", hasId: true, refs: { threatId: "threats", mitigationId: "mitigations" }, people: ["authorId"], peopleLists: ["mentionedUserIds"], orderBy: `"createdAt", id` },
  { key: "riskSnapshots", table: "RiskSnapshot", hasId: false, refs: { apiId: "apis" }, orderBy: `"apiId", "weekStart"` },
];

/** technicalOwnerId → technicalOwnerEmail, mentionedUserIds → mentionedUserEmails. */
export function personColumn(column: string): string {
  return column.replace(/Ids$/, "Emails").replace(/Id$/, "Email");
}

export type TRow = Record<string, unknown>;
export type TOrganizationExport = {
  format: typeof ORG_EXPORT_FORMAT;
  formatVersion: number;
  exportedAt: string;
  organization: { name: string; slug: string };
  people: { email: string; name: string; role: string | null }[];
} & Record<string, unknown>;

export type TColumnInfo = { column: string; dataType: string; udt: string; nullable: boolean };

export const isTimestamp = (info: TColumnInfo) => info.dataType.startsWith("timestamp");

export type TExportProgress = (stage: string, fraction: number) => void;

/** A JSON value with every `property` string mapped (ids inside evidence); the rest as it was. */
export function mapJsonRefs(value: unknown, property: string, map: (id: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapJsonRefs(item, property, map));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, key === property && typeof inner === "string" ? map(inner) : mapJsonRefs(inner, property, map)]));
}
