import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

export type ResolvedDatabase = { url: string; embedded: boolean; stop: () => Promise<void> };

const EMBEDDED_DATABASE_NAME = "bulwark";

/** Creates `name` on the server of `adminUrl` unless it exists; returns the URL of that database. */
export async function ensureDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * DATABASE_URL when it is set; otherwise the embedded PostgreSQL in EMBEDDED_PG_DIR, started
 * here and stopped by the returned `stop`.
 */
export async function resolveDatabase(options: {
  databaseUrl?: string;
  embeddedDir: string;
  log?: (line: string) => void;
}): Promise<ResolvedDatabase> {
  if (options.databaseUrl) {
    return { url: options.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const server = await startEmbeddedPostgres({ dataDir: path.resolve(options.embeddedDir), log: options.log });
  try {
    const url = await ensureDatabase(server.url, EMBEDDED_DATABASE_NAME);
    return { url, embedded: true, stop: server.stop };
  } catch (error) {
    await server.stop();
    throw error;
  }
}
