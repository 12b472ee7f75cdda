import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

// TOTP secrets at rest: AES-256-GCM under a key derived (HKDF-SHA256) from the app secret, so a
// copy of the database alone does not hand out everyone's second factor. Without an app secret
// (a bare test process) the value is stored marked as plain, and still never sent back out.

const VERSION = "v1";

function keyFrom(appSecret: string): Buffer {
  return Buffer.from(hkdfSync("sha256", appSecret, "bulwark", "mfa-secret-v1", 32));
}

export function sealSecret(plaintext: string, appSecret: string | undefined): string {
  if (!appSecret) return `plain.${plaintext}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyFrom(appSecret), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

/** The plaintext, or null when the value was sealed under another key or was tampered with. */
export function openSecret(sealed: string, appSecret: string | undefined): string | null {
  if (sealed.startsWith("plain.")) return sealed.slice("plain.".length);
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== VERSION || !iv || !tag || !ciphertext || !appSecret) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", keyFrom(appSecret), Buffer.from(iv, "base64url"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    return null;
  }
}
