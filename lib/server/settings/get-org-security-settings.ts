import "server-only";
import { DEFAULT_MFA_GRACE_DAYS } from "@/lib/core/auth/org-access";
import { db } from "@/lib/db";
import { oidcSettings } from "@/lib/env";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { lacksMfa, type TSessionFacts } from "@/lib/server/settings/session-facts";

export async function getOrgSecuritySettings(caller: TOrgScope, session: TSessionFacts) {
  const [org, members, membersWithMfa] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: caller.orgId }, select: { requireMfa: true, mfaRequiredFrom: true, ssoOnly: true } }),
    db.membership.count({ where: inOrg(caller) }),
    db.membership.count({ where: inOrg(caller, { user: { mfaEnabledAt: { not: null } } }) }),
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
