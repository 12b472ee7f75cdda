import "server-only";
import { AppError, type TFieldError } from "@/lib/core/app-error";
import { db, type DbTransaction } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { bulkInsert, newId, type TBulkTable } from "@/lib/server/bulk-insert";
import type { TCaller, TOrgScope } from "@/lib/server/scope";
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
    orderBy: `"apiId", "modelVersion", id`,
  },
  { key: "answers", table: "ChecklistAnswer", hasId: true, refs: { threatModelId: "threatModels" }, listRefs: { ruleOperationIds: "operations" }, people: ["answeredById"], orderBy: `"threatModelId", "entryKey"` },
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

type TRow = Record<string, unknown>;
export type TOrganizationExport = {
  format: typeof ORG_EXPORT_FORMAT;
  formatVersion: number;
  exportedAt: string;
  organization: { name: string; slug: string };
  people: { email: string; name: string; role: string | null }[];
} & Record<string, unknown>;

type TColumnInfo = { column: string; dataType: string; udt: string; nullable: boolean };

/** Column types as the database has them: the file is checked against these before anything is written. */
async function loadColumns(client: Pick<typeof db, "$queryRaw">): Promise<{ columns: Map<string, TColumnInfo[]>; enums: Map<string, string[]> }> {
  const tables = TABLE_SPECS.map((spec) => spec.table);
  const rows = await client.$queryRaw<{ table_name: string; column_name: string; data_type: string; udt_name: string; is_nullable: string }[]>`
    SELECT table_name, column_name, data_type, udt_name, is_nullable FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name IN (${Prisma.join(tables)}) ORDER BY table_name, ordinal_position`;
  const enumRows = await client.$queryRaw<{ name: string; label: string }[]>`
    SELECT t.typname AS name, e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid ORDER BY t.typname, e.enumsortorder`;
  const columns = new Map<string, TColumnInfo[]>();
  for (const row of rows) {
    const list = columns.get(row.table_name) ?? [];
    list.push({ column: row.column_name, dataType: row.data_type, udt: row.udt_name, nullable: row.is_nullable === "YES" });
    columns.set(row.table_name, list);
  }
  const enums = new Map<string, string[]>();
  for (const row of enumRows) enums.set(row.name, [...(enums.get(row.name) ?? []), row.label]);
  return { columns, enums };
}

const isTimestamp = (info: TColumnInfo) => info.dataType.startsWith("timestamp");

export type TExportProgress = (stage: string, fraction: number) => void;

export async function exportOrganization(scope: TOrgScope, onProgress: TExportProgress = () => undefined, now = new Date()): Promise<TOrganizationExport> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: scope.orgId }, select: { name: true, slug: true } });
  const { columns } = await loadColumns(db);
  const tables: Record<string, TRow[]> = {};
  const userIds = new Set<string>();
  for (const [index, spec] of TABLE_SPECS.entries()) {
    onProgress(`Reading ${spec.key}`, index / TABLE_SPECS.length);
    // Table and order come from TABLE_SPECS, never from input; the organisation is a parameter.
    const rows = await db.$queryRawUnsafe<{ row: TRow }[]>(`SELECT row_to_json(t) AS row FROM "${spec.table}" t WHERE t."orgId" = $1 ORDER BY ${spec.orderBy}`, scope.orgId);
    const timestamps = (columns.get(spec.table) ?? []).filter(isTimestamp).map((info) => info.column);
    tables[spec.key] = rows.map(({ row }) => {
      delete row.orgId;
      // Stored as UTC without a zone; written with one so other tools read the instant right.
      for (const column of timestamps) if (typeof row[column] === "string") row[column] = `${row[column] as string}Z`;
      for (const column of spec.people ?? []) if (typeof row[column] === "string") userIds.add(row[column] as string);
      for (const column of spec.peopleLists ?? []) for (const id of (row[column] as string[] | null) ?? []) userIds.add(id);
      return row;
    });
  }
  const members = await db.membership.findMany({ where: { orgId: scope.orgId }, select: { role: true, user: { select: { id: true, email: true, name: true } } } });
  const users = await db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, email: true, name: true } });
  const emailOf = new Map([...users, ...members.map((member) => member.user)].map((user) => [user.id, user.email]));
  for (const spec of TABLE_SPECS) {
    for (const row of tables[spec.key]!) {
      for (const column of spec.people ?? []) {
        row[personColumn(column)] = typeof row[column] === "string" ? (emailOf.get(row[column] as string) ?? null) : null;
        delete row[column];
      }
      for (const column of spec.peopleLists ?? []) {
        row[personColumn(column)] = ((row[column] as string[] | null) ?? []).flatMap((id) => (emailOf.has(id) ? [emailOf.get(id)!] : []));
        delete row[column];
      }
    }
  }
  const roles = new Map(members.map((member) => [member.user.id, member.role]));
  const people = [...new Map([...members.map((member) => member.user), ...users].map((user) => [user.id, user])).values()]
    .map((user) => ({ email: user.email, name: user.name, role: roles.get(user.id) ?? null }))
    .sort((a, b) => a.email.localeCompare(b.email));
  onProgress("Writing the file", 0.95);
  return { format: ORG_EXPORT_FORMAT, formatVersion: ORG_EXPORT_VERSION, exportedAt: now.toISOString(), organization: org, people, ...tables };
}

