import { noContent, withUser, ZIdParams } from "@/lib/api/guard";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { revokeSessionOfUser } from "@/lib/server/auth/revoke-session-of-user";

export const DELETE = withUser({ params: ZIdParams }, async ({ user, params, meta }) => {
  await revokeSessionOfUser(user.userId, params.id);
  await recordAuditEvent({ actorId: user.userId, action: "auth.session.revoked", targetType: "session", targetId: params.id, ...meta });
  return noContent();
});
