import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres } from "@/lib/db/embedded";

// Test databases are created and dropped by the tests themselves, on the server in DATABASE_URL
// when it is set (CI also runs against 127.0.0.1:5432) or on a throwaway embedded PostgreSQL.

export type TestServer = { adminUrl: string; stop: () => Promise<void> };

export async function startTestServer(): Promise<TestServer> {
  if (process.env.DATABASE_URL) {
    return { adminUrl: process.env.DATABASE_URL, stop: async () => undefined };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), "bulwark-test-pg-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data") });
  return {
    adminUrl: server.url,
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function withAdminClient<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}

/** CREATE DATABASE … TEMPLATE fails while another copy of the template runs; retry briefly. */
export async function createDatabase(adminUrl: string, name: string, template?: string): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    try {
      await withAdminClient(adminUrl, (c) => c.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ""}`));
      return databaseUrl(adminUrl, name);
    } catch (error) {
      if (attempt < 40 && /being accessed by other users/.test(String(error))) {
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
        continue;
      }
      throw error;
    }
  }
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withAdminClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}
