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

  it("a burst of probes costs one query, and a result older than maxAgeMs is not reused", async () => {
    let queries = 0;
    let clock = 0;
    const client = { $queryRaw: async () => (queries++, [{ ok: 1 }]) };
    const check = createDatabaseHealth({ client, timeoutMs: 500, maxAgeMs: 1_000, now: () => clock });
    expect(await Promise.all(Array.from({ length: 50 }, () => check()))).toEqual(Array(50).fill(true));
    expect(queries).toBe(1);
    clock = 999;
    await check();
    expect(queries).toBe(1);
    clock = 1_000;
    await check();
    expect(queries).toBe(2);
  });

  it("reports an unreachable database as unhealthy, and recovers on the next probe after maxAgeMs", async () => {
    let up = false;
    let clock = 0;
    const client = { $queryRaw: async () => (up ? [{ ok: 1 }] : Promise.reject(new Error("connection refused"))) };
    const check = createDatabaseHealth({ client, timeoutMs: 500, maxAgeMs: 1_000, now: () => clock });
    expect(await check()).toBe(false);
    up = true;
    clock = 1_001;
    expect(await check()).toBe(true);
  });
});
