import { createDbClient } from "@/lib/db/client";
import { syncBuiltinCatalog } from "@/lib/db/catalog-sync";
import { migrate, type MigrateResult } from "@/lib/db/migrate";
import { rederiveOperationModels, type TRederiveResult } from "@/lib/db/operation-models";

/**
 * Migrations, the built-in reference data (the threat catalogue), then operation models for
 * operations imported before them (within a time budget). Safe to run on every start.
 */
export async function prepareDatabase(url: string): Promise<MigrateResult & { catalogVersion: number; catalogEntries: number; operationModels: TRederiveResult }> {
  const migration = await migrate(url);
  const client = createDbClient({ url, poolMax: 2 });
  try {
    const catalog = await syncBuiltinCatalog(client);
    const operationModels = await rederiveOperationModels(client);
    return { ...migration, catalogVersion: catalog.version, catalogEntries: catalog.entries, operationModels };
  } finally {
    await client.$disconnect();
  }
}
