import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import type { TRuleContext } from "@/lib/core/threat-models/rules";

export const modelCoreSelect = {
  id: true,
  orgId: true,
  apiId: true,
  title: true,
  status: true,
  authorId: true,
  reviewerId: true,
  entryKeys: true,
  modelVersion: true,
  previousVersionId: true,
  contributorIds: true,
  version: true,
} as const;

export async function loadModel(tx: DbTransaction, caller: TOrgScope, id: string) {
  const model = await tx.threatModel.findFirst({ where: byIdInOrg(caller, id), select: modelCoreSelect });
  if (!model) throw notFound("threat model");
  return model;
}

/** Only drafts change; a model in review or approved is frozen until a reviewer sends it back. */
export function assertDraft(model: { status: string }): void {
  if (model.status === "DRAFT") return;
  const why =
    model.status === "IN_REVIEW"
      ? "This model is in review; the reviewer can request changes to reopen it."
      : "This model is approved and frozen; start a new version to change it.";
  throw new AppError("CONFLICT", why);
}

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

/** The facts the rules read: the API, its current operations and the latest lint findings. */
export async function loadRuleContext(tx: DbTransaction, caller: TOrgScope, apiId: string): Promise<TRuleContext & { apiName: string }> {
  const api = await tx.api.findFirst({
    where: byIdInOrg(caller, apiId),
    select: {
      name: true,
      exposure: true,
      lifecycle: true,
      authSchemes: true,
      dataClassification: true,
      dataFlags: true,
      environments: { select: { name: true, baseUrl: true }, orderBy: { position: "asc" } },
    },
  });
  if (!api) throw notFound("API");
  // One after the other: a transaction is one connection, and pg runs one query at a time on it.
  const operations = await tx.operation.findMany({
    where: inOrg(caller, { apiId, removedAt: null }),
    select: { id: true, method: true, path: true, requiresAuth: true, deprecated: true, flags: true, sensitiveFields: true },
    orderBy: [{ path: "asc" }, { method: "asc" }],
  });
  const findings = await tx.lintFinding.findMany({ where: inOrg(caller, { apiId }), select: { ruleId: true, operationId: true } });
  const { name, ...facts } = api;
  return { apiName: name, api: facts, operations, findings };
}
