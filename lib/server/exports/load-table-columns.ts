import "server-only";
import type { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { TABLE_SPECS, type TColumnInfo } from "./organization-file";

/** Column types as the database has them: the file is checked against these before anything is written. */
export async function loadTableColumns(client: Pick<typeof db, "$queryRaw">): Promise<{ columns: Map<string, TColumnInfo[]>; enums: Map<string, string[]> }> {
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
