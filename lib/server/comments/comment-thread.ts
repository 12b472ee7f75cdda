import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { mentionedUserIds } from "@/lib/core/comments/mentions";
import type { db, DbTransaction } from "@/lib/db";
import { recordNotification } from "@/lib/server/notifications/record-notification";
import { byIdInOrg, inOrg, type TCaller, type TOrgScope } from "@/lib/server/scope";

// Comments on threats and mitigations. The body is Markdown stored as written; it is rendered
// with raw HTML switched off and links limited to http(s)/mailto (components/comments/markdown.tsx).
// What listing, writing, editing and deleting comments share; each runs it in its own transaction.

export type TCommentTarget = { threatId: string } | { mitigationId: string };

export const commentSelect = {
  id: true,
  body: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  author: { select: { id: true, name: true } },
} as const;

/** The target inside the caller's organisation, with the page a notification should open. */
export async function resolveTarget(tx: DbTransaction | typeof db, caller: TOrgScope, target: TCommentTarget) {
  const org = await tx.organization.findFirstOrThrow({ where: { id: caller.orgId }, select: { slug: true } });
  if ("threatId" in target) {
    const threat = await tx.threat.findFirst({ where: byIdInOrg(caller, target.threatId), select: { id: true, title: true, threatModelId: true } });
    if (!threat) throw notFound("threat");
    return { where: { threatId: threat.id }, label: `threat “${threat.title}”`, link: `/${org.slug}/threat-models/${threat.threatModelId}?tab=threats` };
  }
  const mitigation = await tx.mitigation.findFirst({ where: byIdInOrg(caller, target.mitigationId), select: { id: true, title: true } });
  if (!mitigation) throw notFound("mitigation");
  return { where: { mitigationId: mitigation.id }, label: `mitigation “${mitigation.title}”`, link: `/${org.slug}/mitigations/${mitigation.id}` };
}

/** Mentions of people who are members here; anyone else named is ignored. */
export async function memberMentions(tx: DbTransaction, caller: TOrgScope, body: string): Promise<string[]> {
  const named = mentionedUserIds(body);
  if (!named.length) return [];
  const members = await tx.membership.findMany({ where: inOrg(caller, { userId: { in: named } }), select: { userId: true } });
  return members.map((member) => member.userId);
}

export async function notifyMentions(tx: DbTransaction, caller: TCaller, userIds: string[], label: string, link: string) {
  const ids: (string | null)[] = [];
  for (const userId of userIds) {
    if (userId === caller.userId) continue;
    ids.push(await recordNotification(tx, { orgId: caller.orgId, userId, kind: "MENTIONED", title: `You were mentioned on the ${label}`, link }));
  }
  return ids;
}

export async function ownComment(tx: DbTransaction, caller: TCaller, id: string) {
  const comment = await tx.comment.findFirst({ where: byIdInOrg(caller, id), select: { id: true, authorId: true, deletedAt: true, threatId: true, mitigationId: true, mentionedUserIds: true } });
  if (!comment || comment.deletedAt) throw notFound("comment");
  if (comment.authorId !== caller.userId) throw new AppError("FORBIDDEN", "You can only edit or delete your own comments.");
  return comment;
}
