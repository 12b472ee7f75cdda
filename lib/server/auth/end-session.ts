import "server-only";
import { db } from "@/lib/db";

/** Ends one session of the user (sign-out). Returns whether it was still active. */
export async function endSession(userId: string, sessionId: string): Promise<boolean> {
  const { count } = await db.authSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}

/** Ends every session of a user (password change or reset, "sign out everywhere"). */
export async function endAllSessionsOfUser(userId: string, tx: Pick<typeof db, "authSession"> = db, options: { except?: string } = {}): Promise<number> {
  const { count } = await tx.authSession.updateMany({
    where: { userId, revokedAt: null, ...(options.except ? { id: { not: options.except } } : {}) },
    data: { revokedAt: new Date() },
  });
  return count;
}
