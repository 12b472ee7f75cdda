import "server-only";
import { db } from "@/lib/db";
import type { AuthMethod } from "@/lib/generated/prisma/enums";
import { SESSION_IDLE_TIMEOUT_MS } from "@/lib/server/auth/session-policy";

const LAST_SEEN_RESOLUTION_MS = 60_000;

type TActiveSessionRow = { id: string; activeOrgId: string | null; lastSeenAt: Date; method: AuthMethod; name: string; email: string; mfaEnabledAt: Date | null };

/**
 * The session, if it is still active (not revoked, not expired, used within the idle timeout),
 * with its user. Every signed-in request runs this, so it is one statement with the user joined
 * in (Prisma's nested select sends a second one); the last-seen time is written at most once a minute.
 */
export async function findActiveSession(userId: string, sessionId: string) {
  const now = new Date();
  const [row] = await db.$queryRaw<TActiveSessionRow[]>`
    SELECT s.id, s."activeOrgId", s."lastSeenAt", s.method::text AS method, u.name, u.email, u."mfaEnabledAt"
      FROM "AuthSession" s JOIN "User" u ON u.id = s."userId"
     WHERE s.id = ${sessionId} AND s."userId" = ${userId} AND s."revokedAt" IS NULL
       AND s."expiresAt" > ${now} AND s."lastSeenAt" > ${new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS)}`;
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.authSession.updateMany({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return { id: row.id, activeOrgId: row.activeOrgId, lastSeenAt: row.lastSeenAt, method: row.method, user: { name: row.name, email: row.email, mfaEnabledAt: row.mfaEnabledAt } };
}
