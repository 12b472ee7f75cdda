import "server-only";
import { AppError, fieldError } from "@/lib/api/app-error";
import { db } from "@/lib/db";
import { oidcSettings } from "@/lib/env";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import type { TCaller, TOrgScope } from "@/lib/server/scope";
import type { TOrgSecurityPolicy } from "@/lib/validation/security";

// An organisation's sign-in policy: require TOTP of members who sign in with a password, and/or
// admit SSO sessions only. Applied on every request in lib/api/guard.ts and the org pages.

export async function getOrgSecuritySettings(scope: TOrgScope) {
  const [org, members, membersWithMfa] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: scope.orgId }, select: { requireMfa: true, ssoOnly: true } }),
    db.membership.count({ where: { orgId: scope.orgId } }),
    db.membership.count({ where: { orgId: scope.orgId, user: { mfaEnabledAt: { not: null } } } }),
  ]);
  const sso = oidcSettings();
  return { ...org, ssoConfigured: !!sso, ssoName: sso?.displayName ?? null, members, membersWithMfa };
}

export type TOrgSecuritySettings = Awaited<ReturnType<typeof getOrgSecuritySettings>>;

/**
 * Saves the whole policy (two switches, so the last save wins; the audit log keeps every
 * change). SSO-only can be switched on only by an admin whose own session came through SSO:
 * proof that SSO works for this organisation before password sign-in is refused to everyone.
 */
export async function updateOrgSecuritySettings(caller: TCaller, session: { authMethod: "PASSWORD" | "SSO" }, input: TOrgSecurityPolicy) {
  if (input.ssoOnly && !oidcSettings()) {
    throw new AppError("VALIDATION_FAILED", "Single sign-on is not configured on this server.", {
      fieldErrors: [fieldError("ssoOnly", "Set OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET on the server first.")],
    });
  }
  return db.$transaction(async (tx) => {
    const before = await tx.organization.findUniqueOrThrow({ where: { id: caller.orgId }, select: { requireMfa: true, ssoOnly: true } });
    if (input.ssoOnly && !before.ssoOnly && session.authMethod !== "SSO") {
      throw new AppError("CONFLICT", "Sign in with SSO yourself first: then you know it works before password sign-in is switched off for everyone.", {
        fieldErrors: [fieldError("ssoOnly", "Sign out and sign in with SSO, then switch this on.")],
      });
    }
    await tx.organization.updateMany({ where: { id: caller.orgId }, data: { requireMfa: input.requireMfa, ssoOnly: input.ssoOnly } });
    if (before.requireMfa !== input.requireMfa || before.ssoOnly !== input.ssoOnly) {
      await recordAuditEvent(
        { orgId: caller.orgId, actorId: caller.userId, action: "settings.security_changed", targetType: "organization", targetId: caller.orgId, ip: caller.ip, userAgent: caller.userAgent, metadata: { from: before, to: input } },
        tx,
      );
    }
  }).then(() => getOrgSecuritySettings(caller));
}
