import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { can } from "@/lib/core/auth/permissions";
import { db } from "@/lib/db";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import { FOUR_EYES_RULE } from "@/lib/core/threat-models/review-rule";
import { changeReviewStatus } from "./change-review-status";

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
  await changeReviewStatus(caller, id, "DRAFT", "IN_REVIEW", "SUBMITTED", input.comment, { reviewerId: input.reviewerId ?? null, submittedAt: new Date() });
}
