import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

/** Work is assigned to members of the organisation only. */
export async function checkAssignee(tx: DbTransaction, caller: TOrgScope, userId: string | null | undefined) {
  if (!userId) return;
  if (!(await tx.membership.findFirst({ where: inOrg(caller, { userId }), select: { id: true } }))) {
    throw new AppError("VALIDATION_FAILED", "Assign the mitigation to a member of this organisation.", { fieldErrors: [fieldError("assigneeId", "Choose a member of this organisation.")] });
  }
}
