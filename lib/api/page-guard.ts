import "server-only";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { AppError } from "@/lib/core/app-error";
import { mfaGraceDeadline, orgAccessProblem } from "@/lib/core/auth/org-access";
import { toJson, type Jsonify } from "@/lib/core/jsonify";
import { getSignedInUser } from "@/lib/api/auth/session";
import { listCallerMemberships, type TCallerMembership } from "@/lib/server/members/find-caller-membership";
import type { TCaller } from "@/lib/server/scope";
import { isId } from "@/lib/validation/id";

/**
 * For pages under /[orgSlug]: the signed-in caller as a member of that organisation, and all the
 * organisations they belong to (for the switcher; one statement serves both). Signed out →
 * /login; not a member (or no such org) → 404, the same answer for both.
 */
export const requireOrgPage = cache(async (orgSlug: string): Promise<TCaller & { orgName: string; userName: string; email: string; memberships: TCallerMembership[]; mfaDeadline: Date | null }> => {
  const user = await getSignedInUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(`/${orgSlug}/apis`)}`);
  const memberships = await listCallerMemberships(user);
  const membership = memberships.find((candidate) => candidate.org.slug === orgSlug);
  if (!membership) notFound();
  const problem = orgAccessProblem(membership.org, user);
  if (problem === "MFA_ENROLMENT_REQUIRED") redirect(`/mfa-setup?next=${encodeURIComponent(`/${membership.org.slug}/apis`)}`);
  if (problem === "SSO_REQUIRED") redirect(`/sso-required?org=${encodeURIComponent(membership.org.slug)}`);
  return {
    orgId: membership.org.id,
    orgSlug: membership.org.slug,
    orgName: membership.org.name,
    userId: user.userId,
    userName: user.name,
    email: user.email,
    role: membership.role,
    sessionId: user.sessionId,
    ip: "page",
    userAgent: null,
    memberships,
    // Set while the organisation's MFA grace period runs for this caller: the shell's banner.
    mfaDeadline: mfaGraceDeadline(membership.org, user),
  };
});

/**
 * One record for a page, in the shape its client components also get from the API (dates as
 * strings), or null when the id is malformed or names nothing in the caller's organisation: the
 * page then answers 404, exactly as for a missing id.
 */
export async function loadForPage<T>(id: string, load: (id: string) => Promise<T>): Promise<Jsonify<T> | null> {
  if (!isId(id)) return null;
  try {
    return toJson(await load(id));
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  }
}
