import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";

/** Revokes one of the user's own sessions; another user's session id is answered like a missing one. */
export async function revokeSessionOfUser(userId: string, sessionId: string): Promise<void> {
  const { count } = await db.authSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("NOT_FOUND", "No such session, or it has already ended.");
}
