import { describe, expect, it } from "vitest";
import { generateRecoveryCodes, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from "./recovery-codes";
import { openSecret, sealSecret } from "./secret-box";
import { formatManualKey, matchTotpStep, newTotpSecret, otpauthUri, totpCodeAt } from "./totp";

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890"; 6-digit codes are the last six digits.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP", () => {
  it("matches the RFC 6238 test vectors", () => {
    expect(totpCodeAt(RFC_SECRET, new Date(59_000))).toBe("287082");
    expect(totpCodeAt(RFC_SECRET, new Date(1_111_111_109_000))).toBe("081804");
    expect(totpCodeAt(RFC_SECRET, new Date(1_234_567_890_000))).toBe("005924");
    expect(totpCodeAt(RFC_SECRET, new Date(2_000_000_000_000))).toBe("279037");
  });

  it("returns the time step a code belongs to, one step either side of now and no further", () => {
    const now = new Date(1_234_567_890_000);
    const step = Math.floor(now.getTime() / 30_000);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, now), now)).toBe(step);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() - 30_000)), now)).toBe(step - 1);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() + 30_000)), now)).toBe(step + 1);
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() - 90_000)), now)).toBeNull();
    expect(matchTotpStep(RFC_SECRET, totpCodeAt(RFC_SECRET, new Date(now.getTime() + 90_000)), now)).toBeNull();
  });

  it("refuses anything that is not six digits", () => {
    const now = new Date(59_000);
    for (const code of ["", "28708", "2870822", "28708a", " 287082", "287 082"]) expect(matchTotpStep(RFC_SECRET, code, now), code).toBeNull();
  });

  it("makes 160-bit secrets, a provisioning URI and a readable manual key", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(secret);
    const uri = new URL(otpauthUri(secret, "ana@example.test"));
    expect(uri.protocol).toBe("otpauth:");
    expect(uri.searchParams.get("secret")).toBe(secret);
    expect(uri.searchParams.get("issuer")).toBe("Bulwark");
    expect(uri.searchParams.get("digits")).toBe("6");
    expect(formatManualKey("ABCDEFGHIJKLMNOP")).toBe("ABCD EFGH IJKL MNOP");
  });
});

describe("secret box", () => {
  const key = "an-app-secret-that-is-long-enough-for-this-test";

  it("encrypts with a fresh IV each time and opens with the same key only", () => {
    const a = sealSecret("JBSWY3DPEHPK3PXP", key);
    const b = sealSecret("JBSWY3DPEHPK3PXP", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("JBSWY3DPEHPK3PXP");
    expect(openSecret(a, key)).toBe("JBSWY3DPEHPK3PXP");
    expect(openSecret(a, `${key}-rotated`)).toBeNull();
    expect(openSecret(a, undefined)).toBeNull();
  });

  it("refuses a tampered value", () => {
    const [version, iv, tag, ciphertext] = sealSecret("JBSWY3DPEHPK3PXP", key).split(".");
    const flipped = Buffer.from(ciphertext!, "base64url");
    flipped[0]! ^= 1;
    expect(openSecret([version, iv, tag, flipped.toString("base64url")].join("."), key)).toBeNull();
  });

  it("marks the value as plain when there is no app secret", () => {
    expect(sealSecret("JBSWY3DPEHPK3PXP", undefined)).toBe("plain.JBSWY3DPEHPK3PXP");
    expect(openSecret("plain.JBSWY3DPEHPK3PXP", key)).toBe("JBSWY3DPEHPK3PXP");
  });
});

describe("recovery codes", () => {
  it("makes ten distinct codes of ten unambiguous characters", () => {
    const codes = generateRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it("accepts what a person types: any case, spaces or dashes", () => {
    expect(normalizeRecoveryCode("ABCDE-FGHJK")).toBe("abcdefghjk");
    expect(normalizeRecoveryCode(" abcde fghjk ")).toBe("abcdefghjk");
    expect(normalizeRecoveryCode("abcde-fghj")).toBeNull();
    expect(normalizeRecoveryCode("abcde-fghj0")).toBeNull();
    expect(normalizeRecoveryCode("123456")).toBeNull();
  });
});
