import "server-only";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { commentSelect, memberMentions, notifyMentions, ownComment, resolveTarget, type TCommentTarget } from "@/lib/server/comments/comment-thread";
import { deliverEmails } from "@/lib/server/notifications/deliver-emails";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";

export async function updateComment(caller: TCaller, id: string, body: string) {
  const { comment, notifications } = await db.$transaction(async (tx) => {
    const before = await ownComment(tx, caller, id);
    const target: TCommentTarget = before.threatId ? { threatId: before.threatId } : { mitigationId: before.mitigationId! };
    const resolved = await resolveTarget(tx, caller, target);
    const mentions = await memberMentions(tx, caller, body);
    await tx.comment.updateMany({ where: byIdInOrg(caller, id), data: { body, mentionedUserIds: mentions, editedAt: new Date() } });
    await recordAuditEventBy(caller, { action: "comment.edited", targetType: "comment", targetId: id }, tx);
    // Only people newly named by the edit hear about it.
    const fresh = mentions.filter((userId) => !before.mentionedUserIds.includes(userId));
    const notifications = await notifyMentions(tx, caller, fresh, resolved.label, resolved.link);
    return { comment: await tx.comment.findFirstOrThrow({ where: byIdInOrg(caller, id), select: commentSelect }), notifications };
  });
  await deliverEmails(caller, notifications);
  return comment;
}
