import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";

export async function deleteApi(caller: TCaller, id: string): Promise<void> {
  await db.$transaction(async (tx) => {
    const api = await tx.api.findFirst({ where: byIdInOrg(caller, id), select: { name: true } });
    const { count } = await tx.api.deleteMany({ where: byIdInOrg(caller, id) });
    if (count === 0 || !api) throw notFound("API");
    await recordAuditEventBy(caller, { action: "api.deleted", targetType: "api", targetId: id, metadata: { name: api.name } }, tx);
  });
}
