import { createHash } from "node:crypto";
import { cp, mkdtemp, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { DEFAULT_MIGRATIONS_DIR, migrate, MigrationError, readMigrations } from "@/lib/db/migrate";
import { createDatabase, dropDatabase, uniqueName } from "../support/postgres";

const adminUrl = inject("pgAdminUrl");
const created: string[] = [];

async function freshDatabase(): Promise<string> {
  const name = uniqueName("bulwark_mig");
  created.push(name);
  return createDatabase(adminUrl, name);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function copyMigrations(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "bulwark-migrations-"));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

afterAll(async () => {
  for (const name of created) await dropDatabase(adminUrl, name);
});

describe("migration runner", () => {
  it("applies every migration once and records it as prisma migrate would", async () => {
    const url = await freshDatabase();
    const files = await readMigrations();
    const first = await migrate(url);
    expect(first.applied).toEqual(files.map((f) => f.name));

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [index, row] of rows.entries()) {
      const file = files[index]!;
      expect(row.checksum).toBe(createHash("sha256").update(file.sql).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }

    const second = await migrate(url);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toBe(files.length);
  });

  it("has the column types Prisma uses for its bookkeeping table", async () => {
    const url = await freshDatabase();
    await migrate(url);
    const columns = await query<{ column_name: string; data_type: string; character_maximum_length: number | null; is_nullable: string }>(
      url,
      `SELECT column_name, data_type, character_maximum_length, is_nullable FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY column_name`,
    );
    expect(Object.fromEntries(columns.map((c) => [c.column_name, [c.data_type, c.character_maximum_length, c.is_nullable]]))).toEqual({
      applied_steps_count: ["integer", null, "NO"],
      checksum: ["character varying", 64, "NO"],
      finished_at: ["timestamp with time zone", null, "YES"],
      id: ["character varying", 36, "NO"],
      logs: ["text", null, "YES"],
      migration_name: ["character varying", 255, "NO"],
      rolled_back_at: ["timestamp with time zone", null, "YES"],
      started_at: ["timestamp with time zone", null, "NO"],
    });
  });

  it("refuses to run when an applied migration file was edited", async () => {
    const url = await freshDatabase();
    const dir = await copyMigrations();
    await migrate(url, dir);
    const [first] = await readMigrations(dir);
    await writeFile(path.join(dir, first!.name, "migration.sql"), `${first!.sql}\n-- edited afterwards\n`);
    await expect(migrate(url, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(url, dir)).rejects.toThrow(/was edited after it was applied/);
  });

  it("applies a new migration folder and rolls back a failing one completely", async () => {
    const url = await freshDatabase();
    const dir = await copyMigrations();
    await migrate(url, dir);

    const good = path.join(dir, "29990101000000_add_note");
    await cp(path.join(dir, (await readMigrations(dir))[0]!.name), good, { recursive: true });
    await writeFile(path.join(good, "migration.sql"), `ALTER TABLE "Team" ADD COLUMN "note" TEXT;`);
    expect((await migrate(url, dir)).applied).toEqual(["29990101000000_add_note"]);

    const bad = path.join(dir, "29990102000000_broken");
    await cp(good, bad, { recursive: true });
    await writeFile(path.join(bad, "migration.sql"), `ALTER TABLE "Team" ADD COLUMN "half" TEXT;\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;`);
    await expect(migrate(url, dir)).rejects.toThrow(/29990102000000_broken failed and was rolled back/);

    // Neither the first statement of the broken migration nor its bookkeeping row survived.
    const columns = await query<{ column_name: string }>(url, `SELECT column_name FROM information_schema.columns WHERE table_name = 'Team' AND column_name = 'half'`);
    expect(columns).toEqual([]);
    const rows = await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990102000000_broken'`);
    expect(rows).toEqual([]);
  });

  it("lets only one of several concurrent runners apply the migrations", async () => {
    const url = await freshDatabase();
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const appliedCounts = results.map((r) => r.applied.length).sort();
    const files = await readMigrations();
    expect(appliedCounts).toEqual([0, 0, files.length]);
    const rows = await query<{ count: string }>(url, `SELECT count(*) FROM "_prisma_migrations"`);
    expect(Number(rows[0]!.count)).toBe(files.length);
  });
});
