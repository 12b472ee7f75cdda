import "server-only";
import QRCode from "qrcode";
import { AppError } from "@/lib/core/app-error";
import { newTotpSecret, otpauthUri, formatManualKey } from "@/lib/core/auth/mfa/totp";
import { sealSecret } from "@/lib/core/auth/mfa/secret-box";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { verifyCurrentPassword } from "@/lib/server/account/verify-current-password";

export type TMfaEnrolment = { otpauthUri: string; manualKey: string; qrCode: string };

/**
 * Starts setting up TOTP: a new secret waits, unconfirmed, until the first code proves the app
 * has it. The secret is shown now and never again; starting over replaces it. The password is
 * asked again first (ASVS 7.5.1): a stolen session must not be able to tie the account to the
 * thief's phone, which would lock the owner out of sign-in and of password reset alike.
 */
export async function startMfaEnrolment(userId: string, password: string): Promise<TMfaEnrolment> {
  await verifyCurrentPassword(userId, password, "password");
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
