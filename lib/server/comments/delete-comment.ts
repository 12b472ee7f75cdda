import "server-only";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { ownComment } from "@/lib/server/comments/comment-thread";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";

export async function deleteComment(caller: TCaller, id: string) {
  await db.$transaction(async (tx) => {
    await ownComment(tx, caller, id);
    await tx.comment.updateMany({ where: byIdInOrg(caller, id), data: { body: "", mentionedUserIds: [], deletedAt: new Date() } });
    await recordAuditEventBy(caller, { action: "comment.deleted", targetType: "comment", targetId: id }, tx);
  });
}
