import "server-only";
import QRCode from "qrcode";
import { AppError, fieldError } from "@/lib/core/app-error";
import type { TRequestMeta } from "@/lib/server/scope";
import { hashPassword, verifyPassword } from "@/lib/core/auth/password";
import { generateRecoveryCodes, normalizeRecoveryCode } from "@/lib/core/auth/mfa/recovery-codes";
import { openSecret, sealSecret } from "@/lib/core/auth/mfa/secret-box";
import { formatManualKey, matchTotpStep, newTotpSecret, otpauthUri } from "@/lib/core/auth/mfa/totp";
import { db, type DbTransaction } from "@/lib/db";
import { env } from "@/lib/env";
import { requireCurrentPassword } from "@/lib/server/account/reauthenticate";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";

// Two-factor authentication with TOTP for one user. These functions act on the caller's own
// account only, so they take a user id rather than an organisation scope.

export type TMfaStatus = { enabled: boolean; enabledAt: Date | null; recoveryCodesLeft: number };

export async function getMfaStatus(userId: string): Promise<TMfaStatus> {
  const [user, recoveryCodesLeft] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { mfaEnabledAt: true } }),
    db.mfaRecoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabled: !!user?.mfaEnabledAt, enabledAt: user?.mfaEnabledAt ?? null, recoveryCodesLeft };
}

export type TMfaEnrolment = { otpauthUri: string; manualKey: string; qrCode: string };

/**
 * Starts setting up TOTP: a new secret waits, unconfirmed, until the first code proves the app
 * has it. The secret is shown now and never again; starting over replaces it. The password is
 * asked again first (ASVS 7.5.1): a stolen session must not be able to tie the account to the
 * thief's phone, which would lock the owner out of sign-in and of password reset alike.
 */
export async function startMfaEnrolment(userId: string, password: string): Promise<TMfaEnrolment> {
  await requireCurrentPassword(userId, password, "password");
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true, mfaEnabledAt: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in again.");
  if (user.mfaEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is already on. Turn it off first to set up a new authenticator.");
  const secret = newTotpSecret();
  await db.user.update({ where: { id: userId }, data: { mfaPendingSecret: sealSecret(secret, env.NEXTAUTH_SECRET) } });
  const uri = otpauthUri(secret, user.email);
  // An inline SVG as a data: URL: drawn on the server, no script, allowed by img-src 'self' data:.
  const svg = await QRCode.toString(uri, { type: "svg", margin: 1, errorCorrectionLevel: "M" });
  return { otpauthUri: uri, manualKey: formatManualKey(secret), qrCode: `data:image/svg+xml;base64,${Buffer.from(svg).toString("base64")}` };
}

async function replaceRecoveryCodes(tx: DbTransaction, userId: string): Promise<string[]> {
  const codes = generateRecoveryCodes();
  const hashes = await Promise.all(codes.map((code) => hashPassword(normalizeRecoveryCode(code)!)));
  await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
  await tx.mfaRecoveryCode.createMany({ data: hashes.map((codeHash) => ({ userId, codeHash })) });
  return codes;
}

const wrongCode = () =>
  new AppError("VALIDATION_FAILED", "That code is not right.", {
    fieldErrors: [fieldError("code", "That code is not right. Enter the 6-digit code your app shows now; check that your phone's clock is set automatically.")],
  });

/** Confirms enrolment with a first code and returns the ten recovery codes, shown only this once. */
export async function confirmMfaEnrolment(userId: string, code: string, meta: TRequestMeta, now = new Date()): Promise<{ recoveryCodes: string[] }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { mfaPendingSecret: true, mfaEnabledAt: true } });
  if (!user || user.mfaEnabledAt || !user.mfaPendingSecret) {
    throw new AppError("CONFLICT", "There is no set-up in progress. Start setting up two-factor authentication again.");
  }
  const secret = openSecret(user.mfaPendingSecret, env.NEXTAUTH_SECRET);
  const step = secret ? matchTotpStep(secret, code, now) : null;
  if (step === null) throw wrongCode();
  return db.$transaction(async (tx) => {
    // Conditional on the pending secret the code was checked against: a set-up restarted in
    // another tab meanwhile makes this one fail instead of enabling a secret nobody saw.
    const { count } = await tx.user.updateMany({
      where: { id: userId, mfaEnabledAt: null, mfaPendingSecret: user.mfaPendingSecret },
      data: { mfaSecret: user.mfaPendingSecret, mfaPendingSecret: null, mfaEnabledAt: now, mfaLastUsedStep: step },
    });
    if (count === 0) throw new AppError("CONFLICT", "The set-up changed in another window. Start again.");
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await recordAuditEvent({ actorId: userId, action: "auth.mfa.enabled", targetType: "user", targetId: userId, ...meta }, tx);
    return { recoveryCodes };
  });
}