// ---- import --------------------------------------------------------------------------------

const MAX_ERRORS = 50;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})?$/;

function describeValue(value: unknown, info: TColumnInfo, enums: Map<string, string[]>): string | null {
  if (value === null) return info.nullable ? null : "must not be empty";
  const scalar = (udt: string, item: unknown): string | null => {
    if (enums.has(udt)) return typeof item === "string" && enums.get(udt)!.includes(item) ? null : `must be one of ${enums.get(udt)!.join(", ")}`;
    switch (udt) {
      case "text":
        return typeof item === "string" ? (item.includes("\u0000") ? "must not contain the NUL character" : null) : "must be a string";
      case "int4":
        return Number.isInteger(item) && Math.abs(item as number) <= 2_147_483_647 ? null : "must be a whole number";
      case "bool":
        return typeof item === "boolean" ? null : "must be true or false";
      case "timestamp":
        return typeof item === "string" && ISO_TIMESTAMP.test(item) && !Number.isNaN(Date.parse(item)) ? null : "must be a date and time like 2026-11-28T10:00:00.000Z";
      case "date":
        return typeof item === "string" && ISO_DATE.test(item) ? null : "must be a date like 2026-11-28";
      case "jsonb":
        return null;
      default:
        return `has a type this importer does not know (${udt})`;
    }
  };
  if (info.dataType === "ARRAY") {
    if (!Array.isArray(value)) return "must be a list";
    for (const item of value) {
      const problem = scalar(info.udt.slice(1), item);
      if (problem) return `has an item that ${problem}`;
    }
    return null;
  }
  return scalar(info.udt, value);
}

export type TOrganizationImportResult = { counts: Record<string, number>; peopleNotFound: string[] };

const pointer = (...parts: (string | number)[]) => parts.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");

function invalid(errors: TFieldError[]): AppError {
  return new AppError("VALIDATION_FAILED", `The file cannot be imported: ${errors.length >= MAX_ERRORS ? `${MAX_ERRORS} or more` : errors.length} problem${errors.length === 1 ? "" : "s"} (each with where it is).`, { fieldErrors: errors });
}

/** Refuses an organisation that already holds data: an import never merges. */
async function assertEmpty(tx: DbTransaction, orgId: string): Promise<void> {
  const [apis, teams, mitigations, catalog, templates] = await Promise.all([
    tx.api.count({ where: { orgId } }),
    tx.team.count({ where: { orgId } }),
    tx.mitigation.count({ where: { orgId } }),
    tx.orgCatalogEntry.count({ where: { orgId } }),
    tx.checklistTemplate.count({ where: { orgId } }),
  ]);
  if (apis + teams + mitigations + catalog + templates > 0) {
    throw new AppError(
      "CONFLICT",
      `This organisation already has data (${apis} APIs, ${teams} teams, ${mitigations} mitigations, ${catalog + templates} catalogue entries or templates). Create a new, empty organisation and import there.`,
    );
  }
}

