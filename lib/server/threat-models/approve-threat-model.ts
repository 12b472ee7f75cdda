import "server-only";
import type { TCaller } from "@/lib/server/scope";
import { changeReviewStatus } from "./change-review-status";

export async function approveThreatModel(caller: TCaller, id: string, comment: string) {
  await changeReviewStatus(caller, id, "IN_REVIEW", "APPROVED", "APPROVED", comment, { approvedAt: new Date(), approvedById: caller.userId });
}
