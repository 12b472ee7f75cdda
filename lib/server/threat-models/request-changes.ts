import "server-only";
import type { TCaller } from "@/lib/server/scope";
import { changeReviewStatus } from "./change-review-status";

export async function requestChanges(caller: TCaller, id: string, comment: string) {
  await changeReviewStatus(caller, id, "IN_REVIEW", "DRAFT", "CHANGES_REQUESTED", comment);
}
