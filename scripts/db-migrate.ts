// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database.
import { env } from "@/lib/env";
import { migrate } from "@/lib/db/migrate";
import { resolveDatabase } from "./lib/database";

const database = await resolveDatabase({ databaseUrl: env.DATABASE_URL, embeddedDir: env.EMBEDDED_PG_DIR });
try {
  const result = await migrate(database.url);
  console.log(result.applied.length ? `Applied: ${result.applied.join(", ")}` : `Up to date (${result.alreadyApplied} migrations applied before).`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.stop();
}
