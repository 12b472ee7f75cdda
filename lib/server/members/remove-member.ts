import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { canAssignRole, isOwner } from "@/lib/core/auth/permissions";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { assertAnotherOwnerRemains, changedMeanwhile, memberSelect, revokeInvitationsBeyondRole } from "@/lib/server/members/member-changes";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";

export async function removeMember(caller: TCaller, membershipId: string) {
  await db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: byIdInOrg(caller, membershipId), select: memberSelect });
    if (!member) throw notFound("member");
    if (!canAssignRole(caller.role, member.role)) throw new AppError("FORBIDDEN", "Only an owner can remove an owner.");
    if (isOwner(member.role)) await assertAnotherOwnerRemains(tx, caller, membershipId);
    const { count } = await tx.membership.deleteMany({ where: { ...byIdInOrg(caller, membershipId), role: member.role } });
    if (count === 0) throw changedMeanwhile();
    // Sessions belong to the person, not to an organisation, so they go on in the member's other
    // organisations. This one is closed to them from their next request: every request checks the
    // membership (lib/api/guard.ts, requireOrgPage). Sessions that defaulted to it forget it.
    await tx.authSession.updateMany({ where: { userId: member.user.id, activeOrgId: caller.orgId }, data: { activeOrgId: null } });
    await revokeInvitationsBeyondRole(tx, caller, member.user.id, null);
    // A former member is nobody's technical owner here any more.
    await tx.api.updateMany({ where: inOrg(caller, { technicalOwnerId: member.user.id }), data: { technicalOwnerId: null } });
    await recordAuditEventBy(caller, { action: "member.removed", targetType: "user", targetId: member.user.id, metadata: { email: member.user.email, role: member.role } }, tx);
  });
}
