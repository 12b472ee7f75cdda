import "server-only";
import { AppError } from "@/lib/core/app-error";
import { can, rolesWith } from "@/lib/core/auth/permissions";
import { db } from "@/lib/db";
import type { ReviewAction, ThreatModelStatus } from "@/lib/generated/prisma/enums";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import { deliverEmails } from "@/lib/server/notifications/deliver-emails";
import { recordNotification } from "@/lib/server/notifications/record-notification";
import { reviewConflict, reviewConflictMessage } from "@/lib/core/threat-models/review-rule";
import { loadModel } from "./load-model";
import { recordContributor } from "./record-contributor";

// Draft → (submit) → in review → (approve) → approved, or (request changes) → draft.
// A reviewer is an admin/owner or the member the author named, and never anyone who created,
// submitted or wrote part of the version (lib/core/threat-models/review-rule.ts).

export async function changeReviewStatus(
  caller: TCaller,
  id: string,
  from: ThreatModelStatus,
  to: ThreatModelStatus,
  action: ReviewAction,
  comment: string,
  extra: Record<string, unknown> = {},
) {
  const notifications = await db.$transaction(async (tx) => {
    const model = await loadModel(tx, caller, id);
    if (model.status !== from) {
      throw new AppError("CONFLICT", from === "DRAFT" ? "Only a draft can be submitted for review." : "This model is not waiting for review.");
    }
    if (action === "SUBMITTED") await recordContributor(tx, caller, model);
    else {
      const submitters = await tx.threatModelReview.findMany({ where: inOrg(caller, { threatModelId: id, action: "SUBMITTED" as const }), select: { actorId: true } });
      const conflict = reviewConflict({ ...model, submitterIds: submitters.flatMap((review) => (review.actorId ? [review.actorId] : [])) }, caller.userId);
      if (conflict) throw new AppError("FORBIDDEN", reviewConflictMessage(conflict));
      const designated = model.reviewerId === caller.userId;
      if (!designated && !can(caller.role, "threat:review-any")) throw new AppError("FORBIDDEN", "Only an admin or the designated reviewer can review this model.");
    }
    // The status in the condition makes two reviewers deciding at once safe: one wins, one gets 409.
    const { count } = await tx.threatModel.updateMany({ where: { ...byIdInOrg(caller, id), status: from }, data: { status: to, version: { increment: 1 }, ...extra } });
    if (count === 0) throw new AppError("CONFLICT", "Someone else acted on this model at the same time. Reload to see where it stands.");
    if (to === "APPROVED" && model.previousVersionId) {
      await tx.threatModel.updateMany({ where: { ...byIdInOrg(caller, model.previousVersionId), status: "APPROVED" }, data: { status: "ARCHIVED" } });
    }
    await tx.threatModelReview.create({ data: { orgId: caller.orgId, threatModelId: id, actorId: caller.userId, action, comment } });
    await recordAuditEventBy(caller, { action: `threat_model.${action.toLowerCase()}`, targetType: "threat_model", targetId: id, metadata: { comment: comment.slice(0, 500) } }, tx);
    if (action !== "SUBMITTED") return [];
    // The named reviewer, or else every admin and owner who may review it (not its writers).
    const reviewerId = (extra.reviewerId as string | null | undefined) ?? null;
    const writers = [...(model.authorId ? [model.authorId] : []), ...model.contributorIds];
    const recipients = reviewerId
      ? [reviewerId]
      : (await tx.membership.findMany({ where: inOrg(caller, { role: { in: rolesWith("threat:review-any") }, userId: { notIn: writers } }), select: { userId: true } })).map((m) => m.userId);
    const org = await tx.organization.findFirstOrThrow({ where: { id: caller.orgId }, select: { slug: true } });
    const ids: (string | null)[] = [];
    for (const userId of recipients.filter((userId) => userId !== caller.userId)) {
      ids.push(await recordNotification(tx, { orgId: caller.orgId, userId, kind: "REVIEW_REQUESTED", title: `Review requested: ${model.title}`, body: comment.slice(0, 500), link: `/${org.slug}/threat-models/${id}?tab=review` }));
    }
    return ids;
  });
  await deliverEmails(caller, notifications);
}
