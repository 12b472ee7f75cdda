import { json, withUser } from "@/lib/api/guard";
import { AppError } from "@/lib/core/app-error";
import { findCallerMembership } from "@/lib/server/members/find-caller-membership";
import { setActiveOrganization } from "@/lib/server/auth/auth-sessions";
import { ZSetActiveOrganization } from "@/lib/validation/organization";

export const PUT = withUser({ body: ZSetActiveOrganization }, async ({ user, body }) => {
  const membership = await findCallerMembership({ userId: user.userId, orgSlug: body.slug });
  if (!membership) throw new AppError("NOT_FOUND", "No such organisation.");
  await setActiveOrganization(user.sessionId, user.userId, membership.org.id);
  const { id, slug, name } = membership.org;
  return json({ org: { id, slug, name }, role: membership.role });
});
