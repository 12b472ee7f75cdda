import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";

export type DbClientOptions = { url: string; poolMax?: number; connectTimeoutMs?: number };

/** A Prisma client on adapter-pg. Used by the app (lib/db.ts) and by scripts and tests. */
export function createDbClient(options: DbClientOptions) {
  const adapter = new PrismaPg(
    {
      connectionString: options.url,
      max: options.poolMax ?? 10,
      // Without a timeout an exhausted pool or an unreachable database hangs every request.
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
      idleTimeoutMillis: 30_000,
      statement_timeout: 15_000,
    },
    // A restarting database drops idle connections; the pool replaces them on next use.
    // 57P01 is the server shutting down on purpose (as at the end of every run): not news.
    {
      onPoolError: (error) => {
        const log = (error as { code?: string }).code === "57P01" ? logger.debug : logger.warn;
        log("database connection lost", { error: error.message });
      },
    },
  );
  // Password hashes and TOTP secrets never leave the data layer unless a query asks for them by name.
  // Operation models (kilobytes per row) are read only by the code that asks for them by name too.
  return new PrismaClient({ adapter, omit: { user: { passwordHash: true, mfaSecret: true, mfaPendingSecret: true }, operation: { model: true } } });
}

export type DbClient = ReturnType<typeof createDbClient>;
