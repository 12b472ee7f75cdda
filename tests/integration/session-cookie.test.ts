import { encode } from "next-auth/jwt";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { readSessionToken, SESSION_COOKIE_NAME, signedInUserFromCookies } from "@/lib/api/auth/session";
import { startSession } from "@/lib/server/auth/start-session";
import { createUser } from "../support/fixtures";

// Pages and route handlers read the session cookie themselves (lib/api/auth/session.ts) instead of
// running next-auth's handler; these prove it accepts exactly what next-auth issued and nothing else.

const SECRET = "session-cookie-test-secret-0123456789abcdef";

function jar(cookies: Record<string, string>) {
  return {
    get: (name: string) => (name in cookies ? { value: cookies[name]! } : undefined),
    getAll: () => Object.entries(cookies).map(([name, value]) => ({ name, value })),
  };
}

async function signedInSession() {
  const user = await createUser({ name: "Cookie Reader" });
  const session = await startSession(user.id, { ip: "192.0.2.9", userAgent: "vitest", maxAgeSeconds: 3600 });
  // What next-auth's jwt callback stores at sign-in (lib/api/auth/options.ts).
  const token = await encode({ token: { sub: user.id, sid: session.id }, secret: SECRET, maxAge: 3600 });
  return { user, session, token };
}

describe("the session cookie", () => {
  it("gives the user of an active session, with the session's details", async () => {
    const { user, session, token } = await signedInSession();
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: token }), SECRET)).toEqual({
      userId: user.id,
      email: user.email,
      name: "Cookie Reader",
      sessionId: session.id,
      activeOrgId: null,
      authMethod: "PASSWORD",
      mfaEnabled: false,
    });
  });

  it("joins a token next-auth split into numbered chunks, in number order", async () => {
    const { user, token } = await signedInSession();
    const third = Math.ceil(token.length / 3);
    const chunks = { [`${SESSION_COOKIE_NAME}.2`]: token.slice(2 * third), [`${SESSION_COOKIE_NAME}.0`]: token.slice(0, third), [`${SESSION_COOKIE_NAME}.1`]: token.slice(third, 2 * third) };
    expect(readSessionToken(jar(chunks))).toBe(token);
    expect((await signedInUserFromCookies(jar(chunks), SECRET))?.userId).toBe(user.id);
    // Cookies that merely start with the name are not chunks.
    expect(readSessionToken(jar({ [`${SESSION_COOKIE_NAME}.x`]: token, [`${SESSION_COOKIE_NAME}-other`]: token }))).toBeNull();
  });

  it("is signed out without a cookie, with a tampered or foreign token, or an expired one", async () => {
    const { user, session, token } = await signedInSession();
    expect(await signedInUserFromCookies(jar({}), SECRET)).toBeNull();
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: token }), undefined)).toBeNull();
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: "not-a-token" }), SECRET)).toBeNull();
    const flipped = token.slice(0, -5) + (token.at(-5) === "A" ? "B" : "A") + token.slice(-4);
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: flipped }), SECRET)).toBeNull();
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: token }), "another-secret-of-sufficient-length-0123456")).toBeNull();
    // next-auth allows 15 s of clock skew; this one expired a minute ago.
    const expired = await encode({ token: { sub: user.id, sid: session.id }, secret: SECRET, maxAge: -60 });
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: expired }), SECRET)).toBeNull();
  });

  it("is signed out when the session it names was revoked, or belongs to someone else", async () => {
    const { session, token } = await signedInSession();
    const other = await signedInSession();
    // A token whose user id does not own the session id.
    const mixed = await encode({ token: { sub: other.user.id, sid: session.id }, secret: SECRET, maxAge: 3600 });
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: mixed }), SECRET)).toBeNull();
    // A token without the session id (never issued by Bulwark).
    const bare = await encode({ token: { sub: other.user.id }, secret: SECRET, maxAge: 3600 });
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: bare }), SECRET)).toBeNull();

    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: token }), SECRET)).not.toBeNull();
    await db.authSession.update({ where: { id: session.id }, data: { revokedAt: new Date() } });
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: token }), SECRET)).toBeNull();
    expect(await signedInUserFromCookies(jar({ [SESSION_COOKIE_NAME]: other.token }), SECRET)).not.toBeNull();
  });
});
