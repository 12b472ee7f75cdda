import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { can } from "@/lib/core/auth/permissions";
import { db } from "@/lib/db";
import type { ReviewAction, ThreatModelStatus } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import { deliverEmails } from "@/lib/server/notifications/deliver-emails";
import { recordNotification } from "@/lib/server/notifications/record-notification";
import { FOUR_EYES_RULE, reviewConflict, reviewConflictMessage } from "@/lib/core/threat-models/review-rule";
import { loadModel, recordContributor } from "./load";

// Draft → (submit) → in review → (approve) → approved, or (request changes) → draft.
// A reviewer is an admin/owner or the member the author named, and never anyone who created,
// submitted or wrote part of the version (lib/core/threat-models/review-rule.ts).

async function transition(
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
      const submitters = await tx.threatModelReview.findMany({ where: { threatModelId: id, orgId: caller.orgId, action: "SUBMITTED" }, select: { actorId: true } });
      const conflict = reviewConflict({ ...model, submitterIds: submitters.flatMap((review) => (review.actorId ? [review.actorId] : [])) }, caller.userId);
      if (conflict) throw new AppError("FORBIDDEN", reviewConflictMessage(conflict));
      const designated = model.reviewerId === caller.userId;
      if (!designated && !can(caller.role, "member:manage")) throw new AppError("FORBIDDEN", "Only an admin or the designated reviewer can review this model.");
    }
    // The status in the condition makes two reviewers deciding at once safe: one wins, one gets 409.
    const { count } = await tx.threatModel.updateMany({ where: { ...byIdInOrg(caller, id), status: from }, data: { status: to, version: { increment: 1 }, ...extra } });
    if (count === 0) throw new AppError("CONFLICT", "Someone else acted on this model at the same time. Reload to see where it stands.");
    if (to === "APPROVED" && model.previousVersionId) {
      await tx.threatModel.updateMany({ where: { ...byIdInOrg(caller, model.previousVersionId), status: "APPROVED" }, data: { status: "ARCHIVED" } });
    }
    await tx.threatModelReview.create({ data: { orgId: caller.orgId, threatModelId: id, actorId: caller.userId, action, comment } });
    await recordAuditEvent(
      { orgId: caller.orgId, actorId: caller.userId, action: `threat_model.${action.toLowerCase()}`, targetType: "threat_model", targetId: id, ip: caller.ip, userAgent: caller.userAgent, metadata: { comment: comment.slice(0, 500) } },
      tx,
    );
    if (action !== "SUBMITTED") return [];
    // The named reviewer, or else every admin and owner who may review it (not its writers).
    const reviewerId = (extra.reviewerId as string | null | undefined) ?? null;
    const writers = [...(model.authorId ? [model.authorId] : []), ...model.contributorIds];
    const recipients = reviewerId
      ? [reviewerId]
      : (await tx.membership.findMany({ where: { orgId: caller.orgId, role: { in: ["OWNER", "ADMIN"] }, userId: { notIn: writers } }, select: { userId: true } })).map((m) => m.userId);
    const org = await tx.organization.findFirstOrThrow({ where: { id: caller.orgId }, select: { slug: true } });
    const ids: (string | null)[] = [];
    for (const userId of recipients.filter((userId) => userId !== caller.userId)) {
      ids.push(await recordNotification(tx, { orgId: caller.orgId, userId, kind: "REVIEW_REQUESTED", title: `Review requested: ${model.title}`, body: comment.slice(0, 500), link: `/${org.slug}/threat-models/${id}?tab=review` }));
    }
    return ids;
  });
  await deliverEmails(caller, notifications);
}

export async function submitForReview(caller: TCaller, id: string, input: { reviewerId?: string | null; comment: string }) {
  if (input.reviewerId) {
    if (input.reviewerId === caller.userId) {
      throw new AppError("VALIDATION_FAILED", "Choose someone other than yourself to review.", { fieldErrors: [fieldError("reviewerId", "Not yourself.")] });
    }
    const member = await db.membership.findFirst({ where: inOrg(caller, { userId: input.reviewerId }), select: { role: true } });
    if (!member || !can(member.role, "threat:review")) {
      throw new AppError("VALIDATION_FAILED", "The reviewer must be a member who can review (editor, admin or owner).", { fieldErrors: [fieldError("reviewerId", "Choose an editor, admin or owner.")] });
    }
  }
  const model = await db.threatModel.findFirst({ where: byIdInOrg(caller, id), select: { authorId: true, contributorIds: true } });
  if (model && input.reviewerId && (input.reviewerId === model.authorId || model.contributorIds.includes(input.reviewerId))) {
    throw new AppError("VALIDATION_FAILED", `The reviewer wrote part of this version, so they cannot review it. ${FOUR_EYES_RULE}`, { fieldErrors: [fieldError("reviewerId", "Choose someone who did not work on this version.")] });
  }
  await transition(caller, id, "DRAFT", "IN_REVIEW", "SUBMITTED", input.comment, { reviewerId: input.reviewerId ?? null, submittedAt: new Date() });
}

export async function approveThreatModel(caller: TCaller, id: string, comment: string) {
  await transition(caller, id, "IN_REVIEW", "APPROVED", "APPROVED", comment, { approvedAt: new Date(), approvedById: caller.userId });
}

export async function requestChanges(caller: TCaller, id: string, comment: string) {
  await transition(caller, id, "IN_REVIEW", "DRAFT", "CHANGES_REQUESTED", comment);
}
