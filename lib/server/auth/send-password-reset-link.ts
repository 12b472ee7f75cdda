import "server-only";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { hashToken, RESET_LINK_VALIDITY_MS } from "@/lib/server/auth/password-reset-token";
import { getFailureLimiter, ipBucket, OTHER_RULES } from "@/lib/server/auth/rate-limit";
import { sendEmail } from "@/lib/server/notifications/mailer";
import type { TRequestMeta } from "@/lib/server/scope";

/** Refuses a flood of reset requests from one address before anything else happens. */
export async function assertPasswordResetRequestAllowed(meta: TRequestMeta): Promise<void> {
  const attempt = await getFailureLimiter().consume([{ key: `password-reset:ip:${ipBucket(meta.ip)}`, rule: OTHER_RULES.passwordResetRequestPerIp }]);
  if (!attempt.allowed) throw new AppError("RATE_LIMITED", "Too many reset requests from this address. Try again later.", { retryAfterSeconds: attempt.retryAfterSeconds });
}

/**
 * Emails a reset link when the address has an account. The caller answers the same way either
 * way (and before this runs), so the answer tells nobody whether an account exists.
 */
export async function sendPasswordResetLink(meta: TRequestMeta, email: string, now = new Date()): Promise<void> {
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
