import { json, withUser } from "@/lib/api/guard";
import { AppError } from "@/lib/core/app-error";
import { findCallerMembership } from "@/lib/server/members/find-caller-membership";
import { setActiveOrganization } from "@/lib/server/auth/set-active-organization";
import { ZSetActiveOrganization } from "@/lib/validation/organization";

export const PUT = withUser({ body: ZSetActiveOrganization }, async ({ user, body }) => {
  const membership = await findCallerMembership(user, body.slug);
  if (!membership) throw new AppError("NOT_FOUND", "No such organisation.");
  await setActiveOrganization(user.userId, user.sessionId, membership.org.id);
  const { id, slug, name } = membership.org;
  return json({ org: { id, slug, name }, role: membership.role });
});
