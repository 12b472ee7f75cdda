import "server-only";
import { cookies } from "next/headers";
import { decode } from "next-auth/jwt";
import { env, isHttpsDeployment } from "@/lib/env";
import { findActiveSession } from "@/lib/server/auth/find-active-session";
import { type TSignedInUser } from "@/lib/server/auth/signed-in-user";

/** next-auth's cookie name for the session token (the same rule as its own defaults). */
export const SESSION_COOKIE_NAME = `${isHttpsDeployment ? "__Secure-" : ""}next-auth.session-token`;

/**
 * The signed-in user; null when signed out, when the cookie does not decrypt or has expired, or
 * when the server-side session was revoked, timed out or expired.
 *
 * This reads the cookie itself rather than calling next-auth's getServerSession: that runs
 * next-auth's whole request handler, derives the key twice and re-encrypts a refreshed token
 * which a server component cannot even set, and it was a third of a page's server time. The
 * checks are the same: the token must decrypt with NEXTAUTH_SECRET and be unexpired (next-auth's
 * own decode), and the session it names must be active in the database on every request.
 */
export async function getSignedInUser(): Promise<TSignedInUser | null> {
  return signedInUserFromCookies(await cookies());
}

/** getSignedInUser for a given cookie jar and secret (the request's and NEXTAUTH_SECRET in the app). */
export async function signedInUserFromCookies(jar: TCookieJar, secret: string | undefined = env.NEXTAUTH_SECRET): Promise<TSignedInUser | null> {
  const token = readSessionToken(jar);
  // Without a secret next-auth cannot have issued the cookie either (scripts/start.ts sets one).
  if (!token || !secret) return null;
  let claims: Awaited<ReturnType<typeof decode>>;
  try {
    claims = await decode({ token, secret });
  } catch {
    return null; // tampered, encrypted with another secret, or expired
  }
  return claims ? resolveSignedInUser(claims) : null;
}

/** The user behind decoded token claims, after the database check of the session they name. */
export async function resolveSignedInUser(claims: { sub?: unknown; sid?: unknown }): Promise<TSignedInUser | null> {
  if (typeof claims.sub !== "string" || typeof claims.sid !== "string") return null;
  const session = await findActiveSession(claims.sub, claims.sid);
  if (!session) return null;
  return {
    userId: claims.sub,
    email: session.user.email,
    name: session.user.name,
    sessionId: session.id,
    activeOrgId: session.activeOrgId,
    authMethod: session.method,
    mfaEnabled: !!session.user.mfaEnabledAt,
  };
}

type TCookieJar = { get(name: string): { value: string } | undefined; getAll(): { name: string; value: string }[] };

/** The session token, joined from next-auth's numbered chunks when it had to split a large one. */
export function readSessionToken(jar: TCookieJar): string | null {
  const whole = jar.get(SESSION_COOKIE_NAME)?.value;
  if (whole) return whole;
  const chunks = jar
    .getAll()
    .map(({ name, value }) => ({ index: chunkIndex(name), value }))
    .filter((chunk): chunk is { index: number; value: string } => chunk.index !== null)
    .sort((a, b) => a.index - b.index);
  return chunks.length ? chunks.map((chunk) => chunk.value).join("") : null;
}

function chunkIndex(name: string): number | null {
  if (!name.startsWith(`${SESSION_COOKIE_NAME}.`)) return null;
  const suffix = name.slice(SESSION_COOKIE_NAME.length + 1);
  return /^\d{1,3}$/.test(suffix) ? Number(suffix) : null;
}
