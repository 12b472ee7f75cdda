import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { inOrg, type TCaller } from "@/lib/server/scope";

export async function deleteOrgEntry(caller: TCaller, key: string) {
  const { count } = await db.orgCatalogEntry.deleteMany({ where: inOrg(caller, { key }) });
  if (count === 0) throw notFound("catalogue entry");
  await recordAuditEventBy(caller, { action: "catalog.entry_deleted", targetType: "catalog_entry", targetId: key });
}
