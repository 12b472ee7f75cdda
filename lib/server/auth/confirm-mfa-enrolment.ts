import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { openSecret } from "@/lib/core/auth/mfa/secret-box";
import { matchTotpStep } from "@/lib/core/auth/mfa/totp";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { replaceRecoveryCodes } from "@/lib/server/auth/mfa-recovery-codes";
import type { TRequestMeta } from "@/lib/server/scope";

const wrongCode = () =>
  new AppError("VALIDATION_FAILED", "That code is not right.", {
    fieldErrors: [fieldError("code", "That code is not right. Enter the 6-digit code your app shows now; check that your phone's clock is set automatically.")],
  });

/** Confirms enrolment with a first code and returns the ten recovery codes, shown only this once. */
export async function confirmMfaEnrolment(userId: string, code: string, meta: TRequestMeta, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { mfaPendingSecret: true, mfaEnabledAt: true } });
  if (!user || user.mfaEnabledAt || !user.mfaPendingSecret) {
    throw new AppError("CONFLICT", "There is no set-up in progress. Start setting up two-factor authentication again.");
  }
  const secret = openSecret(user.mfaPendingSecret, env.NEXTAUTH_SECRET);
  const step = secret ? matchTotpStep(secret, code, now) : null;
  if (step === null) throw wrongCode();
  return db.$transaction(async (tx) => {
    // Conditional on the pending secret the code was checked against: a set-up restarted in
    // another tab meanwhile makes this one fail instead of enabling a secret nobody saw.
    const { count } = await tx.user.updateMany({
      where: { id: userId, mfaEnabledAt: null, mfaPendingSecret: user.mfaPendingSecret },
      data: { mfaSecret: user.mfaPendingSecret, mfaPendingSecret: null, mfaEnabledAt: now, mfaLastUsedStep: step },
    });
    if (count === 0) throw new AppError("CONFLICT", "The set-up changed in another window. Start again.");
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await recordAuditEvent({ actorId: userId, action: "auth.mfa.enabled", targetType: "user", targetId: userId, ...meta }, tx);
    return { recoveryCodes };
  });
}
