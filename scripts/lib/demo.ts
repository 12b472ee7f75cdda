import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { createDbClient } from "@/lib/db/client";
import { env } from "@/lib/env";
import { DEMO_EMAILS, isDatabaseEmpty, seedDemoData } from "@/prisma/seed";


function printLogins(log: (line: string) => void, password: string | null) {
  log("Demo sign-ins (two organisations, to show they are kept apart):");
  for (const { email, role, org } of DEMO_EMAILS) log(`  ${email.padEnd(20)} ${role.toLowerCase().padEnd(7)} ${org}`);
  log(password ? `  password: ${password}` : "  password: as set in BULWARK_DEMO_PASSWORD");
}

/**
 * Seeds the demo organisations into an empty database when allowed: always with
 * BULWARK_SEED_DEMO=true, and by default ("auto") only into the embedded database, so a real
 * deployment on an external PostgreSQL never gets demo accounts unless asked.
 */
export async function seedIfEmpty(options: { url: string; embedded: boolean; embeddedDir: string; log: (line: string) => void }) {
  const allowed = env.BULWARK_SEED_DEMO === "true" || (env.BULWARK_SEED_DEMO === "auto" && options.embedded);
  if (!allowed) return;
  // Beside the database it belongs to, so two embedded databases never share one.
  const passwordFile = `${path.resolve(options.embeddedDir)}.demo-password`;
  const client = createDbClient({ url: options.url, poolMax: 2 });
  try {
    if (!(await isDatabaseEmpty(client))) {
      if (options.embedded && existsSync(passwordFile)) printLogins(options.log, (await readFile(passwordFile, "utf8")).trim());
      return;
    }
    const password = env.BULWARK_DEMO_PASSWORD ?? randomBytes(12).toString("base64url");
    await seedDemoData(client, password);
    options.log("Seeded the demo organisations Acme Payments and Globex.");
    // The embedded database is a local demo; keeping its random password beside it lets a
    // second start print the sign-in again. External databases never get this file.
    if (options.embedded && !env.BULWARK_DEMO_PASSWORD) await writeFile(passwordFile, password, { mode: 0o600 });
    printLogins(options.log, env.BULWARK_DEMO_PASSWORD ? null : password);
  } finally {
    await client.$disconnect();
  }
}
