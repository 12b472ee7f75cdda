import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createDbClient, type DbClient } from "@/lib/db/client";
import { findFreePort, startEmbeddedPostgres, type EmbeddedDatabase } from "@/lib/db/embedded";
import { checkDatabase } from "@/lib/server/health/check-database";

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("startEmbeddedPostgres", () => {
  let dir: string | undefined;
  let running: EmbeddedDatabase | undefined;

  afterAll(async () => {
    await running?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("keeps data across restarts in the same folder and recovers from a stale postmaster.pid", { timeout: 180_000 }, async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "bulwark-embedded-"));
    const dataDir = path.join(dir, "data");

    // First start: a new cluster.
    running = await startEmbeddedPostgres({ dataDir });
    await query(running.url, `CREATE TABLE kept (id int PRIMARY KEY, note text)`);
    await query(running.url, `INSERT INTO kept VALUES (1, 'survives a restart')`);
    await running.stop();
    running = undefined;

    // Second start: the same cluster, with the row.
    running = await startEmbeddedPostgres({ dataDir });
    expect(await query(running.url, `SELECT id, note FROM kept`)).toEqual([{ id: 1, note: "survives a restart" }]);
    await running.stop();
    running = undefined;

    // A pid file of a process that no longer exists (a killed server) must not block the start.
    expect(() => process.kill(999999, 0)).toThrow();
    await writeFile(path.join(dataDir, "postmaster.pid"), `999999\n${dataDir}\n1700000000\n5432\n/tmp\n127.0.0.1\n  1234567   7654321\nready   \n`);
    running = await startEmbeddedPostgres({ dataDir });
    expect(await query(running.url, `SELECT note FROM kept`)).toEqual([{ note: "survives a restart" }]);
    await running.stop();
    running = undefined;

    // A pid file of a live process is another server using the folder: refuse, clearly.
    await writeFile(path.join(dataDir, "postmaster.pid"), `${process.pid}\n${dataDir}\n`);
    await expect(startEmbeddedPostgres({ dataDir })).rejects.toThrow(/already using/);
    await rm(path.join(dataDir, "postmaster.pid"));
  });
});

describe("checkDatabase", () => {
  const clients: DbClient[] = [];
  const servers: net.Server[] = [];
  const sockets = new Set<net.Socket>();

  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    await Promise.all(clients.map((client) => client.$disconnect().catch(() => undefined)));
  });

  function clientFor(url: string, connectTimeoutMs = 5_000): DbClient {
    const client = createDbClient({ url, connectTimeoutMs, poolMax: 1 });
    clients.push(client);
    return client;
  }

  async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
    const started = performance.now();
    const value = await run();
    return { value, ms: performance.now() - started };
  }

  it("is true for a reachable database", async () => {
    const client = clientFor(process.env.DATABASE_URL!);
    expect(await checkDatabase(5_000, client)).toBe(true);
  });

  it("is false within the timeout for a server that accepts connections and never answers", async () => {
    const server = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => undefined);
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    // The pool would wait 30 s for the handshake; the check must not.
    const client = clientFor(`postgresql://postgres:secret@127.0.0.1:${port}/bulwark`, 30_000);

    const timeoutMs = 500;
    const { value, ms } = await timed(() => checkDatabase(timeoutMs, client));
    expect(value).toBe(false);
    expect(ms).toBeGreaterThanOrEqual(timeoutMs - 50);
    expect(ms).toBeLessThan(timeoutMs + 500);
    expect(sockets.size).toBeGreaterThan(0);
  });

  it("is false quickly, well before the timeout, when nothing listens on the port", async () => {
    const port = await findFreePort();
    const client = clientFor(`postgresql://postgres:secret@127.0.0.1:${port}/bulwark`);
    const { value, ms } = await timed(() => checkDatabase(10_000, client));
    expect(value).toBe(false);
    expect(ms).toBeLessThan(2_000);
  });
});