export async function importOrganization(caller: TCaller, document: unknown, onProgress: TExportProgress = () => undefined): Promise<TOrganizationImportResult> {
  if (typeof document !== "object" || document === null || Array.isArray(document)) throw invalid([{ field: "body", pointer: "", detail: "must be a JSON object (a Bulwark organisation export)" }]);
  const file = document as Record<string, unknown>;
  if (file.format !== ORG_EXPORT_FORMAT) throw invalid([{ field: "format", pointer: "/format", detail: `must be "${ORG_EXPORT_FORMAT}"; this is not a Bulwark organisation export` }]);
  if (file.formatVersion !== ORG_EXPORT_VERSION) throw invalid([{ field: "formatVersion", pointer: "/formatVersion", detail: `must be ${ORG_EXPORT_VERSION}; this Bulwark reads version ${ORG_EXPORT_VERSION} files` }]);

  const { columns, enums } = await loadColumns(db);
  const errors: TFieldError[] = [];
  const report = (path: (string | number)[], detail: string) => {
    if (errors.length < MAX_ERRORS) errors.push({ field: path.join("."), pointer: pointer(...path), detail });
  };

  // Pass 1: shape and types of every row, and a new id for every old one.
  const ids = new Map<string, Map<string, string>>();
  const emails = new Set<string>();
  const tables = new Map<string, TRow[]>();
  for (const spec of TABLE_SPECS) {
    const rows = file[spec.key] ?? [];
    if (!Array.isArray(rows)) {
      report([spec.key], "must be a list");
      continue;
    }
    const expected = (columns.get(spec.table) ?? []).filter((info) => info.column !== "orgId");
    const fileColumn = (info: TColumnInfo) => (spec.people?.includes(info.column) || spec.peopleLists?.includes(info.column) ? personColumn(info.column) : info.column);
    const known = new Set(expected.map(fileColumn));
    const map = new Map<string, string>();
    rows.forEach((row: unknown, index) => {
      if (typeof row !== "object" || row === null || Array.isArray(row)) return report([spec.key, index], "must be an object");
      const record = row as TRow;
      for (const key of Object.keys(record)) if (!known.has(key)) report([spec.key, index, key], "is not a field of this table");
      for (const info of expected) {
        const key = fileColumn(info);
        // People lists added after format version 1 (a model's contributors) read as empty in older files.
        if (!(key in record) && spec.peopleLists?.includes(info.column)) record[key] = [];
        if (!(key in record)) {
          report([spec.key, index, key], "is missing");
          continue;
        }
        if (spec.people?.includes(info.column)) {
          if (record[key] !== null && typeof record[key] !== "string") report([spec.key, index, key], "must be an email or null");
          else if (record[key]) emails.add((record[key] as string).toLowerCase());
          continue;
        }
        if (spec.peopleLists?.includes(info.column)) {
          if (!Array.isArray(record[key]) || (record[key] as unknown[]).some((item) => typeof item !== "string")) report([spec.key, index, key], "must be a list of emails");
          else for (const email of record[key] as string[]) emails.add(email.toLowerCase());
          continue;
        }
        const problem = describeValue(record[key], info, enums);
        if (problem) {
          report([spec.key, index, key], problem);
          continue;
        }
        const check = spec.checks?.[info.column];
        if (check) {
          const result = check.safeParse(record[key]);
          if (result.success) record[key] = result.data;
          else for (const issue of result.error.issues) report([spec.key, index, key, ...issue.path.map(String)], issue.message);
        }
      }
      if (spec.hasId && typeof record.id === "string") {
        if (map.has(record.id)) report([spec.key, index, "id"], "appears twice in this table");
        map.set(record.id, newId());
      }
    });
    ids.set(spec.key, map);
    tables.set(spec.key, rows as TRow[]);
  }
  if (errors.length) throw invalid(errors);

  // People: members of this organisation with the same email.
  const members = await db.membership.findMany({ where: { orgId: caller.orgId }, select: { user: { select: { id: true, email: true } } } });
  const userByEmail = new Map(members.map((member) => [member.user.email.toLowerCase(), member.user.id]));
  const peopleNotFound = [...emails].filter((email) => !userByEmail.has(email)).sort();
  const userOf = (email: unknown) => (typeof email === "string" ? (userByEmail.get(email.toLowerCase()) ?? null) : null);

  // Pass 2: every reference must name a row of the file; then the rows as the database takes them.
  const prepared = new Map<string, TRow[]>();
  for (const spec of TABLE_SPECS) {
    const rows = tables.get(spec.key) ?? [];
    prepared.set(
      spec.key,
      rows.map((record, index) => {
        const row: TRow = { ...record, orgId: caller.orgId };
        if (spec.hasId) row.id = ids.get(spec.key)!.get(record.id as string);
        for (const [column, target] of Object.entries(spec.refs ?? {})) {
          if (row[column] === null) continue;
          const mapped = ids.get(target)!.get(row[column] as string);
          if (!mapped) report([spec.key, index, column], `refers to ${String(row[column])}, which is not in this file's ${target}`);
          row[column] = mapped ?? null;
        }
        for (const [column, target] of Object.entries(spec.listRefs ?? {})) {
          row[column] = (row[column] as string[]).map((id) => {
            const mapped = ids.get(target)!.get(id);
            if (!mapped) report([spec.key, index, column], `refers to ${id}, which is not in this file's ${target}`);
            return mapped ?? id;
          });
        }
        for (const column of spec.people ?? []) {
          row[column] = userOf(row[personColumn(column)]);
          delete row[personColumn(column)];
        }
        for (const column of spec.peopleLists ?? []) {
          row[column] = (row[personColumn(column)] as string[]).flatMap((email) => userOf(email) ?? []);
          delete row[personColumn(column)];
        }
        return row;
      }),
    );
  }
  if (errors.length) throw invalid(errors);

  const counts: Record<string, number> = {};
  await db.$transaction(
    async (tx) => {
      await assertEmpty(tx, caller.orgId);
      // A new organisation may already have default settings: the file's replace them.
      if ((prepared.get("settings") ?? []).length) await tx.orgSettings.deleteMany({ where: { orgId: caller.orgId } });
      for (const [index, spec] of TABLE_SPECS.entries()) {
        const rows = prepared.get(spec.key) ?? [];
        onProgress(`Writing ${spec.key}`, index / TABLE_SPECS.length);
        await bulkInsert(tx, spec.table, rows);
        counts[spec.key] = rows.length;
      }
      await recordAuditEvent(
        { orgId: caller.orgId, actorId: caller.userId, action: "organization.imported", targetType: "organization", targetId: caller.orgId, ip: caller.ip, userAgent: caller.userAgent, metadata: { counts, peopleNotFound: peopleNotFound.length } },
        tx,
      );
    },
    { timeout: 10 * 60_000, maxWait: 10_000 },
  );
  return { counts, peopleNotFound };
}
