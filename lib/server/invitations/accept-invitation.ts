import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { hashPassword } from "@/lib/core/auth/password";
import { assertAcceptableNewPassword } from "@/lib/core/auth/password-policy";
import { getFailureLimiter, ipBucket, OTHER_RULES } from "@/lib/server/auth/rate-limit";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { findPendingInvitation } from "@/lib/server/invitations/find-pending-invitation";
import { hashToken, pending } from "@/lib/server/invitations/invitation-token";
import type { TRequestMeta } from "@/lib/server/scope";
import type { TAcceptInvitation } from "@/lib/validation/invitations";

export async function acceptInvitation(meta: TRequestMeta, input: TAcceptInvitation, signedIn: TSignedInUser | null) {
  const invalid = () => new AppError("NOT_FOUND", "This invitation link is not valid any more. Ask for a new one.");
  const limiter = getFailureLimiter();
  const limitKey = `invitation-accept:ip:${ipBucket(meta.ip)}`;
  const attempt = await limiter.consume([{ key: limitKey, rule: OTHER_RULES.invitationAcceptPerIp }]);
  if (!attempt.allowed) throw new AppError("RATE_LIMITED", "Too many attempts from this address. Try again later.", { retryAfterSeconds: attempt.retryAfterSeconds });
  // Argon2 is deliberately expensive: spend it only on a live link that will create an account,
  // and before the transaction holds any row.
  const preview = await findPendingInvitation(input.token);
  if (!preview) throw invalid();
  if (input.password && !preview.accountExists) assertAcceptableNewPassword(input.password, { email: preview.email, name: input.name });
  const passwordHash = input.password && !preview.accountExists ? await hashPassword(input.password) : null;
  const accepted = await db.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({
      where: { tokenHash: hashToken(input.token), ...pending() },
      select: { id: true, orgId: true, email: true, role: true, org: { select: { slug: true } } },
    });
    if (!invitation) throw invalid();
    // Claim the link first: a concurrent accept waits on this row and then finds it used. If
    // anything below fails, the transaction rolls back and the link stays usable.
    const claimed = await tx.invitation.updateMany({ where: { id: invitation.id, acceptedAt: null, revokedAt: null }, data: { acceptedAt: new Date() } });
    if (claimed.count === 0) throw invalid();

    let user = await tx.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
    const newUser = !user;
    if (user) {
      if (signedIn?.userId !== user.id) {
        throw new AppError("FORBIDDEN", `Sign in as ${invitation.email} to accept this invitation.`);
      }
    } else {
      const fieldErrors = [
        ...(input.name ? [] : [fieldError("name", "Enter your name.")]),
        ...(passwordHash ? [] : [fieldError("password", "Choose a password of at least 12 characters.")]),
      ];
      if (fieldErrors.length) throw new AppError("VALIDATION_FAILED", "Choose your name and password to create your account.", { fieldErrors });
      user = await tx.user.create({ data: { email: invitation.email, name: input.name!, passwordHash: passwordHash! }, select: { id: true } });
    }

    await tx.membership.upsert({
      where: { orgId_userId: { orgId: invitation.orgId, userId: user.id } },
      create: { orgId: invitation.orgId, userId: user.id, role: invitation.role },
      update: {},
    });
    await recordAuditEvent(
      { orgId: invitation.orgId, actorId: user.id, action: "member.joined", targetType: "user", targetId: user.id, ...meta, metadata: { email: invitation.email, role: invitation.role, newAccount: newUser } },
      tx,
    );
    return { orgSlug: invitation.org.slug, email: invitation.email, newUser };
  });
  // Only failed tries count against the address: a team onboarding from one office is fine.
  await limiter.refund([limitKey]);
  return accepted;
}
