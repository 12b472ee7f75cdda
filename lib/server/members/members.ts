import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { canAssignRole } from "@/lib/core/auth/permissions";
import { db, type DbTransaction } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller, type TOrgScope } from "@/lib/server/scope";

const memberSelect = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const;

export async function listMembers(scope: TOrgScope) {
  return db.membership.findMany({ where: inOrg(scope), select: memberSelect, orderBy: [{ user: { name: "asc" } }] });
}

export type TMemberDto = Awaited<ReturnType<typeof listMembers>>[number];

async function assertAnotherOwnerRemains(tx: DbTransaction, scope: TOrgScope, membershipId: string) {
  // FOR UPDATE: two owners demoting each other at once must not both see the other as the
  // remaining owner. The second waits here and then sees the first one's change.
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Membership" WHERE "orgId" = ${scope.orgId} AND role = 'OWNER' FOR UPDATE`;
  if (owners.filter((owner) => owner.id !== membershipId).length === 0) {
    throw new AppError("CONFLICT", "An organisation needs at least one owner. Make someone else an owner first.");
  }
}

function changedMeanwhile(): AppError {
  return new AppError("CONFLICT", "This member's role changed while you were editing it. Reload and try again.");
}

/**
 * Links a member sent out keep working after they leave or lose rights, so pending invitations
 * they could no longer create are revoked with the change (`role` null: removed).
 */
async function revokeInvitationsBeyondRole(tx: DbTransaction, scope: TOrgScope, userId: string, role: Role | null) {
  const pendingByUser = await tx.invitation.findMany({
    where: inOrg(scope, { invitedById: userId, acceptedAt: null, revokedAt: null }),
    select: { id: true, role: true },
  });
  const revoke = pendingByUser.filter((invitation) => role === null || !canAssignRole(role, invitation.role)).map((invitation) => invitation.id);
  if (revoke.length) await tx.invitation.updateMany({ where: inOrg(scope, { id: { in: revoke } }), data: { revokedAt: new Date() } });
}

export async function updateMemberRole(caller: TCaller, membershipId: string, role: Role) {
  return db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: byIdInOrg(caller, membershipId), select: memberSelect });
    if (!member) throw notFound("member");
    if (!canAssignRole(caller.role, member.role) || !canAssignRole(caller.role, role)) {
      throw new AppError("FORBIDDEN", "Only an owner can grant, change or remove the owner role.");
    }
    if (member.role === "OWNER" && role !== "OWNER") await assertAnotherOwnerRemains(tx, caller, membershipId);
    // The role read above is part of the condition: a concurrent change makes this a 409.
    const { count } = await tx.membership.updateMany({ where: { ...byIdInOrg(caller, membershipId), role: member.role }, data: { role } });
    if (count === 0) throw changedMeanwhile();
    await revokeInvitationsBeyondRole(tx, caller, member.user.id, role);
    await recordAuditEvent(
      { orgId: caller.orgId, actorId: caller.userId, action: "member.role_changed", targetType: "user", targetId: member.user.id, ip: caller.ip, userAgent: caller.userAgent, metadata: { email: member.user.email, from: member.role, to: role } },
      tx,
    );
    return { ...member, role };
  });
}

export async function removeMember(caller: TCaller, membershipId: string) {
  await db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: byIdInOrg(caller, membershipId), select: memberSelect });
    if (!member) throw notFound("member");
    if (!canAssignRole(caller.role, member.role)) throw new AppError("FORBIDDEN", "Only an owner can remove an owner.");
    if (member.role === "OWNER") await assertAnotherOwnerRemains(tx, caller, membershipId);
    const { count } = await tx.membership.deleteMany({ where: { ...byIdInOrg(caller, membershipId), role: member.role } });
    if (count === 0) throw changedMeanwhile();
    // Sessions belong to the person, not to an organisation, so they go on in the member's other
    // organisations. This one is closed to them from their next request: every request checks the
    // membership (lib/api/guard.ts, requireOrgPage). Sessions that defaulted to it forget it.
    await tx.authSession.updateMany({ where: { userId: member.user.id, activeOrgId: caller.orgId }, data: { activeOrgId: null } });
    await revokeInvitationsBeyondRole(tx, caller, member.user.id, null);
    // A former member is nobody's technical owner here any more.
    await tx.api.updateMany({ where: inOrg(caller, { technicalOwnerId: member.user.id }), data: { technicalOwnerId: null } });
    await recordAuditEvent(
      { orgId: caller.orgId, actorId: caller.userId, action: "member.removed", targetType: "user", targetId: member.user.id, ip: caller.ip, userAgent: caller.userAgent, metadata: { email: member.user.email, role: member.role } },
      tx,
    );
  });
}

/** Teams of the org, for the owning-team picker. */
export async function listTeams(scope: TOrgScope) {
  return db.team.findMany({ where: inOrg(scope), select: { id: true, name: true }, orderBy: { name: "asc" } });
}
