import { json, noContent, withUser } from "@/lib/api/guard";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { endAllSessionsOfUser } from "@/lib/server/auth/end-session";
import { listSessionsOfUser } from "@/lib/server/auth/list-sessions-of-user";
import { ZRevokeSessionsQuery } from "@/lib/validation/account";

export const GET = withUser({}, async ({ user }) => json(await listSessionsOfUser(user.userId, user.sessionId)));

/** keep=none signs out everywhere, this browser included; keep=current ends every other session. */
export const DELETE = withUser({ query: ZRevokeSessionsQuery }, async ({ user, query, meta }) => {
  const ended = await endAllSessionsOfUser(user.userId, undefined, query.keep === "current" ? { except: user.sessionId } : {});
  await recordAuditEvent({ actorId: user.userId, action: "auth.sessions.revoked", targetType: "user", targetId: user.userId, ...meta, metadata: { keep: query.keep, ended } });
  return noContent();
});
