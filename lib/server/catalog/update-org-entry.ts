import "server-only";
import { AppError, fieldError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import type { TCatalogEntryInput } from "@/lib/validation/catalog";
import { assertCategory, contentOf } from "./catalog-entry-content";

export async function updateOrgEntry(caller: TCaller, key: string, change: { entry?: TCatalogEntryInput; disabled?: boolean; version?: number }) {
  const existing = await db.orgCatalogEntry.findFirst({ where: inOrg(caller, { key }), select: { id: true, version: true } });
  if (!existing) throw notFound("catalogue entry");
  if (change.entry) await assertCategory(db, change.entry.category);
  if (change.entry && change.version === undefined) throw new AppError("VALIDATION_FAILED", "Send the version you last read.", { fieldErrors: [fieldError("version", "Required when editing.")] });
  const { count } = await db.orgCatalogEntry.updateMany({
    where: { ...byIdInOrg(caller, existing.id), ...(change.version !== undefined ? { version: change.version } : {}) },
    data: { ...(change.entry ? contentOf(change.entry) : {}), ...(change.disabled !== undefined ? { disabled: change.disabled } : {}), version: { increment: 1 } },
  });
  if (count === 0) throw new AppError("CONFLICT", "Someone else changed this entry since you opened it. Reload to see their changes.");
  await recordAuditEventBy(caller, { action: "catalog.entry_updated", targetType: "catalog_entry", targetId: key });
}
