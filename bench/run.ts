// npm run bench [-- --skip-build] [--seconds 10] [--connections 10] [--workers <n>] [--warmup 15]
// Measures: next build time, cold start to first 200, GET /api/v1/apis latency under load
// from a second process with the 12 demo APIs and with 2,000 generated ones, the dashboard (JSON
// and page) with 40,000 threats and 60,000 mitigations on those APIs, and spec import. Writes
// bench/results/<timestamp>.json and prints a Markdown table for docs/PERFORMANCE.md.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { createDbClient } from "@/lib/db/client";
import { findFreePort, startEmbeddedPostgres } from "@/lib/db/embedded";
import { prepareDatabase } from "@/lib/db/prepare";
import { DEMO_ORGS, seedDemoData } from "@/prisma/seed";
import { ensureDatabase } from "@/scripts/lib/database";
import { runBuild } from "@/scripts/lib/build";
import { childProcessesOf } from "@/scripts/lib/processes";
import { generateInventory } from "@/scripts/lib/demo-data/inventory";
import { generateRisk } from "@/scripts/lib/demo-data/portfolio";
import { generateSpec } from "./generate-spec";

const { values } = parseArgs({
  options: {
    "skip-build": { type: "boolean", default: false },
    seconds: { type: "string", default: "10" },
    connections: { type: "string", default: "10" },
    // The server's WEB_CONCURRENCY: one worker process per core, as docs/PERFORMANCE.md advises.
    workers: { type: "string", default: String(os.availableParallelism()) },
    // Seconds of the same load, not measured, before each measured load: V8 needs that long under
    // load to optimise the rendering code in every worker (the first seconds run 1.5-2x slower).
    warmup: { type: "string", default: "15" },
  },
});
const PASSWORD = "bench-password-123456";
const STATE_FILE = path.join(os.tmpdir(), `bulwark-bench-state-${process.pid}.json`);
const root = process.cwd();

type Load = { requests: number; rps: number; p50: number; p95: number; p99: number; max: number; statuses: Record<string, number>; errors: number; timeouts: number };

async function waitFor200(url: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function signIn(base: string, email: string): Promise<string> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const csrfCookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, json: "true" }),
    redirect: "manual",
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  const session = response.headers.getSetCookie().find((c) => c.includes("session-token"));
  if (!session) throw new Error("no session cookie");
  return session.split(";")[0]!;
}

// Asynchronous on purpose: a bench blocked for longer than the server's 65 s keep-alive timeout
// would not see the server close its idle connections, and its next fetch would fail on one.
async function runLoad(url: string, cookie: string, seconds: string): Promise<Load> {
  const { stdout } = await promisify(execFile)(path.join(root, "node_modules/.bin/tsx"), ["bench/load-worker.ts", url, cookie, values.connections!, seconds], { encoding: "utf8" });
  return JSON.parse(stdout.trim().split("\n").pop()!) as Load;
}

/** The measured load, after a warm-up load of the same URL whose numbers are kept as `warmup`. */
async function load(url: string, cookie: string): Promise<Load & { warmup?: Load }> {
  const warmup = Number(values.warmup) > 0 ? await runLoad(url, cookie, values.warmup!) : undefined;
  return { ...(await runLoad(url, cookie, values.seconds!)), warmup };
}

