// npm run db:migrate: applies pending migrations to DATABASE_URL, or to the embedded database.
import { env } from "@/lib/env";
import { describeRederive } from "@/lib/db/operation-models";
import { prepareDatabase } from "@/lib/db/prepare";
import { resolveDatabase } from "./lib/database";

const database = await resolveDatabase({ databaseUrl: env.DATABASE_URL, embeddedDir: env.EMBEDDED_PG_DIR });
try {
  const result = await prepareDatabase(database.url);
  console.log(result.applied.length ? `Applied: ${result.applied.join(", ")}` : `Up to date (${result.alreadyApplied} migrations applied before).`);
  console.log(`Threat catalogue version ${result.catalogVersion}: ${result.catalogEntries} built-in entries.`);
  const rederived = describeRederive(result.operationModels);
  if (rederived) console.log(rederived);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.stop();
}
