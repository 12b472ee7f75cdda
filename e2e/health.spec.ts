import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { findFreePort } from "../lib/db/embedded";
import { childProcessesOf } from "../scripts/lib/processes";

// Starts a second Bulwark on its own embedded PostgreSQL, then kills that database under it.
test("health answers 200 with the database up and 503 within 3 s once it is gone", async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), "bulwark-health-"));
  const port = await findFreePort();
  const stateFile = path.join(dir, "state.json");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: "health-test-secret-that-is-long-enough-0123456789",
    EMBEDDED_PG_DIR: path.join(dir, "postgres"),
    BULWARK_SEED_DEMO: "false",
    BULWARK_SKIP_BUILD: "true",
    BULWARK_STATE_FILE: stateFile,
  };
  delete env.DATABASE_URL;
  const server = spawn("npx", ["tsx", "scripts/start.ts"], { env, detached: true, stdio: "ignore" });
  try {
    await expect.poll(() => existsSync(stateFile), { timeout: 60_000 }).toBe(true);
    const url = `http://127.0.0.1:${port}/api/health`;
    const up = await fetch(url);
    expect(up.status).toBe(200);
    expect(await up.json()).toEqual({ status: "ok", db: "ok" });

    const { embeddedDir } = JSON.parse(readFileSync(stateFile, "utf8")) as { embeddedDir: string };
    const postmasterPid = Number(readFileSync(path.join(embeddedDir, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(postmasterPid, "SIGKILL");
    await expect.poll(() => { try { process.kill(postmasterPid, 0); return true; } catch { return false; } }).toBe(false);

    for (let attempt = 0; attempt < 2; attempt++) {
      const started = Date.now();
      const down = await fetch(url);
      const elapsed = Date.now() - started;
      expect(down.status).toBe(503);
      expect(await down.json()).toEqual({ status: "degraded", db: "unreachable" });
      expect(elapsed).toBeLessThan(3_000);
    }
  } finally {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// WEB_CONCURRENCY > 1: the primary prepares the database once and forks workers that share the port.
test("with WEB_CONCURRENCY=2 two worker processes serve, and SIGTERM stops them and the database", async () => {
  test.setTimeout(120_000);
  const dir = mkdtempSync(path.join(os.tmpdir(), "bulwark-workers-"));
  const port = await findFreePort();
  const stateFile = path.join(dir, "state.json");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
    NEXTAUTH_SECRET: "workers-test-secret-that-is-long-enough-0123456789",
    EMBEDDED_PG_DIR: path.join(dir, "postgres"),
    BULWARK_SEED_DEMO: "false",
    BULWARK_SKIP_BUILD: "true",
    BULWARK_STATE_FILE: stateFile,
    WEB_CONCURRENCY: "2",
  };
  delete env.DATABASE_URL;
  const server = spawn("npx", ["tsx", "scripts/start.ts"], { env, detached: true, stdio: "ignore" });
  try {
    await expect.poll(() => existsSync(stateFile), { timeout: 90_000 }).toBe(true);
    const { pid: primary, embeddedDir } = JSON.parse(readFileSync(stateFile, "utf8")) as { pid: number; embeddedDir: string };
    const workers = childProcessesOf(primary).filter((pid) => readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("scripts/start.ts"));
    expect(workers).toHaveLength(2);
    // A new connection each time: the primary hands connections (not requests) to the workers in turn.
    // A worker's first request also opens its database pool, which can outlast the health check's
    // 2.5 s budget on a loaded machine: each connection gets a few seconds to answer 200.
    for (let i = 0; i < 10; i++) {
      await expect
        .poll(async () => (await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { connection: "close" } })).status, { timeout: 20_000 })
        .toBe(200);
    }
    // Warm now: every connection, whichever worker takes it, answers 200 at once.
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await fetch(`http://127.0.0.1:${port}/api/health`, { headers: { connection: "close" } })).status);
    expect(statuses).toEqual(Array(10).fill(200));
    // Signed-out pages work from every worker too (each one prepared its own Next.js).
    expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);

    const postmasterPid = Number(readFileSync(path.join(embeddedDir, "postmaster.pid"), "utf8").split("\n")[0]);
    process.kill(primary, "SIGTERM");
    await expect.poll(() => [primary, ...workers, postmasterPid].filter(alive), { timeout: 20_000 }).toEqual([]);
  } finally {
    if (server.pid) {
      try {
        process.kill(-server.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
});
