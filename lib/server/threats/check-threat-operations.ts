import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

/** Operations a threat may point at: those of the model's own API, in the caller's organisation. */
export async function checkThreatOperations(tx: DbTransaction, caller: TOrgScope, apiId: string, operationIds: string[]) {
  if (!operationIds.length) return;
  const found = await tx.operation.count({ where: inOrg(caller, { id: { in: operationIds }, apiId }) });
  if (found !== new Set(operationIds).size) {
    throw new AppError("VALIDATION_FAILED", "Link operations of this model's API only.", { fieldErrors: [fieldError("operationIds", "Unknown operation for this API.")] });
  }
}
