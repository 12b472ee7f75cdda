import "server-only";
import { verifyPassword } from "@/lib/core/auth/password";
import { getFailureLimiter, getSignInThrottle, OTHER_RULES } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { consumeSecondFactor } from "@/lib/server/auth/consume-second-factor";
import { SIGN_IN_ERROR, type TSignInError } from "@/lib/server/auth/sign-in-error";
import { startSession } from "@/lib/server/auth/start-session";
import type { TRequestMeta } from "@/lib/server/scope";

// Password sign-in, called from next-auth's credentials `authorize`. One request carries the
// email, the password and (for an account with TOTP) the code: the first try without a code is
// answered MFA_REQUIRED and the form asks for it. Nothing that proves identity is handed out
// between the two steps, and the password is checked again with the code.

export type TPasswordSignInResult =
  | { ok: true; user: { id: string; email: string; name: string }; sessionId: string }
  | { ok: false; error: TSignInError };

/** Whether any organisation of the user admits SSO sessions only: then passwords are refused. */
async function ssoRequiredFor(userId: string): Promise<boolean> {
  return (await db.membership.count({ where: { userId, org: { ssoOnly: true } } })) > 0;
}

export async function signInWithPassword(meta: TRequestMeta, input: { email: string; password: string; code?: string }, maxAgeSeconds: number): Promise<TPasswordSignInResult> {
  const { email, password, code } = input;
  const audit = { ip: meta.ip, userAgent: meta.userAgent };
  // Counted before the password is checked, whatever URL or body shape reached next-auth.
  const throttle = getSignInThrottle();
  const attempt = await throttle.consume(email, meta.ip);
  if (!attempt.allowed) {
    await recordAuditEvent({ action: "auth.sign_in.rate_limited", ...audit, metadata: { email } });
    return { ok: false, error: SIGN_IN_ERROR.rateLimited };
  }

  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, passwordHash: true, mfaEnabledAt: true } });
  const valid = await verifyPassword(user?.passwordHash ?? null, password);
  if (!user || !valid) {
    await recordAuditEvent({ actorId: user?.id ?? null, action: "auth.sign_in.failed", targetType: "user", targetId: user?.id, ...audit, metadata: { email } });
    return { ok: false, error: SIGN_IN_ERROR.wrongCredentials };
  }
  await throttle.passwordAccepted(email, meta.ip);
  // Checked only after the password, so it tells nothing about memberships to a guesser.
  if (await ssoRequiredFor(user.id)) {
    await recordAuditEvent({ actorId: user.id, action: "auth.sign_in.sso_required", targetType: "user", targetId: user.id, ...audit });
    return { ok: false, error: SIGN_IN_ERROR.ssoRequired };
  }

  let secondFactor: Awaited<ReturnType<typeof consumeSecondFactor>> = null;
  if (user.mfaEnabledAt) {
    // This attempt stays counted in the back-off until a code completes it, so knowing the
    // password does not buy unlimited guesses at the code.
    if (!code) return { ok: false, error: SIGN_IN_ERROR.mfaRequired };
    const limiter = getFailureLimiter();
    const mfaKey = `mfa:user:${user.id}`;
    const mfaAttempt = await limiter.consume([{ key: mfaKey, rule: OTHER_RULES.mfaCodePerUser }]);
    if (!mfaAttempt.allowed) {
      await recordAuditEvent({ actorId: user.id, action: "auth.mfa.rate_limited", targetType: "user", targetId: user.id, ...audit });
      return { ok: false, error: SIGN_IN_ERROR.mfaRateLimited };
    }
    secondFactor = await consumeSecondFactor(user.id, code);
    if (!secondFactor) {
      await recordAuditEvent({ actorId: user.id, action: "auth.mfa.failed", targetType: "user", targetId: user.id, ...audit });
      return { ok: false, error: SIGN_IN_ERROR.mfaInvalid };
    }
    await limiter.reset(mfaKey);
  }

  await throttle.signedIn(email, meta.ip);
  const session = await startSession(user.id, { ip: meta.ip, userAgent: meta.userAgent, maxAgeSeconds, method: "PASSWORD" });
  await recordAuditEvent({
    actorId: user.id,
    action: "auth.sign_in.succeeded",
    targetType: "user",
    targetId: user.id,
    ...audit,
    metadata: { method: "password", ...(secondFactor ? { secondFactor } : {}) },
  });
  if (secondFactor === "recovery_code") {
    const left = await db.mfaRecoveryCode.count({ where: { userId: user.id, usedAt: null } });
    await recordAuditEvent({ actorId: user.id, action: "auth.mfa.recovery_code_used", targetType: "user", targetId: user.id, ...audit, metadata: { left } });
  }
  return { ok: true, user: { id: user.id, email: user.email, name: user.name }, sessionId: session.id };
}
