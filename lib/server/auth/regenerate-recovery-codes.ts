import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { verifyCurrentPassword } from "@/lib/server/account/verify-current-password";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { replaceRecoveryCodes } from "@/lib/server/auth/mfa-recovery-codes";
import type { TRequestMeta } from "@/lib/server/scope";

/** Ten new recovery codes; the old ones stop working. Needs the password again. */
export async function regenerateRecoveryCodes(userId: string, password: string, meta: TRequestMeta): Promise<{ recoveryCodes: string[] }> {
  await verifyCurrentPassword(userId, password, "password");
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { mfaEnabledAt: true } });
    if (!user?.mfaEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is not on.");
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await recordAuditEvent({ actorId: userId, action: "auth.mfa.recovery_codes_regenerated", targetType: "user", targetId: userId, ...meta }, tx);
    return { recoveryCodes };
  });
}
