import "server-only";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { commentSelect, memberMentions, notifyMentions, resolveTarget, type TCommentTarget } from "@/lib/server/comments/comment-thread";
import { deliverEmails } from "@/lib/server/notifications/deliver-emails";
import type { TCaller } from "@/lib/server/scope";

export async function createComment(caller: TCaller, target: TCommentTarget, body: string) {
  const { comment, notifications } = await db.$transaction(async (tx) => {
    const resolved = await resolveTarget(tx, caller, target);
    const mentions = await memberMentions(tx, caller, body);
    const comment = await tx.comment.create({ data: { orgId: caller.orgId, authorId: caller.userId, body, mentionedUserIds: mentions, ...resolved.where }, select: commentSelect });
    await recordAuditEventBy(caller, { action: "comment.created", targetType: "comment", targetId: comment.id, metadata: { on: resolved.where } }, tx);
    return { comment, notifications: await notifyMentions(tx, caller, mentions, resolved.label, resolved.link) };
  });
  await deliverEmails(caller, notifications);
  return comment;
}
