// Four-eyes review, shared by the server (which enforces it) and the review panel (which explains
// it before anyone clicks). Pure: no database, no HTTP.

export const FOUR_EYES_RULE =
  "Four-eyes rule: nobody who created, submitted or wrote part of a version (its checklist answers, its threats, its scope) may approve it or send it back; an admin or the named reviewer who did none of that reviews it.";

export type TReviewConflict = "CREATED" | "SUBMITTED" | "CONTRIBUTED";

const WHY: Record<TReviewConflict, string> = {
  CREATED: "You created this model.",
  SUBMITTED: "You submitted it for review.",
  CONTRIBUTED: "You added or changed threats or answers in this version.",
};

/** Why `userId` may not review this version, or null when they may (as far as authorship goes). */
export function reviewConflict(model: { authorId: string | null; contributorIds: readonly string[]; submitterIds: readonly string[] }, userId: string): TReviewConflict | null {
  if (model.authorId === userId) return "CREATED";
  if (model.submitterIds.includes(userId)) return "SUBMITTED";
  if (model.contributorIds.includes(userId)) return "CONTRIBUTED";
  return null;
}

/** The sentence shown where a review is refused: what the caller did, then the rule. */
export function reviewConflictMessage(conflict: TReviewConflict): string {
  return `${WHY[conflict]} ${FOUR_EYES_RULE}`;
}
