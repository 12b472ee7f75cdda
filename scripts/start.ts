// `npm start` (and `npm run dev` with --dev): build when the sources changed, provide a database
// (DATABASE_URL, or the embedded PostgreSQL in .data/postgres), migrate, seed the demo on an
// empty database, then serve Next.js: from this process, or with WEB_CONCURRENCY > 1 from that
// many worker processes sharing the port (Node's cluster), since one Node process renders pages
// on one core only.
import cluster from "node:cluster";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import http from "node:http";
import path from "node:path";

const dev = process.argv.includes("--dev");
// Next and React pick their build from NODE_ENV when first loaded, so it is set before either is.
(process.env as Record<string, string>).NODE_ENV ??= dev ? "development" : "production";

const root = process.cwd();
const dataDir = path.join(root, ".data");

function say(message: string) {
  console.log(`[bulwark] ${message}`);
}

async function loadOrCreateSecret(): Promise<string> {
  const file = path.join(dataDir, "nextauth-secret");
  if (existsSync(file)) return (await readFile(file, "utf8")).trim();
  const secret = randomBytes(48).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  say(`NEXTAUTH_SECRET is not set; generated one in ${path.relative(root, file)}.`);
  return secret;
}

async function buildIfNeeded(skip: boolean) {
  const { buildFingerprint, isBuildCurrent, runBuild } = await import("./lib/build");
  if (await isBuildCurrent(root, await buildFingerprint(root))) return;
  if (skip && existsSync(path.join(root, ".next", "BUILD_ID"))) return;
  say("Building the app (next build, 10–60 s depending on the machine)…");
  const seconds = await runBuild(root);
  say(`Built in ${seconds.toFixed(1)} s.`);
}

