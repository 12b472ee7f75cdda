import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

/** A technical owner must be a member of the same organisation. */
export async function checkTechnicalOwner(tx: DbTransaction, caller: TOrgScope, userId: string | null): Promise<void> {
  if (!userId) return;
  const member = await tx.membership.findFirst({ where: inOrg(caller, { userId }), select: { id: true } });
  if (!member) {
    throw new AppError("VALIDATION_FAILED", "The technical owner must be a member of this organisation.", {
      fieldErrors: [fieldError("technicalOwnerId", "Choose a member of this organisation.")],
    });
  }
}
