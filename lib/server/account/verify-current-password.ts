import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { verifyPassword } from "@/lib/core/auth/password";
import { getFailureLimiter, OTHER_RULES } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/db";

/**
 * Asks for the current password again before a sensitive change (password, MFA off, new
 * recovery codes) and throws when it is wrong. Someone holding a stolen session must not be
 * able to guess it at leisure, so all of these share one small budget per user.
 */
export async function verifyCurrentPassword(userId: string, password: string, field: string): Promise<void> {
  const limiter = getFailureLimiter();
  const limitKey = `password-change:user:${userId}`;
  const attempt = await limiter.consume([{ key: limitKey, rule: OTHER_RULES.passwordChangePerUser }]);
  if (!attempt.allowed) {
    throw new AppError("RATE_LIMITED", "Too many attempts with the wrong password. Try again later.", { retryAfterSeconds: attempt.retryAfterSeconds });
  }
  const user = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  if (!user || !(await verifyPassword(user.passwordHash, password))) {
    throw new AppError("VALIDATION_FAILED", "The current password is not correct.", { fieldErrors: [fieldError(field, "This is not your current password.")] });
  }
  await limiter.reset(limitKey);
}
