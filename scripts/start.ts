// `npm start` (and `npm run dev` with --dev): build when the sources changed, provide a database
// (DATABASE_URL, or the embedded PostgreSQL in .data/postgres), migrate, seed the demo on an
// empty database, then serve Next.js from this process.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
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
  const shutdown = async (signal: string) => {
    say(`${signal} received; stopping.`);
    running.server?.close();
    running.server?.closeAllConnections();
    await database.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));

  const { prepareDatabase } = await import("@/lib/db/prepare");
  const migration = await prepareDatabase(database.url);
  say(migration.applied.length ? `Applied migrations: ${migration.applied.join(", ")}.` : "Database schema is up to date.");
  say(`Threat catalogue version ${migration.catalogVersion}: ${migration.catalogEntries} built-in entries.`);

  const { seedIfEmpty } = await import("./lib/demo");
  await seedIfEmpty({ url: database.url, embedded: database.embedded, embeddedDir: env.EMBEDDED_PG_DIR, log: say });

  const { trustedClientIp } = await import("@/lib/auth/client-ip");
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
  running.server = server;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, env.HOST, resolve);
  });
  // For tests and supervisors that start this process and need to find what it started.
  if (process.env.BULWARK_STATE_FILE) {
    const state = { pid: process.pid, port: env.PORT, databaseUrl: database.url, embeddedDir: database.embedded ? path.resolve(env.EMBEDDED_PG_DIR) : null };
    // It holds the database URL with its password: readable by this user only.
    await writeFile(process.env.BULWARK_STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
  }
  say(`Bulwark is ready at ${env.NEXTAUTH_URL} (listening on ${env.HOST}:${env.PORT}).`);
}

main().catch((error: unknown) => {
  console.error(`[bulwark] Start-up failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
