import "server-only";
import { db } from "@/lib/db";
import { hashToken } from "@/lib/server/auth/password-reset-token";

/** What the reset page needs to know about a link: whose it is and whether a code is needed. */
export async function findPasswordResetLink(token: string, now = new Date()): Promise<{ email: string; mfaRequired: boolean } | null> {
  const row = await db.passwordResetToken.findFirst({
    where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: now } },
    select: { user: { select: { email: true, mfaEnabledAt: true } } },
  });
  return row ? { email: row.user.email, mfaRequired: !!row.user.mfaEnabledAt } : null;
}
