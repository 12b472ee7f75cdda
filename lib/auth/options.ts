import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db";
import { env, isHttpsDeployment } from "@/lib/env";
import { logger } from "@/lib/logger";
import { clientIpFrom } from "@/lib/auth/client-ip";
import { verifyPassword } from "@/lib/auth/password";
import { getFailureLimiter, signInLimitKeys } from "@/lib/auth/rate-limit";
import { findActiveSession, startSession, endSession } from "@/lib/server/session/auth-sessions";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { ZSignIn } from "@/lib/validation/auth";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** The error next-auth puts in its redirect when authorize() refused for the rate limit. */
export const SIGN_IN_RATE_LIMITED = "RateLimited";

/** Thrown from the jwt callback when the server-side session is gone; next-auth then answers "no session". */
class SessionEndedError extends Error {
  constructor() {
    super("session ended");
    this.name = "SessionEndedError";
  }
}

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | null {
  const value = headers?.[name];
  return typeof value === "string" ? value : null;
}

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  useSecureCookies: isHttpsDeployment,
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, req): Promise<User | null> {
        const parsed = ZSignIn.safeParse(credentials);
        if (!parsed.success) return null;
        const { email, password } = parsed.data;
        const headers = req.headers as Record<string, unknown> | undefined;
        const ip = clientIpFrom((headers ?? {}) as Record<string, string>);
        const userAgent = headerValue(headers, "user-agent");

        // The limit is enforced here, where next-auth checks passwords, whatever URL or body
        // shape reached this point; the route's own pre-check only turns it into a clean 429.
        const limiter = getFailureLimiter();
        const limitKeys = signInLimitKeys(email, ip);
        const attempt = await limiter.consume(limitKeys);
        if (!attempt.allowed) {
          await recordAuditEvent({ action: "auth.sign_in.rate_limited", ip, userAgent, metadata: { email } });
          throw new Error(SIGN_IN_RATE_LIMITED);
        }

        const user = await db.user.findUnique({ where: { email }, omit: { passwordHash: false } });
        const valid = await verifyPassword(user?.passwordHash ?? null, password);
        if (!user || !valid) {
          await recordAuditEvent({
            actorId: user?.id ?? null,
            action: "auth.sign_in.failed",
            targetType: "user",
            targetId: user?.id,
            ip,
            userAgent,
            metadata: { email },
          });
          return null;
        }
        // A good password clears the account's count and does not count against the address.
        await limiter.reset(limitKeys[0]!.key);
        await limiter.refund([limitKeys[1]!.key]);
        const session = await startSession({ userId: user.id, ip, userAgent, maxAgeSeconds: SESSION_MAX_AGE_SECONDS });
        await recordAuditEvent({ actorId: user.id, action: "auth.sign_in.succeeded", targetType: "user", targetId: user.id, ip, userAgent });
        return { id: user.id, email: user.email, name: user.name, sessionId: session.id };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sid = user.sessionId;
        return token;
      }
      // Every read of the session asks the database, so a revoked session stops at once.
      const session = token.sid && token.sub ? await findActiveSession(token.sid, token.sub) : null;
      if (!session) throw new SessionEndedError();
      token.name = session.user.name;
      token.email = session.user.email;
      token.activeOrgId = session.activeOrgId;
      return token;
    },
    async session({ session, token }) {
      session.user = { id: token.sub!, name: token.name ?? "", email: token.email ?? "" };
      session.sessionId = token.sid!;
      session.activeOrgId = token.activeOrgId ?? null;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (!token?.sid) return;
      const ended = await endSession(token.sid);
      if (ended) await recordAuditEvent({ actorId: token.sub ?? null, action: "auth.sign_out", targetType: "user", targetId: token.sub });
    },
  },
  logger: {
    error(code, metadata) {
      const cause = (metadata as { error?: unknown } | undefined)?.error ?? metadata;
      if (code === "JWT_SESSION_ERROR" && cause instanceof Error && cause.name === "SessionEndedError") {
        logger.debug("session ended; treated as signed out");
        return;
      }
      logger.error(`next-auth: ${code}`, { error: cause });
    },
    warn(code) {
      logger.warn(`next-auth: ${code}`);
    },
    debug() {},
  },
};
