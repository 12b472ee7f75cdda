import type { AuthMethod } from "@/lib/generated/prisma/enums";

// An organisation's sign-in policy, applied on every request that acts in it (route guard and
// org pages), so it also reaches sessions that started before an admin switched it on.

/**
 * `mfaRequiredFrom` is when a required second factor becomes compulsory: until then members
 * without one get a grace period (a banner), from then on enrolment first. Absent or null with
 * `requireMfa` on means in force now (fail closed; the database does not allow that state).
 */
export type TOrgSignInPolicy = { requireMfa: boolean; ssoOnly: boolean; mfaRequiredFrom?: Date | null };

export type TOrgAccessProblem = "SSO_REQUIRED" | "MFA_ENROLMENT_REQUIRED";

type TSessionFacts = { authMethod: AuthMethod; mfaEnabled: boolean };

/** A password session without TOTP in an organisation that requires MFA (in force or not yet). */
function lacksRequiredMfa(policy: TOrgSignInPolicy, session: TSessionFacts): boolean {
  // With SSO the identity provider is responsible for the second factor (see docs/SECURITY.md).
  return policy.requireMfa && session.authMethod === "PASSWORD" && !session.mfaEnabled;
}

export function orgAccessProblem(policy: TOrgSignInPolicy | null | undefined, session: TSessionFacts, now: Date = new Date()): TOrgAccessProblem | null {
  if (!policy) return null;
  if (policy.ssoOnly && session.authMethod !== "SSO") return "SSO_REQUIRED";
  if (lacksRequiredMfa(policy, session) && !(policy.mfaRequiredFrom && policy.mfaRequiredFrom > now)) return "MFA_ENROLMENT_REQUIRED";
  return null;
}

/** The end of this session's grace period, while it runs: the app shell shows it in a banner. */
export function mfaGraceDeadline(policy: TOrgSignInPolicy | null | undefined, session: TSessionFacts, now: Date = new Date()): Date | null {
  if (!policy || orgAccessProblem(policy, session, now) || !lacksRequiredMfa(policy, session)) return null;
  return policy.mfaRequiredFrom ?? null;
}

/** The grace period members get when an admin switches the requirement on without choosing one. */
export const DEFAULT_MFA_GRACE_DAYS = 7;
