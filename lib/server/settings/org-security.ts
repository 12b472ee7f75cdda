import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { DEFAULT_MFA_GRACE_DAYS, orgAccessProblem } from "@/lib/core/auth/org-access";
import { db } from "@/lib/db";
import type { AuthMethod } from "@/lib/generated/prisma/enums";
import { oidcSettings } from "@/lib/env";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import type { TCaller, TOrgScope } from "@/lib/server/scope";
import type { TOrgSecurityPolicy } from "@/lib/validation/settings";

// An organisation's sign-in policy: require TOTP of members who sign in with a password, and/or
// admit SSO sessions only. Applied on every request in lib/api/guard.ts and the org pages.

const DAY_MS = 24 * 60 * 60 * 1000;

type TSessionFacts = { authMethod: AuthMethod; mfaEnabled: boolean };

/** Would this session be sent to enrolment once the requirement is in force? */
const lacksMfa = (session: TSessionFacts) => orgAccessProblem({ requireMfa: true, ssoOnly: false, mfaRequiredFrom: null }, session) === "MFA_ENROLMENT_REQUIRED";

export async function getOrgSecuritySettings(scope: TOrgScope, session: TSessionFacts) {
  const [org, members, membersWithMfa] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: scope.orgId }, select: { requireMfa: true, mfaRequiredFrom: true, ssoOnly: true } }),
    db.membership.count({ where: { orgId: scope.orgId } }),
    db.membership.count({ where: { orgId: scope.orgId, user: { mfaEnabledAt: { not: null } } } }),
  ]);
  const sso = oidcSettings();
  return {
    ...org,
    ssoConfigured: !!sso,
    ssoName: sso?.displayName ?? null,
    members,
    membersWithMfa,
    // The settings form says so before an admin who would lock themselves out tries.
    callerCanRequireMfa: !lacksMfa(session),
    // Past the grace period: members without MFA are sent to enrolment.
    mfaInForce: org.requireMfa && (!org.mfaRequiredFrom || org.mfaRequiredFrom.getTime() <= Date.now()),
    defaultMfaGraceDays: DEFAULT_MFA_GRACE_DAYS,
  };
}

export type TOrgSecuritySettings = Awaited<ReturnType<typeof getOrgSecuritySettings>>;

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
      await recordAuditEvent(
        {
          orgId: caller.orgId,
          actorId: caller.userId,
          action: "settings.security_changed",
          targetType: "organization",
          targetId: caller.orgId,
          ip: caller.ip,
          userAgent: caller.userAgent,
          metadata: { from: { requireMfa: before.requireMfa, ssoOnly: before.ssoOnly }, to: { requireMfa: input.requireMfa, ssoOnly: input.ssoOnly }, mfaRequiredFrom: mfaRequiredFrom?.toISOString() ?? null },
        },
        tx,
      );
    }
  }).then(() => getOrgSecuritySettings(caller, session));
}
