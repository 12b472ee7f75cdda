import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";

export async function deleteMitigation(caller: TCaller, id: string) {
  await db.$transaction(async (tx) => {
    const mitigation = await tx.mitigation.findFirst({ where: byIdInOrg(caller, id), select: { title: true } });
    if (!mitigation) throw notFound("mitigation");
    await tx.mitigation.deleteMany({ where: byIdInOrg(caller, id) });
    await recordAuditEventBy(caller, { action: "mitigation.deleted", targetType: "mitigation", targetId: id, metadata: { title: mitigation.title } }, tx);
  });
}
