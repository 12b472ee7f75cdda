import "server-only";
import { verifyPassword } from "@/lib/core/auth/password";
import { normalizeRecoveryCode } from "@/lib/core/auth/mfa/recovery-codes";
import { openSecret } from "@/lib/core/auth/mfa/secret-box";
import { matchTotpStep } from "@/lib/core/auth/mfa/totp";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export type TSecondFactor = "totp" | "recovery_code";

/**
 * Checks a second factor for a user with TOTP on and uses it up: a TOTP code only when its time
 * step is later than the last one accepted (so neither the same code nor an older one works
 * twice), a recovery code only once. Both claims are single conditional updates, so two
 * requests racing with the same code cannot both win.
 */
export async function consumeSecondFactor(userId: string, input: string, now = new Date()): Promise<TSecondFactor | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { mfaSecret: true, mfaEnabledAt: true } });
  if (!user?.mfaEnabledAt || !user.mfaSecret) return null;
  const code = input.replace(/\s/g, "");
  if (/^\d{6}$/.test(code)) {
    const secret = openSecret(user.mfaSecret, env.NEXTAUTH_SECRET);
    const step = secret ? matchTotpStep(secret, code, now) : null;
    if (step === null) return null;
    const { count } = await db.user.updateMany({
      where: { id: userId, mfaEnabledAt: { not: null }, OR: [{ mfaLastUsedStep: null }, { mfaLastUsedStep: { lt: step } }] },
      data: { mfaLastUsedStep: step },
    });
    return count === 1 ? "totp" : null;
  }
  const recovery = normalizeRecoveryCode(code);
  if (!recovery) return null;
  const unused = await db.mfaRecoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
  const matches = await Promise.all(unused.map((row) => verifyPassword(row.codeHash, recovery)));
  const match = unused[matches.indexOf(true)];
  if (!match) return null;
  const { count } = await db.mfaRecoveryCode.updateMany({ where: { id: match.id, userId, usedAt: null }, data: { usedAt: now } });
  return count === 1 ? "recovery_code" : null;
}
