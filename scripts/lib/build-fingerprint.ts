import { createHash } from "node:crypto";
import { readdir, stat } from "node:fs/promises";
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
