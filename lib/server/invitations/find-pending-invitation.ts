import "server-only";
import { db } from "@/lib/db";
import { hashToken, pending } from "@/lib/server/invitations/invitation-token";

/** What the invitation page shows before the person accepts. Null for unknown, used or expired links. */
export async function findPendingInvitation(token: string) {
  const invitation = await db.invitation.findFirst({
    where: { tokenHash: hashToken(token), ...pending() },
    select: { email: true, role: true, expiresAt: true, org: { select: { name: true } } },
  });
  if (!invitation) return null;
  const accountExists = (await db.user.count({ where: { email: invitation.email } })) > 0;
  return { ...invitation, accountExists };
}
