import "server-only";
import { createHash } from "node:crypto";

// Password reset by an emailed link: 256 random bits, stored as SHA-256 only, valid 15 minutes,
// usable once, and a new link voids the older ones. It does not get around two-factor
// authentication: an account with TOTP must also give a code (or a recovery code) to reset.

export const RESET_LINK_VALIDITY_MS = 15 * 60 * 1000;

export const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");
