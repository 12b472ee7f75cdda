// Runs `prisma generate`. Prisma's CLI insists on a native schema engine even though generating
// the Rust-free client does not use it; where the engine could not be downloaded (offline
// machines), any existing file satisfies the check.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

const enginesDir = path.join(process.cwd(), "node_modules", "@prisma", "engines");
const hasEngine = existsSync(enginesDir) && readdirSync(enginesDir).some((name) => name.startsWith("schema-engine"));
const env = { ...process.env };
if (!hasEngine && !env.PRISMA_SCHEMA_ENGINE_BINARY) env.PRISMA_SCHEMA_ENGINE_BINARY = process.execPath;

if (!existsSync(path.join("node_modules", ".bin", "prisma"))) {
  console.log("prisma CLI not installed (production install?); skipping prisma generate.");
  process.exit(0);
}
const result = spawnSync(path.join("node_modules", ".bin", "prisma"), ["generate"], { stdio: "inherit", env });
process.exit(result.status ?? 1);
