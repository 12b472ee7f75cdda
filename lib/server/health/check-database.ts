import "server-only";
import { createDbClient, type DbClient } from "@/lib/db/client";
import { env } from "@/lib/env";

type Queryable = { $queryRaw: (query: TemplateStringsArray) => Promise<unknown> };

/** True when the database answers a trivial query within `timeoutMs`; never throws or hangs. */
export async function checkDatabase(timeoutMs: number, client: Queryable): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  const probe = client.$queryRaw`SELECT 1`.then(
    () => true,
    () => false,
  );
  try {
    return await Promise.race([probe, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export type TDatabaseHealthOptions = { client: Queryable; timeoutMs: number };

/**
 * A probe that runs at most one query at a time however many callers ask: callers that arrive
 * while a probe is in flight share its answer, so a burst of health checks costs one query. No
 * answer outlives its query, so a database that just died is reported at the next check.
 */
export function createDatabaseHealth({ client, timeoutMs }: TDatabaseHealthOptions): () => Promise<boolean> {
  let running: Promise<boolean> | undefined;
  return () => {
    running ??= checkDatabase(timeoutMs, client).finally(() => {
      running = undefined;
    });
    return running;
  };
}

const holder = globalThis as unknown as { bulwarkHealthProbe?: { client: DbClient; check: () => Promise<boolean> } };

/**
 * The health endpoint's answer. It has a connection of its own, outside the request pool: when
 * requests saturate the pool, a load balancer must still see a healthy instance with a
 * reachable database rather than time out behind them.
 */
export function checkDatabaseHealth(): Promise<boolean> {
  if (!holder.bulwarkHealthProbe) {
    if (!env.DATABASE_URL) return Promise.resolve(false);
    const client = createDbClient({ url: env.DATABASE_URL, poolMax: 1, connectTimeoutMs: 1_000 });
    holder.bulwarkHealthProbe = { client, check: createDatabaseHealth({ client, timeoutMs: 1_500 }) };
  }
  return holder.bulwarkHealthProbe.check();
}

/** Closes the health probe's connection (tests, shutdown). */
export async function closeDatabaseHealth(): Promise<void> {
  const probe = holder.bulwarkHealthProbe;
  holder.bulwarkHealthProbe = undefined;
  await probe?.client.$disconnect();
}
