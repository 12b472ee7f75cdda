import "server-only";
import { createDbClient, type DbClient } from "@/lib/db/client";
import { env } from "@/lib/env";

export type Db = DbClient;
export type DbTransaction = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForPrisma = globalThis as unknown as { bulwarkPrisma?: Db };

function getDb(): Db {
  if (!globalForPrisma.bulwarkPrisma) {
    if (!env.DATABASE_URL) {
      throw new Error("DATABASE_URL is not set. Start Bulwark with `npm start`, which provides a database.");
    }
    globalForPrisma.bulwarkPrisma = createDbClient({
      url: env.DATABASE_URL,
      poolMax: env.DATABASE_POOL_MAX,
      connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    });
  }
  return globalForPrisma.bulwarkPrisma;
}

// Created on first use, so `next build` can import data modules without a database.
export const db: Db = new Proxy({} as Db, {
  get(_target, property) {
    const client = getDb();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});
