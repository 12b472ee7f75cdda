import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnFields, columnName, foreignKeyFields, loadDatamodel, NATIVE_TYPES, tableName } from "@/scripts/lib/prisma-datamodel";

// The migrations are hand-written SQL (no schema engine here), so this test is what keeps
// prisma/schema.prisma and the migrated database in step. It reads the schema with Prisma's
// own parser and the database from information_schema / pg_catalog.

const datamodel = loadDatamodel();
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(async () => client.end());

type Column = { table_name: string; column_name: string; is_nullable: "YES" | "NO"; data_type: string; udt_name: string };

async function columns(): Promise<Map<string, Column>> {
  const { rows } = await client.query<Column>(
    `SELECT table_name, column_name, is_nullable, data_type, udt_name FROM information_schema.columns WHERE table_schema = 'public'`,
  );
  return new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
}

const EXPECTED_UDT: Record<string, string> = {
  String: "text",
  Int: "int4",
  BigInt: "int8",
  Boolean: "bool",
  DateTime: "timestamp",
  Json: "jsonb",
  Float: "float8",
  Decimal: "numeric",
  Bytes: "bytea",
};

describe("schema.prisma and the migrated database", () => {
  it("has a table for every model and no table the schema does not know", async () => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const tables = rows.map((r) => r.table_name).filter((name) => name !== "_prisma_migrations").sort();
    expect(tables).toEqual(datamodel.models.map(tableName).sort());
  });

  it("has every scalar field as a column with the right type and nullability", async () => {
    const all = await columns();
    const problems: string[] = [];
    for (const model of datamodel.models) {
      const expectedColumns = new Set<string>();
      for (const field of columnFields(model)) {
        const key = `${tableName(model)}.${columnName(field)}`;
        expectedColumns.add(key);
        const column = all.get(key);
        if (!column) {
          problems.push(`${key}: missing`);
          continue;
        }
        // Prisma writes scalar lists as nullable columns and never stores NULL in them.
        const nullable = !field.isRequired || field.isList;
        if ((column.is_nullable === "YES") !== nullable) problems.push(`${key}: nullable is ${column.is_nullable}, schema says ${nullable ? "optional" : "required"}`);
        const base = field.kind === "enum" ? field.type : field.nativeType ? NATIVE_TYPES[field.nativeType[0]]?.udt : EXPECTED_UDT[field.type];
        const udt = field.isList ? `_${base}` : base;
        if (column.udt_name !== udt) problems.push(`${key}: type ${column.udt_name}, schema wants ${udt}`);
      }
      for (const key of all.keys()) {
        if (key.startsWith(`${tableName(model)}.`) && !expectedColumns.has(key)) problems.push(`${key}: column not in schema.prisma`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("has every relation as a foreign key with the declared delete rule", async () => {
    const { rows } = await client.query<{ table_name: string; columns: string[]; foreign_table: string; foreign_columns: string[]; delete_rule: string }>(`
      SELECT cl.relname AS table_name,
             array_agg(att.attname::text ORDER BY k.ord) AS columns,
             fcl.relname AS foreign_table,
             array_agg(fatt.attname::text ORDER BY k.ord) AS foreign_columns,
             CASE con.confdeltype WHEN 'c' THEN 'Cascade' WHEN 'r' THEN 'Restrict' WHEN 'n' THEN 'SetNull' WHEN 'a' THEN 'NoAction' WHEN 'd' THEN 'SetDefault' END AS delete_rule
      FROM pg_constraint con
      JOIN pg_class cl ON cl.oid = con.conrelid
      JOIN pg_class fcl ON fcl.oid = con.confrelid
      JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, fattnum, ord) ON true
      JOIN pg_attribute att ON att.attrelid = con.conrelid AND att.attnum = k.attnum
      JOIN pg_attribute fatt ON fatt.attrelid = con.confrelid AND fatt.attnum = k.fattnum
      WHERE con.contype = 'f'
      GROUP BY cl.relname, fcl.relname, con.conname, con.confdeltype`);
    const actual = rows.map((r) => `${r.table_name}(${r.columns.join(",")}) -> ${r.foreign_table}(${r.foreign_columns.join(",")}) on delete ${r.delete_rule}`).sort();

    const expected: string[] = [];
    for (const model of datamodel.models) {
      for (const field of foreignKeyFields(model)) {
        const target = datamodel.models.find((m) => m.name === field.type)!;
        const onDelete = field.relationOnDelete ?? (field.isRequired ? "Restrict" : "SetNull");
        expected.push(`${tableName(model)}(${field.relationFromFields!.join(",")}) -> ${tableName(target)}(${field.relationToFields!.join(",")}) on delete ${onDelete}`);
      }
    }
    expect(actual).toEqual(expected.sort());
  });

  it("has the primary keys, unique constraints and enum values of the schema", async () => {
    const { rows: indexRows } = await client.query<{ table_name: string; columns: string[]; is_unique: boolean; is_primary: boolean }>(`
      SELECT t.relname AS table_name, array_agg(a.attname::text ORDER BY k.ord) AS columns, ix.indisunique AS is_unique, ix.indisprimary AS is_primary
      FROM pg_index ix
      JOIN pg_class t ON t.oid = ix.indrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
      JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord) ON true
      JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname <> '_prisma_migrations'
      GROUP BY t.relname, ix.indexrelid, ix.indisunique, ix.indisprimary`);
    const unique = indexRows.filter((r) => r.is_unique).map((r) => `${r.table_name}(${r.columns.join(",")})${r.is_primary ? " pk" : ""}`).sort();

    const expected = datamodel.indexes
      .filter((index) => index.type === "id" || index.type === "unique")
      .map((index) => {
        const model = datamodel.models.find((m) => m.name === index.model)!;
        return `${tableName(model)}(${index.fields.map((f) => f.name).join(",")})${index.type === "id" ? " pk" : ""}`;
      })
      .sort();
    expect(unique).toEqual(expected);

    const { rows: enumRows } = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel::text ORDER BY e.enumsortorder) AS values FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
    );
    expect(Object.fromEntries(enumRows.map((r) => [r.name, r.values]))).toEqual(
      Object.fromEntries(datamodel.enums.map((e) => [e.dbName ?? e.name, e.values.map((v) => v.name)])),
    );
  });

  it("keeps audit events append-only", async () => {
    await client.query(`INSERT INTO "AuditEvent" (id, action, "createdAt") VALUES ('audit-test-1', 'test.event', now())`);
    await expect(client.query(`UPDATE "AuditEvent" SET action = 'changed' WHERE id = 'audit-test-1'`)).rejects.toThrow(/append-only/);
    await expect(client.query(`DELETE FROM "AuditEvent" WHERE id = 'audit-test-1'`)).rejects.toThrow(/append-only/);
  });
});
