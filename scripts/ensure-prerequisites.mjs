#!/usr/bin/env node
// The first step of `npm test` and of .ci/run: everything the suites need that npm does not
// install is found here, installed where this machine allows it, or explained in one message
// naming the command to run — before minutes go into the earlier suites.
//
// Environment:
//   BULWARK_INSTALL_PREREQUISITES=never   only look and explain; install nothing
//   BULWARK_SYSTEM_CHROMIUM_PATHS=a:b     where to look for a packaged Chromium (default: Debian's paths)
//   CHROME_PATH                           a Chromium or Chrome to use instead of any other
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findChromium, SYSTEM_CHROMIUM_PATHS } from "./lib/chromium.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const mayInstall = process.env.BULWARK_INSTALL_PREREQUISITES !== "never";
const systemPaths = process.env.BULWARK_SYSTEM_CHROMIUM_PATHS?.split(":").filter(Boolean) ?? SYSTEM_CHROMIUM_PATHS;

/** @param {string} text */
const say = (text) => console.log(`prerequisites: ${text}`);

/**
 * @param {string} command
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function run(command, args, env = process.env) {
  say(`running ${[command, ...args].join(" ")}`);
  // Package managers print hundreds of progress lines: show them only when the step fails.
  const result = spawnSync(command, args, { stdio: ["ignore", "pipe", "pipe"], env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}${result.error ? `${result.error.message}\n` : ""}`);
  }
  return result.status === 0;
}

/** @param {string} command */
function onPath(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Root, or sudo that asks for no password (so CI and scripts never hang on a prompt). */
function privilegePrefix() {
  if (process.getuid?.() === 0) return [];
  if (onPath("sudo") && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0) return ["sudo"];
  return null;
}

function installChromiumWithApt() {
  const prefix = privilegePrefix();
  if (!prefix || !onPath("apt-get")) return false;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  /** @param {string[]} args */
  const apt = (args) => (prefix.length ? run("sudo", ["-n", "apt-get", ...args], env) : run("apt-get", args, env));
  say("installing Debian's Chromium (about a minute)…");
  return apt(["update", "-qq"]) && apt(["install", "-y", "-qq", "chromium"]);
}

function installChromiumWithPlaywright() {
  const cli = path.join(root, "node_modules", ".bin", "playwright");
  if (!existsSync(cli)) return false;
  say("installing Playwright's Chromium…");
  return run(cli, ["install", "chromium"]);
}

const CHROMIUM_HELP = `npm test needs Chromium for its end-to-end tests, and none was found${mayInstall ? " or could be installed" : ""}.
Looked at: CHROME_PATH, ${systemPaths.join(", ")}, and Playwright's downloaded browsers.
Install one, then run npm test again:
  sudo apt-get install -y chromium      (Debian or Ubuntu)
  npx playwright install chromium       (a machine that reaches Playwright's download host)
or point CHROME_PATH at an installed Chromium or Chrome.
To run the other suites without a browser: npm run test:unit, npm run test:integration.`;

function ensureChromium() {
  const found = findChromium({ systemPaths });
  if (found) {
    say(`Chromium: ${found.path} (${found.source})`);
    return true;
  }
  if (mayInstall && (installChromiumWithApt() || installChromiumWithPlaywright())) {
    const installed = findChromium({ systemPaths });
    if (installed) {
      say(`Chromium installed: ${installed.path}`);
      return true;
    }
  }
  console.error(`\n${CHROMIUM_HELP}\n`);
  return false;
}

function ensureDependencies() {
  if (existsSync(path.join(root, "node_modules", ".bin", "next")) && existsSync(path.join(root, "lib", "generated", "prisma"))) return true;
  console.error("\nnpm test needs the project's dependencies and its generated Prisma client. Run npm install, then npm test again.\n");
  return false;
}

// Each check reports on its own, so one run names every missing piece.
const results = [ensureDependencies(), ensureChromium()];
process.exit(results.every(Boolean) ? 0 : 1);
