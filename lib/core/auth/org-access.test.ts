import { describe, expect, it } from "vitest";
import { mfaGraceDeadline, orgAccessProblem } from "@/lib/core/auth/org-access";

describe("orgAccessProblem", () => {
  const password = { authMethod: "PASSWORD" as const, mfaEnabled: false };
  const passwordWithMfa = { authMethod: "PASSWORD" as const, mfaEnabled: true };
  const sso = { authMethod: "SSO" as const, mfaEnabled: false };
  const now = new Date("2026-12-02T12:00:00Z");
  const later = new Date("2026-12-09T12:00:00Z");
  const earlier = new Date("2026-12-01T12:00:00Z");

  it("lets everyone in when the organisation has no policy", () => {
    expect(orgAccessProblem(null, password)).toBeNull();
    expect(orgAccessProblem({ requireMfa: false, ssoOnly: false }, password)).toBeNull();
  });

  it("sends password sessions without TOTP to enrolment when MFA is required", () => {
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: false }, password)).toBe("MFA_ENROLMENT_REQUIRED");
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: false }, passwordWithMfa)).toBeNull();
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: false }, sso)).toBeNull();
  });

  it("during the grace period lets them in with a deadline; from the deadline on, enrolment first", () => {
    const grace = { requireMfa: true, ssoOnly: false, mfaRequiredFrom: later };
    expect(orgAccessProblem(grace, password, now)).toBeNull();
    expect(mfaGraceDeadline(grace, password, now)).toEqual(later);
    expect(mfaGraceDeadline(grace, passwordWithMfa, now)).toBeNull();
    expect(mfaGraceDeadline(grace, sso, now)).toBeNull();
    expect(orgAccessProblem(grace, password, later)).toBe("MFA_ENROLMENT_REQUIRED");
    expect(mfaGraceDeadline(grace, password, later)).toBeNull();
    const inForce = { requireMfa: true, ssoOnly: false, mfaRequiredFrom: earlier };
    expect(orgAccessProblem(inForce, password, now)).toBe("MFA_ENROLMENT_REQUIRED");
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: false, mfaRequiredFrom: null }, password, now)).toBe("MFA_ENROLMENT_REQUIRED");
    expect(mfaGraceDeadline({ requireMfa: false, ssoOnly: false, mfaRequiredFrom: null }, password, now)).toBeNull();
  });

  it("admits only SSO sessions to an SSO-only organisation, with or without TOTP", () => {
    expect(orgAccessProblem({ requireMfa: false, ssoOnly: true }, password)).toBe("SSO_REQUIRED");
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: true }, passwordWithMfa)).toBe("SSO_REQUIRED");
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: true }, sso)).toBeNull();
    expect(orgAccessProblem({ requireMfa: true, ssoOnly: true, mfaRequiredFrom: later }, password, now)).toBe("SSO_REQUIRED");
  });
});
