import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { AppError, fieldError } from "@/lib/core/app-error";
import type { TRequestMeta } from "@/lib/server/scope";
import { hashPassword } from "@/lib/core/auth/password";
import { assertAcceptableNewPassword } from "@/lib/core/auth/password-policy";
import { getFailureLimiter, getSignInThrottle, ipBucket, OTHER_RULES } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { consumeSecondFactor } from "@/lib/server/auth/mfa";
import { sendEmail } from "@/lib/server/notifications/mailer";
import { endAllSessionsOfUser } from "@/lib/server/auth/auth-sessions";
import type { TPasswordReset } from "@/lib/validation/auth";

// Password reset by an emailed link: 256 random bits, stored as SHA-256 only, valid 15 minutes,
// usable once, and a new link voids the older ones. It does not get around two-factor
// authentication: an account with TOTP must also give a code (or a recovery code) to reset.

export const RESET_LINK_VALIDITY_MS = 15 * 60 * 1000;

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

const invalidLink = () => new AppError("NOT_FOUND", "This reset link is not valid any more: it was used, replaced by a newer one, or is older than 15 minutes. Ask for a new one.");

/** Refuses a flood of reset requests from one address before anything else happens. */
export async function assertPasswordResetRequestAllowed(meta: TRequestMeta): Promise<void> {
  const attempt = await getFailureLimiter().consume([{ key: `password-reset:ip:${ipBucket(meta.ip)}`, rule: OTHER_RULES.passwordResetRequestPerIp }]);
  if (!attempt.allowed) throw new AppError("RATE_LIMITED", "Too many reset requests from this address. Try again later.", { retryAfterSeconds: attempt.retryAfterSeconds });
}

/**
 * Emails a reset link when the address has an account. The caller answers the same way either
 * way (and before this runs), so the answer tells nobody whether an account exists.
 */
export async function sendPasswordResetLink(email: string, meta: TRequestMeta, now = new Date()): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true } });
  if (!user) return;
  const perAccount = await getFailureLimiter().consume([{ key: `password-reset:account:${user.id}`, rule: OTHER_RULES.passwordResetRequestPerAccount }]);
  if (!perAccount.allowed) {
    await recordAuditEvent({ actorId: null, action: "auth.password_reset.throttled", targetType: "user", targetId: user.id, ...meta });
    return;
  }
  const token = randomBytes(32).toString("base64url");
  await db.$transaction(async (tx) => {
    await tx.passwordResetToken.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: now } });
    await tx.passwordResetToken.create({ data: { userId: user.id, tokenHash: hashToken(token), expiresAt: new Date(now.getTime() + RESET_LINK_VALIDITY_MS) } });
    await recordAuditEvent({ actorId: null, action: "auth.password_reset.requested", targetType: "user", targetId: user.id, ...meta }, tx);
  });
  const link = `${env.NEXTAUTH_URL.replace(/\/+$/, "")}/reset-password/${token}`;
  await sendEmail({
    to: user.email,
    subject: "Reset your Bulwark password",
    text: [
      "Someone (hopefully you) asked to reset the password of your Bulwark account.",
      "",
      `Choose a new password here within 15 minutes: ${link}`,
      "",
      "The link works once. If you did not ask for it, ignore this email: your password stays as it is.",
    ].join("\n"),
    sensitive: true,
  });
}

/** What the reset page needs to know about a link: whose it is and whether a code is needed. */
export async function findPasswordResetLink(token: string, now = new Date()): Promise<{ email: string; mfaRequired: boolean } | null> {
  const row = await db.passwordResetToken.findFirst({
    where: { tokenHash: hashToken(token), usedAt: null, expiresAt: { gt: now } },
    select: { user: { select: { email: true, mfaEnabledAt: true } } },
  });
  return row ? { email: row.user.email, mfaRequired: !!row.user.mfaEnabledAt } : null;
}

/** Sets the new password, uses the link up and ends every session of the account. */
export async function resetPassword(input: TPasswordReset, meta: TRequestMeta, now = new Date()): Promise<void> {
  const attempt = await getFailureLimiter().consume([{ key: `password-reset-confirm:ip:${ipBucket(meta.ip)}`, rule: OTHER_RULES.passwordResetConfirmPerIp }]);
  if (!attempt.allowed) throw new AppError("RATE_LIMITED", "Too many attempts from this address. Try again later.", { retryAfterSeconds: attempt.retryAfterSeconds });
  const tokenHash = hashToken(input.token);
  const link = await db.passwordResetToken.findFirst({
    where: { tokenHash, usedAt: null, expiresAt: { gt: now } },
    select: { id: true, user: { select: { id: true, email: true, name: true, mfaEnabledAt: true } } },
  });
  if (!link) throw invalidLink();
  const { user } = link;
  assertAcceptableNewPassword(input.password, user);
  if (user.mfaEnabledAt) {
    if (!input.code) {
      throw new AppError("VALIDATION_FAILED", "Your account uses two-factor authentication.", { fieldErrors: [fieldError("code", "Enter the code from your authenticator app, or a recovery code.")] });
    }
    const limiter = getFailureLimiter();
    const mfaKey = `mfa:user:${user.id}`;
    const mfaAttempt = await limiter.consume([{ key: mfaKey, rule: OTHER_RULES.mfaCodePerUser }]);
    if (!mfaAttempt.allowed) throw new AppError("RATE_LIMITED", "Too many wrong codes. Try again later.", { retryAfterSeconds: mfaAttempt.retryAfterSeconds });
    if (!(await consumeSecondFactor(user.id, input.code, now))) {
      await recordAuditEvent({ actorId: user.id, action: "auth.mfa.failed", targetType: "user", targetId: user.id, ...meta, metadata: { during: "password_reset" } });
      throw new AppError("VALIDATION_FAILED", "That code is not right.", { fieldErrors: [fieldError("code", "That code is not right, or it was already used.")] });
    }
    await limiter.reset(mfaKey);
  }
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    // The claim is the check: of two submissions racing with one link, only one finds it unused.
    const { count } = await tx.passwordResetToken.updateMany({ where: { id: link.id, usedAt: null, expiresAt: { gt: now } }, data: { usedAt: now } });
    if (count === 0) throw invalidLink();
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, passwordChangedAt: now } });
    const sessionsEnded = await endAllSessionsOfUser(user.id, tx);
    await recordAuditEvent({ actorId: user.id, action: "auth.password_reset.completed", targetType: "user", targetId: user.id, ...meta, metadata: { sessionsEnded } }, tx);
  });
  // Whoever was guessing at this account from here made the owner wait; the reset ends that.
  await getSignInThrottle().clearAccountAt(user.email, meta.ip);
}
