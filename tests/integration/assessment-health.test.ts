import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { checkDatabaseHealth, closeDatabaseHealth, createDatabaseHealth } from "@/lib/server/health/check-database";

// Assessment finding 5: /api/health answered 503 under load because its probe waited for the
// same saturated pool as the requests.

afterAll(() => closeDatabaseHealth());

async function countSleepers(): Promise<number> {
  const admin = new pg.Client({ connectionString: env.DATABASE_URL });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE query LIKE '%pg_sleep(4)%' AND state = 'active' AND pid <> pg_backend_pid()`);
    return rows[0]!.n;
  } finally {
    await admin.end();
  }
}

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("the health probe under a saturated request pool", () => {
  it("answers healthy within a second while every pooled connection is busy", async () => {
    // Hold every connection of the app's pool for 4 s, so any query through it has to wait.
    // (Prisma sends a query only once it is awaited, hence the .then.)
    const holders = Array.from({ length: env.DATABASE_POOL_MAX }, () => db.$queryRaw`SELECT 1 AS held FROM pg_sleep(4)`.then(() => undefined));
    await waitFor(async () => (await countSleepers()) === env.DATABASE_POOL_MAX);
    const started = performance.now();
    const healthy = await checkDatabaseHealth();
    const elapsed = performance.now() - started;
    await Promise.all(holders);
    expect(healthy).toBe(true);
    expect(elapsed).toBeLessThan(1_000);
  });

  it("a burst of probes costs one query; a probe after it runs its own", async () => {
    let queries = 0;
    let answer: () => void = () => undefined;
    const client = { $queryRaw: () => (queries++, new Promise<unknown>((resolve) => (answer = () => resolve([{ ok: 1 }])))) };
    const check = createDatabaseHealth({ client, timeoutMs: 500 });
    const burst = Promise.all(Array.from({ length: 50 }, () => check()));
    answer();
    expect(await burst).toEqual(Array(50).fill(true));
    expect(queries).toBe(1);
    const next = check();
    answer();
    expect(await next).toBe(true);
    expect(queries).toBe(2);
  });

  it("reports a database that went away at the very next probe, and its return at the one after", async () => {
    let up = true;
    const client = { $queryRaw: async () => (up ? [{ ok: 1 }] : Promise.reject(new Error("connection refused"))) };
    const check = createDatabaseHealth({ client, timeoutMs: 500 });
    expect(await check()).toBe(true);
    up = false;
    expect(await check()).toBe(false);
    up = true;
    expect(await check()).toBe(true);
  });
});
