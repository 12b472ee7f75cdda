import { describe, expect, it } from "vitest";
import { newPasswordProblem } from "@/lib/core/auth/password-policy";

describe("newPasswordProblem", () => {
  it("accepts long passphrases and the passwords the demo and tests use", () => {
    for (const password of ["correct horse battery staple", "e2e-Demo-passphrase-1", "first owner's long passphrase", "a perfectly fine passphrase", "another-password-123", "new-password-5678", "api-guild-password", "Tr0ub4dor&3-is-not-it"]) {
      expect(newPasswordProblem(password), password).toBeNull();
    }
  });

  it("refuses passwords shorter than 12 or longer than 128 characters", () => {
    expect(newPasswordProblem("short-pass1")).toMatch(/at least 12/);
    expect(newPasswordProblem("x".repeat(100) + "y".repeat(29))).toMatch(/at most 128/);
  });

  it("refuses common passwords from the shipped list, whatever the case", () => {
    for (const password of ["1qaz2wsx3edc", "123qweasdzxc", "QWERTY123456", "LeaveMeAlone", "q1w2e3r4t5y6"]) {
      expect(newPasswordProblem(password), password).toMatch(/most common passwords/);
    }
  });

  it("refuses thin disguises: digits and symbols around a common word, leetspeak, repetition", () => {
    for (const password of ["Password2024!", "p@ssw0rd12345", "!!!sunshine!!!", "passwordpassword", "dragondragondragon", "iloveyou 123456", "m0nkey1234567"]) {
      expect(newPasswordProblem(password), password).toMatch(/most common passwords/);
    }
  });

  it("refuses a password of one or two repeated characters", () => {
    expect(newPasswordProblem("zzzzzzzzzzzzzzzz")).toMatch(/most common|different characters/);
    expect(newPasswordProblem("xyxyxyxyxyxyxy")).toMatch(/different characters/);
  });

  it("refuses a password made mostly of the app's name or the user's own name or email", () => {
    expect(newPasswordProblem("Bulwark2026!!")).toMatch(/name of this app/);
    expect(newPasswordProblem("ximena.okonkwo-1987!", { email: "ximena.okonkwo@example.com" })).toMatch(/your name or email/);
    expect(newPasswordProblem("Okonkwo-Ximena-42", { name: "Ximena Okonkwo" })).toMatch(/your name or email/);
    // Without the context the same password is fine, and so are the words inside a long passphrase.
    expect(newPasswordProblem("Okonkwo-Ximena-42")).toBeNull();
    expect(newPasswordProblem("ximena walks her three dogs at dawn", { email: "ximena.okonkwo@example.com" })).toBeNull();
  });
});
