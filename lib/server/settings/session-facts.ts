import "server-only";
import { orgAccessProblem } from "@/lib/core/auth/org-access";
import type { AuthMethod } from "@/lib/generated/prisma/enums";

// An organisation's sign-in policy: require TOTP of members who sign in with a password, and/or
// admit SSO sessions only. Applied on every request in lib/api/guard.ts and the org pages.

export type TSessionFacts = { authMethod: AuthMethod; mfaEnabled: boolean };

/** Would this session be sent to enrolment once the requirement is in force? */
export const lacksMfa = (session: TSessionFacts) => orgAccessProblem({ requireMfa: true, ssoOnly: false, mfaRequiredFrom: null }, session) === "MFA_ENROLMENT_REQUIRED";
