import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { DEFAULT_MFA_GRACE_DAYS } from "@/lib/core/auth/org-access";
import { db } from "@/lib/db";
import { oidcSettings } from "@/lib/env";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import type { TCaller } from "@/lib/server/scope";
import { getOrgSecuritySettings } from "@/lib/server/settings/get-org-security-settings";
import { lacksMfa, type TSessionFacts } from "@/lib/server/settings/session-facts";
import type { TOrgSecurityPolicy } from "@/lib/validation/settings";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Saves the whole policy (two switches, so the last save wins; the audit log keeps every
 * change). SSO-only can be switched on only by an admin whose own session came through SSO:
 * proof that SSO works for this organisation before password sign-in is refused to everyone.
 * Likewise MFA can be required only by an admin whose own session would pass the requirement,
 * and members get a grace period (mfaGraceDays, default 7) before enrolment is forced.
 */
export async function updateOrgSecuritySettings(caller: TCaller, session: TSessionFacts, input: TOrgSecurityPolicy) {
  if (input.ssoOnly && !oidcSettings()) {
    throw new AppError("VALIDATION_FAILED", "Single sign-on is not configured on this server.", {
      fieldErrors: [fieldError("ssoOnly", "Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET on the server first.")],
    });
  }
  return db.$transaction(async (tx) => {
    // Row lock: two admins switching the requirement on at once must not both set the deadline.
    await tx.$executeRaw`SELECT 1 FROM "Organization" WHERE id = ${caller.orgId} FOR UPDATE`;
    const before = await tx.organization.findUniqueOrThrow({ where: { id: caller.orgId }, select: { requireMfa: true, mfaRequiredFrom: true, ssoOnly: true } });
    if (input.ssoOnly && !before.ssoOnly && session.authMethod !== "SSO") {
      throw new AppError("CONFLICT", "Sign in with SSO yourself first: then you know it works before password sign-in is switched off for everyone.", {
        fieldErrors: [fieldError("ssoOnly", "Sign out and sign in with SSO, then switch this on.")],
      });
    }
    const switchingMfaOn = input.requireMfa && !before.requireMfa;
    if (switchingMfaOn && lacksMfa(session)) {
      throw new AppError("CONFLICT", "Set up two-factor authentication for your own account first (Account → Two-factor authentication): then you know it works, and you are not locked out yourself.", {
        fieldErrors: [fieldError("requireMfa", "Set up two-factor authentication on your account page first.")],
      });
    }
    // The deadline is set once, when the requirement goes on; saving again does not move it.
    const mfaRequiredFrom = !input.requireMfa ? null : switchingMfaOn ? new Date(Date.now() + (input.mfaGraceDays ?? DEFAULT_MFA_GRACE_DAYS) * DAY_MS) : before.mfaRequiredFrom;
    await tx.organization.updateMany({ where: { id: caller.orgId }, data: { requireMfa: input.requireMfa, mfaRequiredFrom, ssoOnly: input.ssoOnly } });
    if (before.requireMfa !== input.requireMfa || before.ssoOnly !== input.ssoOnly) {
      await recordAuditEventBy(
        caller,
        {
          action: "settings.security_changed",
          targetType: "organization",
          targetId: caller.orgId,
          metadata: { from: { requireMfa: before.requireMfa, ssoOnly: before.ssoOnly }, to: { requireMfa: input.requireMfa, ssoOnly: input.ssoOnly }, mfaRequiredFrom: mfaRequiredFrom?.toISOString() ?? null },
        },
        tx,
      );
    }
  }).then(() => getOrgSecuritySettings(caller, session));
}
