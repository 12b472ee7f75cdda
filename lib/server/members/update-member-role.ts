import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { canAssignRole, isOwner } from "@/lib/core/auth/permissions";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { assertAnotherOwnerRemains, changedMeanwhile, memberSelect, revokeInvitationsBeyondRole } from "@/lib/server/members/member-changes";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";

export async function updateMemberRole(caller: TCaller, membershipId: string, role: Role) {
  return db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: byIdInOrg(caller, membershipId), select: memberSelect });
    if (!member) throw notFound("member");
    if (!canAssignRole(caller.role, member.role) || !canAssignRole(caller.role, role)) {
      throw new AppError("FORBIDDEN", "Only an owner can grant, change or remove the owner role.");
    }
    if (isOwner(member.role) && !isOwner(role)) await assertAnotherOwnerRemains(tx, caller, membershipId);
    // The role read above is part of the condition: a concurrent change makes this a 409.
    const { count } = await tx.membership.updateMany({ where: { ...byIdInOrg(caller, membershipId), role: member.role }, data: { role } });
    if (count === 0) throw changedMeanwhile();
    await revokeInvitationsBeyondRole(tx, caller, member.user.id, role);
    await recordAuditEventBy(caller, { action: "member.role_changed", targetType: "user", targetId: member.user.id, metadata: { email: member.user.email, from: member.role, to: role } }, tx);
    return { ...member, role };
  });
}
