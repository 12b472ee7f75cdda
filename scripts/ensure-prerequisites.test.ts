import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");
const scratch = mkdtempSync(path.join(os.tmpdir(), "bulwark-prereq-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// A machine without any browser: no CHROME_PATH, no packaged Chromium where we look, an empty
// Playwright browser cache, and installing switched off so the test never changes this machine.
function browserlessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { CHROME_PATH: _ignored, ...rest } = process.env;
  return {
    ...rest,
    BULWARK_INSTALL_PREREQUISITES: "never",
    BULWARK_SYSTEM_CHROMIUM_PATHS: path.join(scratch, "no-such-chromium"),
    PLAYWRIGHT_BROWSERS_PATH: path.join(scratch, "empty-browser-cache"),
    ...extra,
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(command, args, { cwd: root, env, encoding: "utf8", timeout: 60_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe("ensure-prerequisites", () => {
  it("stops with the documented message and a non-zero exit when no browser can be found or installed", () => {
    const { status, output } = run("node", ["scripts/ensure-prerequisites.mjs"], browserlessEnv());
    expect(status).toBe(1);
    expect(output).toContain("npm test needs Chromium for its end-to-end tests, and none was found.");
    expect(output).toContain("sudo apt-get install -y chromium");
    expect(output).toContain("npx playwright install chromium");
    expect(output).toContain("npm run test:unit, npm run test:integration");
  });

  it("npm test stops at that step, before any other suite starts", () => {
    const started = Date.now();
    const { status, output } = run("bash", ["scripts/test-all.sh"], browserlessEnv());
    expect(status).not.toBe(0);
    expect(output).toContain("npm test needs Chromium");
    expect(output).not.toContain("== typecheck");
    // Typecheck alone takes longer than this; the step must come first and fail fast.
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("accepts the browser named by CHROME_PATH", () => {
    const fakeChrome = path.join(scratch, "chrome");
    writeFileSync(fakeChrome, "#!/bin/sh\nexit 0\n");
    chmodSync(fakeChrome, 0o755);
    const { status, output } = run("node", ["scripts/ensure-prerequisites.mjs"], browserlessEnv({ CHROME_PATH: fakeChrome }));
    expect(output).toContain(`Chromium: ${fakeChrome} (CHROME_PATH)`);
    expect(status).toBe(0);
  });

  it("ignores a CHROME_PATH that is not an executable file", () => {
    const notExecutable = path.join(scratch, "not-a-browser.txt");
    writeFileSync(notExecutable, "text");
    const { status, output } = run("node", ["scripts/ensure-prerequisites.mjs"], browserlessEnv({ CHROME_PATH: notExecutable }));
    expect(status).toBe(1);
    expect(output).toContain("npm test needs Chromium");
  });
});
