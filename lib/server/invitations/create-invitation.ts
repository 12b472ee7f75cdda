import "server-only";
import { randomBytes } from "node:crypto";
import { AppError, fieldError } from "@/lib/core/app-error";
import { canAssignRole } from "@/lib/core/auth/permissions";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { hashToken, invitationSelect } from "@/lib/server/invitations/invitation-token";
import { inOrg, type TCaller } from "@/lib/server/scope";
import type { TCreateInvitation } from "@/lib/validation/invitations";

const INVITATION_DAYS = 7;

/** Creates an invitation. The link holds a random token that is stored only as a hash. */
export async function createInvitation(caller: TCaller, input: TCreateInvitation) {
  if (!canAssignRole(caller.role, input.role)) {
    throw new AppError("FORBIDDEN", "Only an owner can invite another owner.");
  }
  const alreadyMember = await db.membership.findFirst({ where: inOrg(caller, { user: { email: input.email } }), select: { id: true } });
  if (alreadyMember) {
    throw new AppError("CONFLICT", `${input.email} is already a member of this organisation.`, {
      fieldErrors: [fieldError("email", "This person is already a member.")],
    });
  }
  const token = randomBytes(32).toString("base64url");
  const invitation = await db.$transaction(async (tx) => {
    const created = await tx.invitation.create({
      data: {
        orgId: caller.orgId,
        email: input.email,
        role: input.role,
        tokenHash: hashToken(token),
        invitedById: caller.userId,
        expiresAt: new Date(Date.now() + INVITATION_DAYS * 24 * 60 * 60 * 1000),
      },
      select: invitationSelect,
    });
    await recordAuditEventBy(caller, { action: "member.invited", targetType: "invitation", targetId: created.id, metadata: { email: input.email, role: input.role } }, tx);
    return created;
  });
  return { ...invitation, link: `${env.NEXTAUTH_URL.replace(/\/$/, "")}/invite/${token}` };
}
