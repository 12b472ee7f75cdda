import { createDbClient } from "@/lib/db/client";
import { syncBuiltinCatalog } from "@/lib/db/catalog-sync";
import { migrate, type MigrateResult } from "@/lib/db/migrate";

/** Migrations, then the built-in reference data (the threat catalogue). Safe to run on every start. */
export async function prepareDatabase(url: string): Promise<MigrateResult & { catalogVersion: number; catalogEntries: number }> {
  const migration = await migrate(url);
  const client = createDbClient({ url, poolMax: 2 });
  try {
    const catalog = await syncBuiltinCatalog(client);
    return { ...migration, catalogVersion: catalog.version, catalogEntries: catalog.entries };
  } finally {
    await client.$disconnect();
  }
}