/** Turns TOTP off after the password is confirmed again; recovery codes go with it. */
export async function disableMfa(userId: string, password: string, meta: TRequestMeta): Promise<void> {
  await requireCurrentPassword(userId, password, "password");
  await db.$transaction(async (tx) => {
    const { count } = await tx.user.updateMany({
      where: { id: userId, mfaEnabledAt: { not: null } },
      data: { mfaSecret: null, mfaPendingSecret: null, mfaEnabledAt: null, mfaLastUsedStep: null },
    });
    if (count === 0) throw new AppError("CONFLICT", "Two-factor authentication is not on.");
    await tx.mfaRecoveryCode.deleteMany({ where: { userId } });
    await recordAuditEvent({ actorId: userId, action: "auth.mfa.disabled", targetType: "user", targetId: userId, ...meta }, tx);
  });
}

/** Ten new recovery codes; the old ones stop working. Needs the password again. */
export async function regenerateRecoveryCodes(userId: string, password: string, meta: TRequestMeta): Promise<{ recoveryCodes: string[] }> {
  await requireCurrentPassword(userId, password, "password");
  return db.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { mfaEnabledAt: true } });
    if (!user?.mfaEnabledAt) throw new AppError("CONFLICT", "Two-factor authentication is not on.");
    const recoveryCodes = await replaceRecoveryCodes(tx, userId);
    await recordAuditEvent({ actorId: userId, action: "auth.mfa.recovery_codes_regenerated", targetType: "user", targetId: userId, ...meta }, tx);
    return { recoveryCodes };
  });
}

export type TSecondFactor = "totp" | "recovery_code";

/**
 * Checks a second factor for a user with TOTP on and uses it up: a TOTP code only when its time
 * step is later than the last one accepted (so neither the same code nor an older one works
 * twice), a recovery code only once. Both claims are single conditional updates, so two
 * requests racing with the same code cannot both win.
 */
export async function consumeSecondFactor(userId: string, input: string, now = new Date()): Promise<TSecondFactor | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { mfaSecret: true, mfaEnabledAt: true } });
  if (!user?.mfaEnabledAt || !user.mfaSecret) return null;
  const code = input.replace(/\s/g, "");
  if (/^\d{6}$/.test(code)) {
    const secret = openSecret(user.mfaSecret, env.NEXTAUTH_SECRET);
    const step = secret ? matchTotpStep(secret, code, now) : null;
    if (step === null) return null;
    const { count } = await db.user.updateMany({
      where: { id: userId, mfaEnabledAt: { not: null }, OR: [{ mfaLastUsedStep: null }, { mfaLastUsedStep: { lt: step } }] },
      data: { mfaLastUsedStep: step },
    });
    return count === 1 ? "totp" : null;
  }
  const recovery = normalizeRecoveryCode(code);
  if (!recovery) return null;
  const unused = await db.mfaRecoveryCode.findMany({ where: { userId, usedAt: null }, select: { id: true, codeHash: true } });
  const matches = await Promise.all(unused.map((row) => verifyPassword(row.codeHash, recovery)));
  const match = unused[matches.indexOf(true)];
  if (!match) return null;
  const { count } = await db.mfaRecoveryCode.updateMany({ where: { id: match.id, userId, usedAt: null }, data: { usedAt: now } });
  return count === 1 ? "recovery_code" : null;
}
