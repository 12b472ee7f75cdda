import "server-only";
import { AppError, fieldError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { slugify } from "@/lib/core/organization/slugify";
import { inOrg, type TCaller, type TOrgScope } from "@/lib/server/scope";
import type { TCatalogEntryInput } from "@/lib/validation/catalog";

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

export async function listCategories(): Promise<TChecklistCategory[]> {
  return db.catalogCategory.findMany({ select: { key: true, title: true, description: true }, orderBy: { position: "asc" } });
}

/** Every entry the organisation can use, in wizard order; switched-off ones only when asked. */
export async function listCatalog(scope: TOrgScope, options: { includeDisabled?: boolean; keys?: string[] } = {}) {
  const keyFilter = options.keys ? { key: { in: options.keys } } : {};
  const [categories, builtIns, settings, own] = await Promise.all([
    listCategories(),
    db.catalogEntry.findMany({ where: keyFilter, select: entryFields, orderBy: { position: "asc" } }),
    db.orgCatalogSetting.findMany({ where: inOrg(scope), select: { entryKey: true, disabled: true } }),
    db.orgCatalogEntry.findMany({ where: inOrg(scope, keyFilter), select: { ...entryFields, disabled: true, version: true }, orderBy: { createdAt: "asc" } }),
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

export async function setBuiltinEntryDisabled(caller: TCaller, key: string, disabled: boolean) {
  const entry = await db.catalogEntry.findUnique({ where: { key }, select: { key: true } });
  if (!entry) throw notFound("catalogue entry");
  await db.orgCatalogSetting.upsert({
    where: { orgId_entryKey: { orgId: caller.orgId, entryKey: key } },
    create: { orgId: caller.orgId, entryKey: key, disabled },
    update: { disabled },
  });
  await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: disabled ? "catalog.entry_disabled" : "catalog.entry_enabled", targetType: "catalog_entry", targetId: key, ip: caller.ip, userAgent: caller.userAgent });
}

async function assertCategory(category: string) {
  if (!(await db.catalogCategory.findUnique({ where: { key: category }, select: { key: true } }))) {
    throw new AppError("VALIDATION_FAILED", "Choose one of the checklist's categories.", { fieldErrors: [fieldError("category", "Unknown category.")] });
  }
}

const contentOf = (input: TCatalogEntryInput) => ({
  category: input.category,
  title: input.title,
  question: input.question,
  whyItMatters: input.whyItMatters,
  howToTell: input.howToTell,
  mitigations: input.mitigations as Prisma.InputJsonValue,
  references: input.references as Prisma.InputJsonValue,
  owaspApi: input.owaspApi,
  stride: input.stride,
  cwe: input.cwe,
});

export async function createOrgEntry(caller: TCaller, input: TCatalogEntryInput) {
  await assertCategory(input.category);
  // "org-" keeps an organisation's keys apart from built-in ones, now and in later releases.
  const base = `org-${slugify(input.title).slice(0, 60)}`;
  let key = base;
  for (let n = 2; await db.orgCatalogEntry.findFirst({ where: inOrg(caller, { key }), select: { id: true } }); n++) key = `${base}-${n}`;
  const created = await db.orgCatalogEntry.create({ data: { orgId: caller.orgId, key, createdById: caller.userId, ...contentOf(input) }, select: { key: true } });
  await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "catalog.entry_created", targetType: "catalog_entry", targetId: created.key, ip: caller.ip, userAgent: caller.userAgent, metadata: { title: input.title } });
  return created;
}

export async function updateOrgEntry(caller: TCaller, key: string, change: { entry?: TCatalogEntryInput; disabled?: boolean; version?: number }) {
  const existing = await db.orgCatalogEntry.findFirst({ where: inOrg(caller, { key }), select: { id: true, version: true } });
  if (!existing) throw notFound("catalogue entry");
  if (change.entry) await assertCategory(change.entry.category);
  if (change.entry && change.version === undefined) throw new AppError("VALIDATION_FAILED", "Send the version you last read.", { fieldErrors: [fieldError("version", "Required when editing.")] });
  const { count } = await db.orgCatalogEntry.updateMany({
    where: { id: existing.id, orgId: caller.orgId, ...(change.version !== undefined ? { version: change.version } : {}) },
    data: { ...(change.entry ? contentOf(change.entry) : {}), ...(change.disabled !== undefined ? { disabled: change.disabled } : {}), version: { increment: 1 } },
  });
  if (count === 0) throw new AppError("CONFLICT", "Someone else changed this entry since you opened it. Reload to see their changes.");
  await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "catalog.entry_updated", targetType: "catalog_entry", targetId: key, ip: caller.ip, userAgent: caller.userAgent });
}

export async function deleteOrgEntry(caller: TCaller, key: string) {
  const { count } = await db.orgCatalogEntry.deleteMany({ where: inOrg(caller, { key }) });
  if (count === 0) throw notFound("catalogue entry");
  await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "catalog.entry_deleted", targetType: "catalog_entry", targetId: key, ip: caller.ip, userAgent: caller.userAgent });
}

/** Built-in entries can be switched on or off; the organisation's own can also be edited. */
export async function changeCatalogEntry(caller: TCaller, key: string, change: { entry?: TCatalogEntryInput; disabled?: boolean; version?: number }) {
  const builtIn = await db.catalogEntry.findUnique({ where: { key }, select: { key: true } });
  if (!builtIn) return updateOrgEntry(caller, key, change);
  if (change.entry) throw new AppError("FORBIDDEN", "Built-in entries cannot be edited; switch this one off and add your own version.");
  if (change.disabled !== undefined) await setBuiltinEntryDisabled(caller, key, change.disabled);
}
