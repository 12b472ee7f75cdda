import "server-only";
import { db } from "@/lib/db";

// Two-factor authentication with TOTP for one user. These functions act on the caller's own
// account only, so they take a user id rather than an organisation scope.

export type TMfaStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };

export async function getMfaStatus(userId: string): Promise<TMfaStatus> {
  const [user, recoveryCodesLeft] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { mfaEnabledAt: true } }),
    db.mfaRecoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabled: !!user?.mfaEnabledAt, enabledAt: user?.mfaEnabledAt ?? null, recoveryCodesLeft };
}
