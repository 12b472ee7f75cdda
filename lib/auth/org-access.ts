import type { AuthMethod } from "@/lib/generated/prisma/enums";

// An organisation's sign-in policy, applied on every request that acts in it (route guard and
// org pages), so it also reaches sessions that started before an admin switched it on.

export type TOrgSignInPolicy = { requireMfa: boolean; ssoOnly: boolean };

export type TOrgAccessProblem = "SSO_REQUIRED" | "MFA_ENROLMENT_REQUIRED";

export function orgAccessProblem(policy: TOrgSignInPolicy | null | undefined, session: { authMethod: AuthMethod; mfaEnabled: boolean }): TOrgAccessProblem | null {
  if (!policy) return null;
  if (policy.ssoOnly && session.authMethod !== "SSO") return "SSO_REQUIRED";
  // With SSO the identity provider is responsible for the second factor (see docs/SECURITY.md).
  if (policy.requireMfa && session.authMethod === "PASSWORD" && !session.mfaEnabled) return "MFA_ENROLMENT_REQUIRED";
  return null;
}
