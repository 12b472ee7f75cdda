import "server-only";
import type { DbTransaction } from "@/lib/db";
import type { TOrgScope } from "@/lib/server/scope";

/**
 * Puts the caller on the version's list of contributors (four-eyes: they may not review it).
 * Called by every write to a draft's content, in its transaction. The answer and threat rows keep
 * only their latest author, so this list is the record of everyone who wrote in the version.
 */
export async function recordContributor(tx: DbTransaction, caller: TOrgScope, model: { id: string; contributorIds: readonly string[] }): Promise<void> {
  if (model.contributorIds.includes(caller.userId)) return;
  // Conditional append: two first writes by the same person at once add them once.
  await tx.$executeRaw`
    UPDATE "ThreatModel" SET "contributorIds" = array_append(COALESCE("contributorIds", '{}'), ${caller.userId})
     WHERE id = ${model.id} AND "orgId" = ${caller.orgId} AND NOT (${caller.userId} = ANY(COALESCE("contributorIds", '{}')))`;
}
