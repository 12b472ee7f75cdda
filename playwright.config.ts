import { defineConfig, devices } from "@playwright/test";
import { E2E_BASE_URL } from "./e2e/support/constants";
import { chromiumLaunchOptions, findChromium } from "./scripts/lib/chromium.mjs";

// CHROME_PATH, then Debian's Chromium, then Playwright's own: the browser that
// scripts/ensure-prerequisites.mjs found or installed before the suites started.
const launchOptions = chromiumLaunchOptions(findChromium());

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  // Budgets for a busy 2-core machine running two test workers, Chromium and the app at once:
  // a full page load after sign-in took over 7 s there, and the MFA/SSO flows several of them.
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  globalTeardown: "./e2e/support/global-teardown.ts",
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions,
  },
  projects: [
    { name: "setup", testMatch: /.*\.setup\.ts/ },
    { name: "chromium", use: { ...devices["Desktop Chrome"], launchOptions }, dependencies: ["setup"], testIgnore: /.*\.setup\.ts/ },
  ],
  webServer: {
    command: "npx tsx e2e/support/start-e2e-server.ts",
    url: `${E2E_BASE_URL}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 15_000 },
  },
});
