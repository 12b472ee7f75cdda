import "server-only";
import { db } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { loadTableColumns } from "./load-table-columns";
import { isTimestamp, ORG_EXPORT_FORMAT, ORG_EXPORT_VERSION, personColumn, TABLE_SPECS, type TExportProgress, type TOrganizationExport, type TRow } from "./organization-file";

// The whole organisation as one file; organization-file.ts says what is in it and what is left out.

export async function exportOrganization(caller: TOrgScope, onProgress: TExportProgress = () => undefined, now = new Date()): Promise<TOrganizationExport> {
  const org = await db.organization.findUniqueOrThrow({ where: { id: caller.orgId }, select: { name: true, slug: true } });
  const { columns } = await loadTableColumns(db);
  const tables: Record<string, TRow[]> = {};
  const userIds = new Set<string>();
  for (const [index, spec] of TABLE_SPECS.entries()) {
    onProgress(`Reading ${spec.key}`, index / TABLE_SPECS.length);
    // Table and order come from TABLE_SPECS, never from input; the organisation is a parameter.
    const rows = await db.$queryRawUnsafe<{ row: TRow }[]>(`SELECT row_to_json(t) AS row FROM "${spec.table}" t WHERE t."orgId" = $1 ORDER BY ${spec.orderBy}`, caller.orgId);
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
  const members = await db.membership.findMany({ where: inOrg(caller), select: { role: true, user: { select: { id: true, email: true, name: true } } } });
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
