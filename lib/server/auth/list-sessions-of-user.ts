import "server-only";
import { describeUserAgent } from "@/lib/core/auth/user-agent";
import { db } from "@/lib/db";
import { SESSION_IDLE_TIMEOUT_MS } from "@/lib/server/auth/session-policy";

/** The user's own sessions that are still usable, newest activity first ("my active sessions"). */
export async function listSessionsOfUser(userId: string, currentSessionId: string, now = new Date()) {
  const sessions = await db.authSession.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now }, lastSeenAt: { gt: new Date(now.getTime() - SESSION_IDLE_TIMEOUT_MS) } },
    select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true, ip: true, userAgent: true, method: true },
    orderBy: { lastSeenAt: "desc" },
    take: 100,
  });
  return sessions.map(({ userAgent, ...session }) => ({ ...session, device: describeUserAgent(userAgent), current: session.id === currentSessionId }));
}

export type TSessionDto = Awaited<ReturnType<typeof listSessionsOfUser>>[number];
