import { readFile } from "node:fs/promises";
import path from "node:path";
import type { DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ZCatalogFile, type TCatalogFile } from "@/lib/core/threat-models/catalog-schema";

// The built-in threat catalogue ships as a versioned file and is copied into the database at
// start-up. Only built-in rows are written: organisations' own entries and their choices about
// built-ins (switched off) live in other tables, so an upgrade never clobbers them.

export const CATALOG_FILE = path.join(process.cwd(), "prisma", "catalog", "threat-catalog.json");

export async function readCatalogFile(file = CATALOG_FILE): Promise<TCatalogFile> {
  return ZCatalogFile.parse(JSON.parse(await readFile(file, "utf8")));
}

export async function syncBuiltinCatalog(client: DbClient, file = CATALOG_FILE): Promise<{ version: number; entries: number }> {
  const catalog = await readCatalogFile(file);
  await client.$transaction(async (tx) => {
    for (const [position, category] of catalog.categories.entries()) {
      const data = { title: category.title, description: category.description, position, catalogVersion: catalog.version };
      await tx.catalogCategory.upsert({ where: { key: category.key }, create: { key: category.key, ...data }, update: data });
    }
    for (const [position, entry] of catalog.entries.entries()) {
      const data = {
        category: entry.category,
        title: entry.title,
        question: entry.question,
        whyItMatters: entry.whyItMatters,
        howToTell: entry.howToTell,
        mitigations: entry.mitigations as Prisma.InputJsonValue,
        references: entry.references as Prisma.InputJsonValue,
        owaspApi: entry.owaspApi,
        stride: entry.stride,
        cwe: entry.cwe,
        seedTopics: entry.seedTopics,
        position,
        catalogVersion: catalog.version,
      };
      await tx.catalogEntry.upsert({ where: { key: entry.key }, create: { key: entry.key, ...data }, update: data });
    }
    // ~90 upserts: well under a second normally, but a start-up on a loaded machine must not
    // fail on Prisma's default 5 s interactive-transaction limit.
  }, { timeout: 120_000, maxWait: 30_000 });
  return { version: catalog.version, entries: catalog.entries.length };
}
