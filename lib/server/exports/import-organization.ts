import "server-only";
import { AppError, type TFieldError } from "@/lib/core/app-error";
import { db, type DbTransaction } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { bulkInsert, newId } from "@/lib/server/bulk-insert";
import { inOrg, type TCaller, type TOrgScope } from "@/lib/server/scope";
import { loadTableColumns } from "./load-table-columns";
import { mapJsonRefs, ORG_EXPORT_FORMAT, ORG_EXPORT_VERSION, personColumn, TABLE_SPECS, type TColumnInfo, type TExportProgress, type TRow } from "./organization-file";

// An organisation file (organization-file.ts) loaded into an empty organisation: every value and
// reference checked first, then every row written in one transaction.

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
async function assertEmpty(tx: DbTransaction, caller: TOrgScope): Promise<void> {
  const [apis, teams, mitigations, catalog, templates] = await Promise.all([
    tx.api.count({ where: inOrg(caller) }),
    tx.team.count({ where: inOrg(caller) }),
    tx.mitigation.count({ where: inOrg(caller) }),
    tx.orgCatalogEntry.count({ where: inOrg(caller) }),
    tx.checklistTemplate.count({ where: inOrg(caller) }),
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

  const { columns, enums } = await loadTableColumns(db);
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
  const members = await db.membership.findMany({ where: inOrg(caller), select: { user: { select: { id: true, email: true } } } });
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
        for (const [column, { property, target }] of Object.entries(spec.jsonRefs ?? {})) {
          row[column] = mapJsonRefs(row[column], property, (id) => {
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
      await assertEmpty(tx, caller);
      // A new organisation may already have default settings: the file's replace them.
      if ((prepared.get("settings") ?? []).length) await tx.orgSettings.deleteMany({ where: inOrg(caller) });
      for (const [index, spec] of TABLE_SPECS.entries()) {
        const rows = prepared.get(spec.key) ?? [];
        onProgress(`Writing ${spec.key}`, index / TABLE_SPECS.length);
        await bulkInsert(tx, spec.table, rows);
        counts[spec.key] = rows.length;
      }
      await recordAuditEventBy(caller, { action: "organization.imported", targetType: "organization", targetId: caller.orgId, metadata: { counts, peopleNotFound: peopleNotFound.length } }, tx);
    },
    { timeout: 10 * 60_000, maxWait: 10_000 },
  );
  return { counts, peopleNotFound };
}
