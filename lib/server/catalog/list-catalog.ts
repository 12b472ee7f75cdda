import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

// The checklist an organisation sees: the built-in entries (minus those it switched off) and
// its own entries, grouped by the built-in categories.

export type TChecklistEntry = {
  key: string;
  category: string;
  title: string;
  question: string;
  whyItMatters: string;
  howToTell: string;
  mitigations: { title: string; description: string }[];
  references: { label: string; url: string }[];
  owaspApi: string[];
  stride: string[];
  cwe: string[];
  builtIn: boolean;
  disabled: boolean;
  version: number | null;
};

export type TChecklistCategory = { key: string; title: string; description: string };

const entryFields = {
  key: true,
  category: true,
  title: true,
  question: true,
  whyItMatters: true,
  howToTell: true,
  mitigations: true,
  references: true,
  owaspApi: true,
  stride: true,
  cwe: true,
} as const;

type TStoredEntry = Prisma.CatalogEntryGetPayload<{ select: typeof entryFields }>;

function toEntry(row: TStoredEntry, extra: { builtIn: boolean; disabled: boolean; version: number | null }): TChecklistEntry {
  return {
    ...row,
    mitigations: row.mitigations as TChecklistEntry["mitigations"],
    references: row.references as TChecklistEntry["references"],
    ...extra,
  };
}

async function listCategories(): Promise<TChecklistCategory[]> {
  return db.catalogCategory.findMany({ select: { key: true, title: true, description: true }, orderBy: { position: "asc" } });
}

/** Every entry the organisation can use, in wizard order; switched-off ones only when asked. */
export async function listCatalog(caller: TOrgScope, options: { includeDisabled?: boolean; keys?: string[] } = {}) {
  const keyFilter = options.keys ? { key: { in: options.keys } } : {};
  const [categories, builtIns, settings, own] = await Promise.all([
    listCategories(),
    db.catalogEntry.findMany({ where: keyFilter, select: entryFields, orderBy: { position: "asc" } }),
    db.orgCatalogSetting.findMany({ where: inOrg(caller), select: { entryKey: true, disabled: true } }),
    db.orgCatalogEntry.findMany({ where: inOrg(caller, keyFilter), select: { ...entryFields, disabled: true, version: true }, orderBy: { createdAt: "asc" } }),
  ]);
  const off = new Set(settings.filter((setting) => setting.disabled).map((setting) => setting.entryKey));
  const order = new Map(categories.map((category, index) => [category.key, index]));
  const entries = [
    ...builtIns.map((row) => toEntry(row, { builtIn: true, disabled: off.has(row.key), version: null })),
    ...own.map(({ disabled, version, ...row }) => toEntry(row, { builtIn: false, disabled, version })),
  ]
    .filter((entry) => options.includeDisabled || !entry.disabled)
    // Stable sort: category order first, then the catalogue's own order within a category.
    .sort((a, b) => (order.get(a.category) ?? 99) - (order.get(b.category) ?? 99));
  return { categories, entries };
}
