import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";

export async function revokeInvitation(caller: TCaller, id: string) {
  const { count } = await db.invitation.updateMany({ where: { ...byIdInOrg(caller, id), acceptedAt: null, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound("invitation");
  await recordAuditEventBy(caller, { action: "member.invitation_revoked", targetType: "invitation", targetId: id });
}
