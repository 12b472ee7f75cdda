import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { inOrg, type TCaller } from "@/lib/server/scope";

export async function setBuiltinEntryDisabled(caller: TCaller, key: string, disabled: boolean) {
  const entry = await db.catalogEntry.findUnique({ where: { key }, select: { key: true } });
  if (!entry) throw notFound("catalogue entry");
  await db.orgCatalogSetting.upsert({
    where: { orgId_entryKey: inOrg(caller, { entryKey: key }) },
    create: { orgId: caller.orgId, entryKey: key, disabled },
    update: { disabled },
  });
  await recordAuditEventBy(caller, { action: disabled ? "catalog.entry_disabled" : "catalog.entry_enabled", targetType: "catalog_entry", targetId: key });
}
