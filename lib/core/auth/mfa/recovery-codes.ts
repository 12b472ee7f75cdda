import { randomInt } from "node:crypto";

// Ten single-use recovery codes of ten characters from an alphabet without look-alikes
// (no 0/o, 1/l/i): about 50 bits each. Shown once as "xxxxx-xxxxx"; stored as argon2id hashes.

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
const LENGTH = 10;

export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join("");
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** What a person typed, as stored before hashing; null when it cannot be a recovery code. */
export function normalizeRecoveryCode(input: string): string | null {
  const compact = input.toLowerCase().replace(/[\s-]/g, "");
  return compact.length === LENGTH && [...compact].every((char) => ALPHABET.includes(char)) ? compact : null;
}
