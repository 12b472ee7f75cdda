import "server-only";
import { db } from "@/lib/db";
import { commentSelect, resolveTarget, type TCommentTarget } from "@/lib/server/comments/comment-thread";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

export async function listComments(caller: TOrgScope, target: TCommentTarget) {
  const resolved = await resolveTarget(db, caller, target);
  const rows = await db.comment.findMany({ where: inOrg(caller, resolved.where), select: commentSelect, orderBy: { createdAt: "asc" } });
  // A deleted comment keeps its place in the thread but not its words.
  return rows.map((row) => (row.deletedAt ? { ...row, body: "" } : row));
}
