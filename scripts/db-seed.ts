// npm run db:seed: adds the demo organisations to an empty database (DATABASE_URL, or the
// embedded one). Running it is the explicit request that BULWARK_SEED_DEMO=auto waits for.
import { randomBytes } from "node:crypto";
import { createDbClient } from "@/lib/db/client";
import { prepareDatabase } from "@/lib/db/prepare";
import { env } from "@/lib/env";
import { DEMO_EMAILS, isDatabaseEmpty, seedDemoData } from "@/prisma/seed";
import { resolveDatabase } from "./lib/database";

const database = await resolveDatabase({ databaseUrl: env.DATABASE_URL, embeddedDir: env.EMBEDDED_PG_DIR });
const client = createDbClient({ url: database.url, poolMax: 2 });
try {
  await prepareDatabase(database.url);
  if (!(await isDatabaseEmpty(client))) {
    console.log("The database already has organisations or users; demo data is only added to an empty one.");
  } else {
    const password = env.BULWARK_DEMO_PASSWORD ?? randomBytes(12).toString("base64url");
    await seedDemoData(client, password);
    console.log("Seeded Acme Payments and Globex. Sign in as:");
    for (const { email, role, org } of DEMO_EMAILS) console.log(`  ${email.padEnd(20)} ${role.toLowerCase().padEnd(7)} ${org}`);
    console.log(env.BULWARK_DEMO_PASSWORD ? "  password: as set in BULWARK_DEMO_PASSWORD" : `  password: ${password}`);
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await client.$disconnect();
  await database.stop();
}
