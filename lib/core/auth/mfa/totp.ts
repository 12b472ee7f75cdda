import { Secret, TOTP } from "otpauth";

// TOTP as authenticator apps expect it (RFC 6238 defaults): HMAC-SHA1, 6 digits, 30-second steps.
// A code from the step before or after the server's is accepted too, for clocks a little off.

const ISSUER = "Bulwark";
const SECRET_BYTES = 20; // 160 bits, the HMAC-SHA1 block the RFC recommends

function totpFor(secretBase32: string, label = ""): TOTP {
  return new TOTP({ issuer: ISSUER, label, secret: Secret.fromBase32(secretBase32), algorithm: "SHA1", digits: 6, period: 30 });
}

export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function otpauthUri(secretBase32: string, accountLabel: string): string {
  return totpFor(secretBase32, accountLabel).toString();
}

/** The base32 key in groups of four, for typing it in by hand. */
export function formatManualKey(secretBase32: string): string {
  return secretBase32.replace(/(.{4})/g, "$1 ").trim();
}

/**
 * The time step `code` belongs to, or null when it matches none of the allowed steps. The caller
 * must still refuse a step that is not later than the last one used (replay).
 */
export function matchTotpStep(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpFor(secretBase32);
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta;
}

/** The code for `at`; for tests and the e2e authenticator. */
export function totpCodeAt(secretBase32: string, at: Date): string {
  return totpFor(secretBase32).generate({ timestamp: at.getTime() });
}
