import "server-only";
import { db } from "@/lib/db";

// Server-side sessions. Rows are per user, not per organisation, so these functions take a
// user id rather than an org scope.

const LAST_SEEN_RESOLUTION_MS = 60_000;

/** A session nobody used for this long is over, whatever its absolute expiry (ASVS 7.3.1). */
export const SESSION_IDLE_TIMEOUT_MS = 60 * 60 * 1000;

export async function startSession(input: { userId: string; ip: string; userAgent: string | null; maxAgeSeconds: number }) {
  const firstMembership = await db.membership.findFirst({
    where: { userId: input.userId },
    orderBy: { createdAt: "asc" },
    select: { orgId: true },
  });
  return db.authSession.create({
    data: {
      userId: input.userId,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512),
      expiresAt: new Date(Date.now() + input.maxAgeSeconds * 1000),
      activeOrgId: firstMembership?.orgId ?? null,
    },
    select: { id: true },
  });
}

export async function findActiveSession(sessionId: string, userId: string) {
  const now = new Date();
  const session = await db.authSession.findFirst({
    where: { id: sessionId, userId, revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS) } },
    select: { id: true, activeOrgId: true, lastSeenAt: true, user: { select: { name: true, email: true } } },
  });
  if (session && now.getTime() - session.lastSeenAt.getTime() > LAST_SEEN_RESOLUTION_MS) {
    await db.authSession.updateMany({ where: { id: sessionId }, data: { lastSeenAt: now } });
  }
  return session;
}

/** Ends one session (sign-out). Returns whether it was still active. */
export async function endSession(sessionId: string): Promise<boolean> {
  const { count } = await db.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count > 0;
}

/** Ends every session of a user (password change, removal from all orgs). */
export async function endAllSessionsOfUser(userId: string, tx: Pick<typeof db, "authSession"> = db): Promise<number> {
  const { count } = await tx.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
  return count;
}

export async function setActiveOrganization(sessionId: string, userId: string, orgId: string): Promise<void> {
  await db.authSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { activeOrgId: orgId } });
}
