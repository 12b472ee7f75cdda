import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { AuthMethod } from "@/lib/generated/prisma/enums";
import { describeUserAgent } from "@/lib/core/auth/user-agent";

/** The person a valid session cookie names, as every page and route sees them. */
export type TSignedInUser = {
  userId: string;
  email: string;
  name: string;
  sessionId: string;
  activeOrgId: string | null;
  /** How this session was started; an SSO-only organisation admits SSO sessions only. */
  authMethod: "PASSWORD" | "SSO";
  mfaEnabled: boolean;
};

// Server-side sessions. Rows are per user, not per organisation, so these functions take a
// user id rather than an org scope.

const LAST_SEEN_RESOLUTION_MS = 60_000;

/** A session nobody used for this long is over, whatever its absolute expiry (ASVS 7.3.1). */
export const SESSION_IDLE_TIMEOUT_MS = 60 * 60 * 1000;

export async function startSession(input: { userId: string; ip: string; userAgent: string | null; maxAgeSeconds: number; method?: AuthMethod }) {
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
      method: input.method ?? "PASSWORD",
    },
    select: { id: true },
  });
}

type TActiveSessionRow = { id: string; activeOrgId: string | null; lastSeenAt: Date; method: AuthMethod; name: string; email: string; mfaEnabledAt: Date | null };

/**
 * The session, if it is still active (not revoked, not expired, used within the idle timeout),
 * with its user. Every signed-in request runs this, so it is one statement with the user joined
 * in (Prisma's nested select sends a second one); the last-seen time is written at most once a minute.
 */
export async function findActiveSession(sessionId: string, userId: string) {
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

/** Ends one session (sign-out). Returns whether it was still active. */
export async function endSession(sessionId: string): Promise<boolean> {
  const { count } = await db.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
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

/** Revokes one of the user's own sessions; another user's session id is answered like a missing one. */
export async function revokeSessionOfUser(userId: string, sessionId: string): Promise<void> {
  const { count } = await db.authSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw new AppError("NOT_FOUND", "No such session, or it has already ended.");
}

export async function setActiveOrganization(sessionId: string, userId: string, orgId: string): Promise<void> {
  await db.authSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { activeOrgId: orgId } });
}
