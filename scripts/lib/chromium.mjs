// Where the end-to-end tests find Chromium. One answer for both the prerequisite step
// (scripts/ensure-prerequisites.mjs) and playwright.config.ts, so the step never approves a
// browser that Playwright then fails to launch. Plain JavaScript: it runs before dependencies
// are known to be installed.
import { accessSync, constants } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** Debian's and Ubuntu's packaged Chromium, in the order they are tried. */
export const SYSTEM_CHROMIUM_PATHS = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

/** Flags a packaged Chromium needs in containers and on offline machines. */
export const SYSTEM_CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** @param {string | undefined} file */
function isExecutable(file) {
  if (!file) return false;
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The browser Playwright downloads with `npx playwright install chromium`, if present.
 * @returns {string | null}
 */
function findPlaywrightChromium() {
  try {
    /** @type {typeof import("playwright-core")} */
    const { chromium } = require("playwright-core");
    const file = chromium.executablePath();
    return isExecutable(file) ? file : null;
  } catch {
    // playwright-core missing (no npm install yet) or no browser registry entry.
    return null;
  }
}

/**
 * @typedef {{ path: string, source: "CHROME_PATH" | "system" | "playwright" }} TChromium
 * @param {{ chromePath?: string, systemPaths?: string[] }} [options]
 * @returns {TChromium | null}
 */
export function findChromium(options = {}) {
  const chromePath = options.chromePath ?? process.env.CHROME_PATH;
  if (isExecutable(chromePath)) return { path: /** @type {string} */ (chromePath), source: "CHROME_PATH" };
  for (const file of options.systemPaths ?? SYSTEM_CHROMIUM_PATHS) {
    if (isExecutable(file)) return { path: file, source: "system" };
  }
  const downloaded = findPlaywrightChromium();
  return downloaded ? { path: downloaded, source: "playwright" } : null;
}

/**
 * Playwright launch options for the browser found: a packaged or CHROME_PATH browser is named
 * with the flags it needs; Playwright's own needs nothing.
 * @param {TChromium | null} found
 */
export function chromiumLaunchOptions(found) {
  if (!found || found.source === "playwright") return {};
  return { executablePath: found.path, args: SYSTEM_CHROMIUM_ARGS };
}
