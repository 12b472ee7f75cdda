import "server-only";
import { AppError } from "@/lib/core/app-error";
import { canAssignRole } from "@/lib/core/auth/permissions";
import type { DbTransaction } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

// What changing a member's role and removing a member share; both run these inside their own
// transaction.

export const memberSelect = {
  id: true,
  role: true,
  createdAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const;

export async function assertAnotherOwnerRemains(tx: DbTransaction, caller: TOrgScope, membershipId: string) {
  // FOR UPDATE: two owners demoting each other at once must not both see the other as the
  // remaining owner. The second waits here and then sees the first one's change.
  const owners = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "Membership" WHERE "orgId" = ${caller.orgId} AND role = 'OWNER' FOR UPDATE`;
  if (owners.filter((owner) => owner.id !== membershipId).length === 0) {
    throw new AppError("CONFLICT", "An organisation needs at least one owner. Make someone else an owner first.");
  }
}

export function changedMeanwhile(): AppError {
  return new AppError("CONFLICT", "This member's role changed while you were editing it. Reload and try again.");
}

/**
 * Links a member sent out keep working after they leave or lose rights, so pending invitations
 * they could no longer create are revoked with the change (`role` null: removed).
 */
export async function revokeInvitationsBeyondRole(tx: DbTransaction, caller: TOrgScope, userId: string, role: Role | null) {
  const pendingByUser = await tx.invitation.findMany({
    where: inOrg(caller, { invitedById: userId, acceptedAt: null, revokedAt: null }),
    select: { id: true, role: true },
  });
  const revoke = pendingByUser.filter((invitation) => role === null || !canAssignRole(role, invitation.role)).map((invitation) => invitation.id);
  if (revoke.length) await tx.invitation.updateMany({ where: inOrg(caller, { id: { in: revoke } }), data: { revokedAt: new Date() } });
}
