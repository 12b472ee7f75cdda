import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { db, type DbTransaction } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { deliverEmails, recordNotification } from "@/lib/server/notifications/notify";
import { byIdInOrg, inOrg, type TCaller, type TOrgScope } from "@/lib/server/scope";
import { mentionedUserIds } from "@/lib/core/comments/mentions";

// Comments on threats and mitigations. The body is Markdown stored as written; it is rendered
// with raw HTML switched off and links limited to http(s)/mailto (components/comments/markdown.tsx).

export type TCommentTarget = { threatId: string } | { mitigationId: string };

const commentSelect = {
  id: true,
  body: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  author: { select: { id: true, name: true } },
} as const;

/** The target inside the caller's organisation, with the page a notification should open. */
async function resolveTarget(tx: DbTransaction | typeof db, scope: TOrgScope, target: TCommentTarget) {
  const org = await tx.organization.findFirstOrThrow({ where: { id: scope.orgId }, select: { slug: true } });
  if ("threatId" in target) {
    const threat = await tx.threat.findFirst({ where: byIdInOrg(scope, target.threatId), select: { id: true, title: true, threatModelId: true } });
    if (!threat) throw notFound("threat");
    return { where: { threatId: threat.id }, label: `threat “${threat.title}”`, link: `/${org.slug}/threat-models/${threat.threatModelId}?tab=threats` };
  }
  const mitigation = await tx.mitigation.findFirst({ where: byIdInOrg(scope, target.mitigationId), select: { id: true, title: true } });
  if (!mitigation) throw notFound("mitigation");
  return { where: { mitigationId: mitigation.id }, label: `mitigation “${mitigation.title}”`, link: `/${org.slug}/mitigations/${mitigation.id}` };
}

export async function listComments(scope: TOrgScope, target: TCommentTarget) {
  const resolved = await resolveTarget(db, scope, target);
  const rows = await db.comment.findMany({ where: inOrg(scope, resolved.where), select: commentSelect, orderBy: { createdAt: "asc" } });
  // A deleted comment keeps its place in the thread but not its words.
  return rows.map((row) => (row.deletedAt ? { ...row, body: "" } : row));
}

/** Mentions of people who are members here; anyone else named is ignored. */
async function memberMentions(tx: DbTransaction, scope: TOrgScope, body: string): Promise<string[]> {
  const named = mentionedUserIds(body);
  if (!named.length) return [];
  const members = await tx.membership.findMany({ where: inOrg(scope, { userId: { in: named } }), select: { userId: true } });
  return members.map((member) => member.userId);
}

async function notifyMentions(tx: DbTransaction, caller: TCaller, userIds: string[], label: string, link: string) {
  const ids: (string | null)[] = [];
  for (const userId of userIds) {
    if (userId === caller.userId) continue;
    ids.push(await recordNotification(tx, { orgId: caller.orgId, userId, kind: "MENTIONED", title: `You were mentioned on the ${label}`, link }));
  }
  return ids;
}

export async function createComment(caller: TCaller, target: TCommentTarget, body: string) {
  const { comment, notifications } = await db.$transaction(async (tx) => {
    const resolved = await resolveTarget(tx, caller, target);
    const mentions = await memberMentions(tx, caller, body);
    const comment = await tx.comment.create({ data: { orgId: caller.orgId, authorId: caller.userId, body, mentionedUserIds: mentions, ...resolved.where }, select: commentSelect });
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "comment.created", targetType: "comment", targetId: comment.id, ip: caller.ip, userAgent: caller.userAgent, metadata: { on: resolved.where } }, tx);
    return { comment, notifications: await notifyMentions(tx, caller, mentions, resolved.label, resolved.link) };
  });
  await deliverEmails(notifications);
  return comment;
}

async function ownComment(tx: DbTransaction, caller: TCaller, id: string) {
  const comment = await tx.comment.findFirst({ where: byIdInOrg(caller, id), select: { id: true, authorId: true, deletedAt: true, threatId: true, mitigationId: true, mentionedUserIds: true } });
  if (!comment || comment.deletedAt) throw notFound("comment");
  if (comment.authorId !== caller.userId) throw new AppError("FORBIDDEN", "You can only edit or delete your own comments.");
  return comment;
}

export async function updateComment(caller: TCaller, id: string, body: string) {
  const { comment, notifications } = await db.$transaction(async (tx) => {
    const before = await ownComment(tx, caller, id);
    const target: TCommentTarget = before.threatId ? { threatId: before.threatId } : { mitigationId: before.mitigationId! };
    const resolved = await resolveTarget(tx, caller, target);
    const mentions = await memberMentions(tx, caller, body);
    await tx.comment.updateMany({ where: byIdInOrg(caller, id), data: { body, mentionedUserIds: mentions, editedAt: new Date() } });
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "comment.edited", targetType: "comment", targetId: id, ip: caller.ip, userAgent: caller.userAgent }, tx);
    // Only people newly named by the edit hear about it.
    const fresh = mentions.filter((userId) => !before.mentionedUserIds.includes(userId));
    const notifications = await notifyMentions(tx, caller, fresh, resolved.label, resolved.link);
    return { comment: await tx.comment.findFirstOrThrow({ where: byIdInOrg(caller, id), select: commentSelect }), notifications };
  });
  await deliverEmails(notifications);
  return comment;
}

export async function deleteComment(caller: TCaller, id: string) {
  await db.$transaction(async (tx) => {
    await ownComment(tx, caller, id);
    await tx.comment.updateMany({ where: byIdInOrg(caller, id), data: { body: "", mentionedUserIds: [], deletedAt: new Date() } });
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "comment.deleted", targetType: "comment", targetId: id, ip: caller.ip, userAgent: caller.userAgent }, tx);
  });
}
