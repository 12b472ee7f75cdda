import "server-only";
import { hashPassword } from "@/lib/core/auth/password";
import { assertAcceptableNewPassword } from "@/lib/core/auth/password-policy";
import type { TRequestMeta } from "@/lib/server/scope";
import { db } from "@/lib/db";
import { verifyCurrentPassword } from "@/lib/server/account/verify-current-password";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { endAllSessionsOfUser } from "@/lib/server/auth/end-session";
import type { TChangePassword } from "@/lib/validation/auth";

/** Changes the password and ends every session of the user, this one included. */
export async function changePassword(userId: string, input: TChangePassword, meta: TRequestMeta): Promise<{ sessionsEnded: number }> {
  const profile = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true } });
  assertAcceptableNewPassword(input.newPassword, profile ?? {}, "newPassword");
  await verifyCurrentPassword(userId, input.currentPassword, "currentPassword");
  const passwordHash = await hashPassword(input.newPassword);
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash, passwordChangedAt: new Date() } });
    const sessionsEnded = await endAllSessionsOfUser(userId, tx);
    await recordAuditEvent({ actorId: userId, action: "auth.password_changed", targetType: "user", targetId: userId, ...meta, metadata: { sessionsEnded } }, tx);
    return { sessionsEnded };
  });
}
