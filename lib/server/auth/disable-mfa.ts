import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { verifyCurrentPassword } from "@/lib/server/account/verify-current-password";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import type { TRequestMeta } from "@/lib/server/scope";

/** Turns TOTP off after the password is confirmed again; recovery codes go with it. */
export async function disableMfa(userId: string, password: string, meta: TRequestMeta): Promise<void> {
  await verifyCurrentPassword(userId, password, "password");
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, mfaEnabledAt: { not: null } },
      data: { mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastUsedStep: null },
    });
    if (count === 0) throw new AppError("CONFLICT", "Two-factor authentication is not on.");
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    await recordAuditEvent({ actorId: userId, action: "auth.mfa.disabled", targetType: "user", targetId: userId, ...meta }, tx);
  });
}
