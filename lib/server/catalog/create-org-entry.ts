import "server-only";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { slugify } from "@/lib/core/organization/slugify";
import { inOrg, type TCaller } from "@/lib/server/scope";
import type { TCatalogEntryInput } from "@/lib/validation/catalog";
import { assertCategory, contentOf } from "./catalog-entry-content";

export async function createOrgEntry(caller: TCaller, input: TCatalogEntryInput) {
  await assertCategory(db, input.category);
  // "org-" keeps an organisation's keys apart from built-in ones, now and in later releases.
  const base = `org-${slugify(input.title).slice(0, 60)}`;
  let key = base;
  for (let n = 2; await db.orgCatalogEntry.findFirst({ where: inOrg(caller, { key }), select: { id: true } }); n++) key = `${base}-${n}`;
  const created = await db.orgCatalogEntry.create({ data: { orgId: caller.orgId, key, createdById: caller.userId, ...contentOf(input) }, select: { key: true } });
  await recordAuditEventBy(caller, { action: "catalog.entry_created", targetType: "catalog_entry", targetId: created.key, metadata: { title: input.title } });
  return created;
}