async function main() {
  process.env.NEXTAUTH_SECRET ??= await loadOrCreateSecret();
  const { env } = await import("@/lib/env");
  if (!dev) await buildIfNeeded(env.BULWARK_SKIP_BUILD);

  const { resolveDatabase } = await import("./lib/database");
  const database = await resolveDatabase({ databaseUrl: env.DATABASE_URL, embeddedDir: env.EMBEDDED_PG_DIR });
  say(database.embedded ? `Embedded PostgreSQL running with its data in ${env.EMBEDDED_PG_DIR}.` : "Using the database in DATABASE_URL.");
  process.env.DATABASE_URL = database.url;
  // next-auth reads NEXTAUTH_URL itself; give it the validated default too.
  process.env.NEXTAUTH_URL = env.NEXTAUTH_URL;

  const running: { server?: http.Server } = {};
  let stopping = false;
  const shutdown = async (signal: string) => {
    stopping = true;
    say(`${signal} received; stopping.`);
    running.server?.close();
    running.server?.closeAllConnections();
    await stopWorkers();
    await database.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  const { prepareDatabase } = await import("@/lib/db/prepare");
  const migration = await prepareDatabase(database.url);
  say(migration.applied.length ? `Applied migrations: ${migration.applied.join(", ")}.` : "Database schema is up to date.");
  say(`Threat catalogue version ${migration.catalogVersion}: ${migration.catalogEntries} built-in entries.`);
  const { describeRederive } = await import("@/lib/db/operation-models");
  const rederived = describeRederive(migration.operationModels);
  if (rederived) say(rederived);

  const { seedIfEmpty } = await import("./lib/demo");
  await seedIfEmpty({ url: database.url, embedded: database.embedded, embeddedDir: env.EMBEDDED_PG_DIR, log: say });

  const workers = dev ? 1 : env.WEB_CONCURRENCY;
  if (workers === 1) {
    running.server = await serve(dev);
  } else {
    await startWorkers(workers, () => stopping);
  }
  // For tests and supervisors that start this process and need to find what it started.
  if (process.env.BULWARK_STATE_FILE) {
    const state = { pid: process.pid, port: env.PORT, databaseUrl: database.url, embeddedDir: database.embedded ? path.resolve(env.EMBEDDED_PG_DIR) : null };
    // It holds the database URL with its password: readable by this user only.
    // Written beside it and renamed into place, so a reader that sees the file sees all of it.
    const partial = `${process.env.BULWARK_STATE_FILE}.${process.pid}.tmp`;
    await writeFile(partial, JSON.stringify(state, null, 2), { mode: 0o600 });
    await rename(partial, process.env.BULWARK_STATE_FILE);
  }
  say(`Bulwark is ready at ${env.NEXTAUTH_URL} (listening on ${env.HOST}:${env.PORT}${workers > 1 ? `, ${workers} worker processes` : ""}).`);
}

/** Next.js behind a plain HTTP server that decides the client address itself. */
async function serve(dev: boolean): Promise<http.Server> {
  const { env } = await import("@/lib/env");
  const { trustedClientIp } = await import("@/lib/core/auth/client-ip");
  const next = (await import("next")).default;
  const app = next({ dev, dir: root, hostname: env.HOST, port: env.PORT });
  await app.prepare();
  const handle = app.getRequestHandler();
  // Browsers ignore HSTS received over plain http (RFC 6797 §8.1), so it is sent on every
  // response: behind a TLS-terminating proxy the app itself only ever sees http.
  const hsts = !env.BULWARK_DISABLE_HSTS;
  const server = http.createServer((req, res) => {
    if (hsts) res.setHeader("strict-transport-security", "max-age=63072000; includeSubDomains");
    // The client address is decided here, from the socket or trusted proxies; Next would
    // otherwise keep whatever X-Forwarded-For the client sent.
    const forwarded = req.headers["x-forwarded-for"];
    req.headers["x-forwarded-for"] = trustedClientIp(
      req.socket.remoteAddress,
      Array.isArray(forwarded) ? forwarded.join(",") : forwarded,
      env.TRUSTED_PROXY_HOPS,
    );
    if (env.TRUSTED_PROXY_HOPS === 0) {
      delete req.headers["x-forwarded-host"];
      delete req.headers["x-forwarded-proto"];
      delete req.headers["x-forwarded-port"];
    }
    void handle(req, res);
  });
  // Longer than the usual 60 s idle timeout of load balancers and HTTP clients, so a reused
  // keep-alive connection is never closed by this side just as the client sends on it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  return server;
}

/** Forks the workers, replaces one that dies unexpectedly, and resolves once all are listening. */
async function startWorkers(count: number, isStopping: () => boolean) {
  let restarts = 0;
  cluster.on("exit", (worker, code, signal) => {
    if (isStopping()) return;
    // A crash loop (say, a port taken) must not spin forever.
    if (++restarts > 10) {
      console.error(`[bulwark] Worker ${worker.process.pid} exited (${signal ?? code}); too many restarts, giving up.`);
      process.kill(process.pid, "SIGTERM");
      return;
    }
    console.error(`[bulwark] Worker ${worker.process.pid} exited (${signal ?? code}); starting another.`);
    cluster.fork();
  });
  await Promise.all(
    Array.from({ length: count }, () => {
      const worker = cluster.fork();
      return new Promise<void>((resolve, reject) => {
        worker.once("listening", () => resolve());
        worker.once("exit", (code) => reject(new Error(`a worker exited with code ${code} before it was listening`)));
      });
    }),
  );
}

async function stopWorkers() {
  const alive = Object.values(cluster.workers ?? {}).filter((worker) => worker && !worker.isDead());
  await Promise.all(
    alive.map(
      (worker) =>
        new Promise<void>((resolve) => {
          const force = setTimeout(() => worker!.process.kill("SIGKILL"), 5_000);
          worker!.once("exit", () => {
            clearTimeout(force);
            resolve();
          });
          worker!.process.kill("SIGTERM");
        }),
    ),
  );
}

/** A worker: the primary has already prepared the database and put its URL in the environment. */
async function runWorker() {
  const server = await serve(false);
  const stop = () => {
    server.close();
    server.closeAllConnections();
    process.exit(0);
  };
  process.once("SIGTERM", stop);
  // Ctrl-C reaches the whole process group; the primary decides when everything stops.
  process.on("SIGINT", () => undefined);
}

(cluster.isWorker ? runWorker() : main()).catch((error: unknown) => {
  console.error(`[bulwark] Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
