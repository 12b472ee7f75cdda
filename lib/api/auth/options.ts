import "server-only";
import type { NextAuthOptions, User } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { headers } from "next/headers";
import { env, isHttpsDeployment, oidcSettings } from "@/lib/env";
import { logger } from "@/lib/logger";
import { clientIpFrom } from "@/lib/core/auth/client-ip";
import { oidcProvider, OIDC_PROVIDER_ID, SSO_SIGN_IN_ERROR } from "@/lib/api/auth/oidc-provider";
import { SIGN_IN_ERROR } from "@/lib/server/auth/sign-in-error";
import { signInWithPassword } from "@/lib/server/auth/sign-in-with-password";
import { resolveSignedInUser } from "@/lib/api/auth/session";
import { startSession } from "@/lib/server/auth/start-session";
import { endSession } from "@/lib/server/auth/end-session";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { findUserIdByOidcIdentity, resolveOidcSignIn } from "@/lib/server/auth/resolve-oidc-sign-in";
import { ZSignIn } from "@/lib/validation/auth";

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/** The error next-auth puts in its redirect when authorize() refused for the rate limit. */
export const SIGN_IN_RATE_LIMITED = SIGN_IN_ERROR.rateLimited;

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

/** The caller's address and browser inside a next-auth callback, which gets no request object. */
async function currentRequestMeta(): Promise<{ ip: string; userAgent: string | null }> {
  const incoming = await headers();
  return { ip: clientIpFrom(incoming), userAgent: incoming.get("user-agent") };
}

const sso = oidcSettings();

export const authOptions: NextAuthOptions = {
  secret: env.NEXTAUTH_SECRET,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  jwt: { maxAge: SESSION_MAX_AGE_SECONDS },
  useSecureCookies: isHttpsDeployment,
  pages: { signIn: "/login", error: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Authentication code", type: "text" },
      },
      async authorize(credentials, req): Promise<User | null> {
        const parsed = ZSignIn.safeParse(credentials);
        if (!parsed.success) return null;
        const requestHeaders = req.headers as Record<string, unknown> | undefined;
        const result = await signInWithPassword(
          { ip: clientIpFrom((requestHeaders ?? {}) as Record<string, string>), userAgent: headerValue(requestHeaders, "user-agent") },
          parsed.data,
          SESSION_MAX_AGE_SECONDS,
        );
        if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name, sessionId: result.sessionId };
        if (result.error === SIGN_IN_ERROR.wrongCredentials) return null;
        // next-auth turns the message into `error=<code>` in its answer; the form reads it.
        throw new Error(result.error);
      },
    }),
    ...(sso ? [oidcProvider(sso)] : []),
  ],
  callbacks: {
    async signIn({ account, profile }) {
      if (account?.provider !== OIDC_PROVIDER_ID || !sso) return true;
      const claims = (profile ?? {}) as { email?: unknown; email_verified?: unknown };
      const result = await resolveOidcSignIn(await currentRequestMeta(), { issuer: sso.issuer, subject: account.providerAccountId, email: claims.email, emailVerified: claims.email_verified });
      return result.ok ? true : `/login?error=${SSO_SIGN_IN_ERROR[result.reason]}`;
    },
    async jwt({ token, user, account }) {
      if (account?.provider === OIDC_PROVIDER_ID && sso) {
        // The identity was linked (or found) by the signIn callback just before.
        const userId = await findUserIdByOidcIdentity(sso.issuer, account.providerAccountId);
        if (!userId) throw new SessionEndedError();
        const meta = await currentRequestMeta();
        const session = await startSession(userId, { ...meta, maxAgeSeconds: SESSION_MAX_AGE_SECONDS, method: "SSO" });
        await recordAuditEvent({ actorId: userId, action: "auth.sign_in.succeeded", targetType: "user", targetId: userId, ...meta, metadata: { method: "sso", issuer: sso.issuer } });
        return { sub: userId, sid: session.id };
      }
      if (user) {
        token.sub = user.id;
        token.sid = user.sessionId;
        return token;
      }
      // Every read of the session asks the database, so a revoked session stops at once.
      const signedIn = await resolveSignedInUser(token);
      if (!signedIn) throw new SessionEndedError();
      token.name = signedIn.name;
      token.email = signedIn.email;
      token.activeOrgId = signedIn.activeOrgId;
      token.amr = signedIn.authMethod;
      token.mfa = signedIn.mfaEnabled;
      return token;
    },
    async session({ session, token }) {
      session.user = { id: token.sub!, name: token.name ?? "", email: token.email ?? "" };
      session.sessionId = token.sid!;
      session.activeOrgId = token.activeOrgId ?? null;
      session.authMethod = token.amr ?? "PASSWORD";
      session.mfaEnabled = token.mfa ?? false;
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      // next-auth puts the user's id in every token it issues (sub); sid is ours (startSession).
      if (!token?.sid || !token.sub) return;
      const ended = await endSession(token.sub, token.sid);
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