async function main() {
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, connections: Number(values.connections), seconds: Number(values.seconds), warmupSeconds: Number(values.warmup), workers: Number(values.workers) };

  if (!values["skip-build"]) {
    // A clean build: Turbopack's cache would otherwise make a rebuild look ten times faster.
    rmSync(path.join(root, ".next"), { recursive: true, force: true });
    console.log("Building from scratch…");
    results.buildSeconds = Number((await runBuild(root)).toFixed(1));
  }

  const dir = mkdtempSync(path.join(os.tmpdir(), "bulwark-bench-"));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres") });
  let server: ChildProcess | undefined;
  try {
    const databaseUrl = await ensureDatabase(pg.url, "bench");
    await prepareDatabase(databaseUrl);
    const client = createDbClient({ url: databaseUrl });
    await seedDemoData(client, PASSWORD);

    const port = await findFreePort();
    const base = `http://127.0.0.1:${port}`;
    const spawnedAt = Date.now();
    server = spawn(path.join(root, "node_modules/.bin/tsx"), ["scripts/start.ts"], {
      env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(port), HOST: "127.0.0.1", NEXTAUTH_URL: base, NEXTAUTH_SECRET: "bench-secret-that-is-long-enough-0123456789", BULWARK_SKIP_BUILD: "true", BULWARK_SEED_DEMO: "false", LOG_LEVEL: "warn", BULWARK_STATE_FILE: STATE_FILE, WEB_CONCURRENCY: values.workers! },
      stdio: "inherit",
      detached: true,
    });
    await waitFor200(`${base}/api/health`, 60_000);
    results.coldStartToHealthMs = Date.now() - spawnedAt;
    const loginStarted = Date.now();
    await waitFor200(`${base}/login`, 30_000);
    results.firstPageRenderMs = Date.now() - loginStarted;
    results.coldStartToFirstPageMs = Date.now() - spawnedAt;

    const cookie = await signIn(base, DEMO_ORGS[0]!.members[0]!.email);
    const listUrl = `${base}/api/v1/apis`;
    const filteredUrl = `${base}/api/v1/apis?exposure=INTERNET&classification=RESTRICTED,CONFIDENTIAL&sort=-updatedAt&q=api`;

    // A few warm-up requests so JIT and the connection pool are not measured.
    for (let i = 0; i < 20; i++) await fetch(listUrl, { headers: { cookie } });
    console.log("Load: 12 APIs…");
    results.list12 = await load(listUrl, cookie);

    const org = await client.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGS[0]!.slug }, select: { id: true, memberships: { select: { userId: true } } } });
    const seedStarted = Date.now();
    await generateInventory(client, { orgId: org.id, ownerIds: org.memberships.map((m) => m.userId), apis: 1988, namePrefix: "Bench" });
    results.generate2000Seconds = Number(((Date.now() - seedStarted) / 1000).toFixed(1));
    await client.$executeRawUnsafe("ANALYZE");

    for (let i = 0; i < 20; i++) await fetch(listUrl, { headers: { cookie } });
    console.log("Load: 2,000 APIs…");
    results.list2000 = await load(listUrl, cookie);
    console.log("Load: 2,000 APIs, filtered and searched…");
    results.list2000Filtered = await load(filteredUrl, cookie);

    // The dashboard at the size of a real company: risk data for the generated APIs.
    console.log("Generating 20,000 operations, 40,000 threats, 60,000 mitigations and their history…");
    const riskStarted = Date.now();
    const risk = await generateRisk(client, { orgId: org.id, userIds: org.memberships.map((m) => m.userId) });
    results.generateRiskSeconds = Number(((Date.now() - riskStarted) / 1000).toFixed(1));
    results.riskRows = await client.$queryRawUnsafe(
      `SELECT (SELECT count(*) FROM "Api" WHERE "orgId" = $1)::int AS apis, (SELECT count(*) FROM "Operation" WHERE "orgId" = $1)::int AS operations,
              (SELECT count(*) FROM "Threat" WHERE "orgId" = $1)::int AS threats, (SELECT count(*) FROM "Mitigation" WHERE "orgId" = $1)::int AS mitigations,
              (SELECT count(*) FROM "RiskSnapshot" WHERE "orgId" = $1)::int AS snapshots`,
      org.id,
    );
    if (risk.verification.rollupMismatches || risk.verification.snapshotMismatches) throw new Error(`generated rollups disagree with a recount: ${JSON.stringify(risk.verification)}`);
    await client.$executeRawUnsafe("ANALYZE");
    const team = await client.team.findFirstOrThrow({ where: { orgId: org.id, apis: { some: {} } }, orderBy: { apis: { _count: "desc" } }, select: { name: true } });
    const dashboardUrl = `${base}/api/v1/dashboard`;
    // The figures computed afresh, one request at a time: each request follows a bump of the data
    // version, as any write would do, so the cache misses.
    const uncached: number[] = [];
    for (let i = 0; i < 25; i++) {
      await client.$executeRawUnsafe("SELECT nextval('bulwark_dashboard_data_version')");
      const sent = performance.now();
      const response = await fetch(dashboardUrl, { headers: { cookie } });
      await response.arrayBuffer();
      if (i >= 5) uncached.push(performance.now() - sent);
    }
    results.dashboardUncachedMs = { median: Math.round(median(uncached)), max: Math.round(Math.max(...uncached)), runs: uncached.length };
    await client.$disconnect();
    const dashboardFilteredUrl = `${base}/api/v1/dashboard?team=${encodeURIComponent(team.name)}&exposure=INTERNET`;
    const dashboardPageUrl = `${base}/${DEMO_ORGS[0]!.slug}/dashboard`;
    for (let i = 0; i < 20; i++) await Promise.all([fetch(dashboardUrl, { headers: { cookie } }), fetch(dashboardPageUrl, { headers: { cookie } })]);
    console.log("Load: dashboard JSON…");
    results.dashboardJson = await load(dashboardUrl, cookie);
    console.log("Load: dashboard JSON, filtered…");
    results.dashboardJsonFiltered = await load(dashboardFilteredUrl, cookie);
    console.log("Load: dashboard page…");
    results.dashboardPage = await load(dashboardPageUrl, cookie);

    results.specImport = await benchSpecImport(base, cookie);
  } finally {
    if (server?.pid) process.kill(-server.pid, "SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  mkdirSync(path.join(root, "bench/results"), { recursive: true });
  const file = path.join(root, "bench/results", `${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  const ms = (value: number) => value.toFixed(1);
  const row = (label: string, r: Load & { warmup?: Load }) =>
    `| ${label} | ${r.requests} | ${r.rps} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.p99)} | ${Object.keys(r.statuses).join(", ")} | ${r.warmup ? `${r.warmup.rps} req/s, p95 ${ms(r.warmup.p95)}` : "none"} |`;
  console.log(`\nResults in ${path.relative(root, file)}\n`);
  console.log(`- next build: ${results.buildSeconds ?? "skipped"} s; cold start to first 200 (/api/health): ${results.coldStartToHealthMs} ms; first page render: ${results.firstPageRenderMs} ms`);
  console.log(`\n| GET /api/v1/apis (${values.connections} connections, ${values.seconds} s) | requests | req/s | p50 ms | p95 ms | p99 ms | statuses | ${values.warmup} s warm-up before it |\n|---|---|---|---|---|---|---|---|`);
  console.log(row("12 APIs, first page", results.list12 as Load));
  console.log(row("2,000 APIs, first page", results.list2000 as Load));
  console.log(row("2,000 APIs, filtered + search + sort", results.list2000Filtered as Load));
  console.log(`\n| Dashboard at ${JSON.stringify(results.riskRows)} (${values.connections} connections, ${values.seconds} s) | requests | req/s | p50 ms | p95 ms | p99 ms | statuses | ${values.warmup} s warm-up before it |\n|---|---|---|---|---|---|---|---|`);
  console.log(row("GET /api/v1/dashboard (target p95 ≤ 100 ms)", results.dashboardJson as Load));
  console.log(row("GET /api/v1/dashboard?team=…&exposure=INTERNET", results.dashboardJsonFiltered as Load));
  console.log(row("GET /acme-payments/dashboard, the page (target p95 ≤ 150 ms)", results.dashboardPage as Load));
  const uncached = results.dashboardUncachedMs as { median: number; max: number; runs: number };
  console.log(`\n- server: ${values.workers} worker process(es); dashboard JSON computed afresh (cache missed), one request at a time: median ${uncached.median} ms, max ${uncached.max} ms over ${uncached.runs} requests`);
  const spec = results.specImport as Awaited<ReturnType<typeof benchSpecImport>>;
  console.log(`\n- spec import, ${spec.operations} operations (${(spec.specBytes / 1024).toFixed(0)} KB YAML, ${spec.findings} findings): median ${spec.medianMs} ms over ${spec.runsMs.length} runs (${spec.runsMs.join(", ")}); stages ${JSON.stringify(spec.medianStageMs)}; server peak RSS ${spec.serverPeakRssMbBefore} → ${spec.serverPeakRssMbAfter} MB`);
}

/** Peak resident memory so far (VmHWM), in MB, of the server process or its largest worker. */
function peakRssMb(pid: number): number {
  const workers = childProcessesOf(pid);
  const peak = (one: number) => {
    try {
      return Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${one}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      return 0;
    }
  };
  return Math.round(Math.max(peak(pid), ...workers.map(peak)) / 1024);
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Imports a generated 1,000-operation spec (parse + validate + lint + save) into fresh APIs, over HTTP. */
async function benchSpecImport(base: string, cookie: string) {
  const spec = generateSpec(1000);
  const statePid = Number(JSON.parse(readFileSync(STATE_FILE, "utf8")).pid);
  const peakBefore = peakRssMb(statePid);
  const runs: { ms: number; timings: Record<string, number>; operations: number; findings: number }[] = [];
  const maxHealthDuringImport: number[] = [];
  for (let run = 0; run < 5; run++) {
    const created = await fetch(`${base}/api/v1/apis`, { method: "POST", headers: { cookie, "content-type": "application/json" }, body: JSON.stringify({ name: `Spec bench ${run} ${Date.now()}` }) });
    const { data } = (await created.json()) as { data: { id: string } };
    const started = performance.now();
    // Meanwhile, other requests must still be answered promptly (the analysis runs off the event loop).
    let importing = true;
    const healthLatencies: number[] = [];
    const probe = (async () => {
      while (importing) {
        const sent = performance.now();
        await fetch(`${base}/api/health`);
        healthLatencies.push(performance.now() - sent);
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    })();
    const response = await fetch(`${base}/api/v1/apis/${data.id}/spec`, { method: "POST", headers: { cookie, "content-type": "application/yaml" }, body: spec });
    const ms = Math.round(performance.now() - started);
    importing = false;
    await probe;
    maxHealthDuringImport.push(Math.round(Math.max(...healthLatencies)));
    if (response.status !== 201) throw new Error(`spec import answered ${response.status}: ${await response.text()}`);
    const body = (await response.json()) as { data: { timings: Record<string, number>; operationCount: number; findingCount: number } };
    runs.push({ ms, timings: body.data.timings, operations: body.data.operationCount, findings: body.data.findingCount });
    console.log(`  import ${run + 1}: ${ms} ms ${JSON.stringify(body.data.timings)}; slowest /api/health meanwhile ${maxHealthDuringImport.at(-1)} ms`);
  }
  return {
    specBytes: Buffer.byteLength(spec),
    operations: runs[0]!.operations,
    findings: runs[0]!.findings,
    medianMs: median(runs.map((r) => r.ms)),
    runsMs: runs.map((r) => r.ms),
    medianStageMs: Object.fromEntries(Object.keys(runs[0]!.timings).map((key) => [key, median(runs.map((r) => r.timings[key] ?? 0))])),
    slowestHealthDuringImportMs: maxHealthDuringImport,
    serverPeakRssMbBefore: peakBefore,
    serverPeakRssMbAfter: peakRssMb(statePid),
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
