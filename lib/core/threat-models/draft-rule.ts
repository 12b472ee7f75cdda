import { AppError } from "@/lib/core/app-error";

/** Only drafts change; a model in review or approved is frozen until a reviewer sends it back. */
export function assertDraft(model: { status: string }): void {
  if (model.status === "DRAFT") return;
  const why =
    model.status === "IN_REVIEW"
      ? "This model is in review; the reviewer can request changes to reopen it."
      : "This model is approved and frozen; start a new version to change it.";
  throw new AppError("CONFLICT", why);
}
