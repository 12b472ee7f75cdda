import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { hashPassword } from "@/lib/core/auth/password";
import { assertAcceptableNewPassword } from "@/lib/core/auth/password-policy";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { consumeSecondFactor } from "@/lib/server/auth/consume-second-factor";
import { endAllSessionsOfUser } from "@/lib/server/auth/end-session";
import { hashToken } from "@/lib/server/auth/password-reset-token";
import { getFailureLimiter, getSignInThrottle, ipBucket, OTHER_RULES } from "@/lib/server/auth/rate-limit";
import type { TRequestMeta } from "@/lib/server/scope";
import type { TPasswordReset } from "@/lib/validation/auth";

const invalidLink = () => new AppError("NOT_FOUND", "This reset link is not valid any more: it was used, replaced by a newer one, or is older than 15 minutes. Ask for a new one.");

/** Sets the new password, uses the link up and ends every session of the account. */
export async function resetPassword(meta: TRequestMeta, input: TPasswordReset, now = new Date()): Promise<void> {
  const attempt = await getFailureLimiter().consume([{ key: `password-reset-confirm:ip:${ipBucket(meta.ip)}`, rule: OTHER_RULES.passwordResetConfirmPerIp }]);
  if (!attempt.allowed) throw new AppError("RATE_LIMITED", "Too many attempts from this address. Try again later.", { retryAfterSeconds: attempt.retryAfterSeconds });
  const tokenHash = hashToken(input.token);
  const link = await db.passwordResetToken.findFirst({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    select: { id: true, user: { select: { id: true, email: true, name: true, mfaEnabledAt: true } } },
  });
  if (!link) throw invalidLink();
  const { user } = link;
  assertAcceptableNewPassword(input.password, user);
  if (user.mfaEnabledAt) {
    if (!input.code) {
      throw new AppError("VALIDATION_FAILED", "Your account uses two-factor authentication.", { fieldErrors: [fieldError("code", "Enter the code from your authenticator app, or a recovery code.")] });
    }
    const limiter = getFailureLimiter();
    const mfaKey = `mfa:user:${user.id}`;
    const mfaAttempt = await limiter.consume([{ key: mfaKey, rule: OTHER_RULES.mfaCodePerUser }]);
    if (!mfaAttempt.allowed) throw new AppError("RATE_LIMITED", "Too many wrong codes. Try again later.", { retryAfterSeconds: mfaAttempt.retryAfterSeconds });
    if (!(await consumeSecondFactor(user.id, input.code, now))) {
      await recordAuditEvent({ actorId: user.id, action: "auth.mfa.failed", targetType: "user", targetId: user.id, ...meta, metadata: { during: "password_reset" } });
      throw new AppError("VALIDATION_FAILED", "That code is not right.", { fieldErrors: [fieldError("code", "That code is not right, or it was already used.")] });
    }
    await limiter.reset(mfaKey);
  }
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    // The claim is the check: of two submissions racing with one link, only one finds it unused.
    const { count } = await tx.passwordResetToken.updateMany({ where: { id: link.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count === 0) throw invalidLink();
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } });
    const sessionsEnded = await endAllSessionsOfUser(user.id, tx);
    await recordAuditEvent({ actorId: user.id, action: "auth.password_reset.completed", targetType: "user", targetId: user.id, ...meta, metadata: { sessionsEnded } }, tx);
  });
  // Whoever was guessing at this account from here made the owner wait; the reset ends that.
  await getSignInThrottle().clearAccountAt(user.email, meta.ip);
}
