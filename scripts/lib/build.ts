import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";

// What `next build` reads. When none of it changed since the last build, `npm start` reuses it.
const INPUTS = ["app", "components", "lib", "public", "types", "proxy.ts", "next.config.js", "postcss.config.mjs", "tsconfig.json", "package.json", "package-lock.json"];

async function collect(file: string, out: string[]): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (!info) return;
  if (info.isDirectory()) {
    for (const entry of await readdir(file)) await collect(path.join(file, entry), out);
    return;
  }
  out.push(`${file}:${info.size}:${info.mtimeMs}`);
}

export async function buildFingerprint(root: string): Promise<string> {
  const entries: string[] = [];
  for (const input of INPUTS) await collect(path.join(root, input), entries);
  entries.sort();
  return createHash("sha256").update(entries.join("\n")).update(process.env.NEXTAUTH_URL ?? "").digest("hex");
}

const markerFile = (root: string) => path.join(root, ".next", "bulwark-build-fingerprint");

export async function isBuildCurrent(root: string, fingerprint: string): Promise<boolean> {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(markerFile(root))) return false;
  return (await readFile(markerFile(root), "utf8")).trim() === fingerprint;
}

/** Runs `next build` and records what it was built from. Returns the seconds it took. */
export async function runBuild(root: string): Promise<number> {
  const started = Date.now();
  const result = spawnSync(path.join(root, "node_modules", ".bin", "next"), ["build"], { stdio: "inherit", env: process.env });
  if (result.status !== 0) throw new Error("next build failed; see the output above.");
  // Taken after the build, because next build may rewrite tsconfig.json or other inputs itself.
  await writeFile(markerFile(root), await buildFingerprint(root));
  return (Date.now() - started) / 1000;
}
