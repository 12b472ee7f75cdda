import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";

export async function deleteTemplate(caller: TCaller, id: string) {
  const { count } = await db.checklistTemplate.deleteMany({ where: byIdInOrg(caller, id) });
  if (count === 0) throw notFound("template");
  await recordAuditEventBy(caller, { action: "catalog.template_deleted", targetType: "checklist_template", targetId: id });
}
