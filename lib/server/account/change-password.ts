import "server-only";
import { AppError, fieldError } from "@/lib/api/app-error";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { getFailureLimiter, OTHER_RULES } from "@/lib/auth/rate-limit";
import type { TRequestMeta } from "@/lib/api/guard";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { endAllSessionsOfUser } from "@/lib/server/session/auth-sessions";
import type { TChangePassword } from "@/lib/validation/auth";

/** Changes the password and ends every session of the user, this one included. */
export async function changePassword(userId: string, input: TChangePassword, meta: TRequestMeta): Promise<{ sessionsEnded: number }> {
  // Someone holding a stolen session must not be able to guess the current password at leisure.
  const limiter = getFailureLimiter();
  const limitKey = `password-change:user:${userId}`;
  const attempt = await limiter.consume([{ key: limitKey, rule: OTHER_RULES.passwordChangePerUser }]);
  if (!attempt.allowed) {
    throw new AppError("RATE_LIMITED", "Too many attempts to change the password. Try again later.", { retryAfterSeconds: attempt.retryAfterSeconds });
  }
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("VALIDATION_FAILED", "The current password is not correct.", {
      fieldErrors: [fieldError("currentPassword", "This is not your current password.")],
    });
  }
  await limiter.reset(limitKey);
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } });
    const sessionsEnded = await endAllSessionsOfUser(userId, tx);
    await recordAuditEvent({ actorId: userId, action: "auth.password_changed", targetType: "user", targetId: userId, ...meta, metadata: { sessionsEnded } }, tx);
    return { sessionsEnded };
  });
}
