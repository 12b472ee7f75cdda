import { describe, expect, it } from "vitest";
import {
  accountAttribute,
  cleartextHost,
  debugPathWord,
  isAntiCsrfHeader,
  isExpiryField,
  isGuessableSecretField,
  isIssuedTokenField,
  isReauthenticationField,
  isUserNameParameter,
  nameWords,
  pathWords,
  SAYS_PRIVILEGED_ONLY,
} from "./auth-names";

// The name lists and matchers the authentication and configuration rules share.

describe("nameWords and pathWords", () => {
  it("split camelCase, snake_case, kebab-case and acronyms", () => {
    expect(nameWords("resetPassword")).toEqual(["reset", "password"]);
    expect(nameWords("reset_password-now")).toEqual(["reset", "password", "now"]);
    expect(nameWords("X-CSRF-Token")).toEqual(["x", "csrf", "token"]);
    expect(nameWords("SESSION_SECRET")).toEqual(["session", "secret"]);
    expect(nameWords("APIKey")).toEqual(["api", "key"]);
  });
  it("read only literal path segments", () => {
    expect(pathWords("/auth/sign-in/{provider}")).toEqual(["auth", "sign", "in"]);
  });
});

describe("credential names", () => {
  it("tells one-time codes from other codes", () => {
    expect(isGuessableSecretField({ name: "otp" })).toBe(true);
    expect(isGuessableSecretField({ name: "verificationCode" })).toBe(true);
    expect(isGuessableSecretField({ name: "code", pattern: "^\\d{6}$" })).toBe(true);
    expect(isGuessableSecretField({ name: "countryCode" })).toBe(false);
    expect(isGuessableSecretField({ name: "code", example: "SUMMER-10" })).toBe(false);
  });
  it("knows re-authentication fields and what an account change replaces", () => {
    expect(isReauthenticationField("currentPassword")).toBe(true);
    expect(isReauthenticationField("old_password")).toBe(true);
    expect(isReauthenticationField("newPassword")).toBe(false);
    expect(accountAttribute("newEmail")).toBe("email");
    expect(accountAttribute("mobileNumber")).toBe("phone");
    expect(accountAttribute("displayName")).toBeNull();
  });
  it("knows user-name parameters from opaque ids", () => {
    expect(isUserNameParameter("username")).toBe(true);
    expect(isUserNameParameter("userId")).toBe(false);
  });
  it("knows issued tokens and their expiry fields", () => {
    expect(isIssuedTokenField("access_token")).toBe(true);
    expect(isIssuedTokenField("token_type")).toBe(false);
    expect(isIssuedTokenField("tokenSecret")).toBe(false);
    expect(isExpiryField("expires_in")).toBe(true);
    expect(isExpiryField("validUntil")).toBe(true);
    expect(isExpiryField("createdAt")).toBe(false);
  });
  it("knows anti-CSRF headers", () => {
    expect(isAntiCsrfHeader("X-XSRF-TOKEN")).toBe(true);
    expect(isAntiCsrfHeader("X-Requested-With")).toBe(true);
    expect(isAntiCsrfHeader("X-Request-Id")).toBe(false);
  });
});

describe("configuration names", () => {
  it("finds debug words above any record, not in ordinary words", () => {
    expect(debugPathWord("/internal/debug/config")).toBe("debug");
    expect(debugPathWord("/admin/reset-db")).toBe("reset db");
    expect(debugPathWord("/devices/{id}/diagnostics")).toBeNull();
    expect(debugPathWord("/environments-report")).toBeNull();
  });
  it("reads 'admins only' in either order", () => {
    expect(SAYS_PRIVILEGED_ONLY.test("Payroll administrators only")).toBe(true);
    expect(SAYS_PRIVILEGED_ONLY.test("Only managers may approve")).toBe(true);
    expect(SAYS_PRIVILEGED_ONLY.test("List only your own orders")).toBe(false);
  });
  it("reports cleartext hosts except loopback and reserved names", () => {
    expect(cleartextHost("http://ingest.acme.io:8080/v1")).toBe("ingest.acme.io");
    expect(cleartextHost("https://api.acme.io")).toBeNull();
    for (const url of ["http://localhost:8080", "http://127.0.0.1", "http://[::1]:3000", "http://api.example.com", "http://example.org", "http://shop.test", "http://x.example", "http://y.invalid", "http://app.localhost", "http://{host}/v1", "/relative"]) {
      expect(cleartextHost(url)).toBeNull();
    }
  });
});
