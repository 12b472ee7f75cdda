import { describe, expect, it } from "vitest";
import { orgAccessProblem } from "@/lib/auth/org-access";

describe("orgAccessProblem", () => {
  const password = { authMethod: "PASSWORD" as const, mfaEnabled: false };
  const passwordWithMfa = { authMethod: "PASSWORD" as const, mfaEnabled: true };
  const sso = { authMethod: "SSO" as const, mfaEnabled: false };

  it("lets everyone in when the organisation has no policy", () => {
    expect(orgAccessProblem(null, password)).toBeNull();
    expect(orgAccessProblem({ requireMfa: false, ssoOnly: false }, password)).toBeNull();
  });

  it("sends password sessions without TOTP to enrolment when MFA is required", () => {
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: false }, password)).toBe("MFA_ENROLMENT_REQUIRED");
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: false }, passwordWithMfa)).toBeNull();
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: false }, sso)).toBeNull();
  });

  it("admits only SSO sessions to an SSO-only organisation, with or without TOTP", () => {
    expect(orgAccessProblem({ requireMfa: false, ssoOnly: true }, password)).toBe("SSO_REQUIRED");
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: true }, passwordWithMfa)).toBe("SSO_REQUIRED");
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: true }, sso)).toBeNull();
  });
});
