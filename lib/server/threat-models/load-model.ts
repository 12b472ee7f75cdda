import "server-only";
import { notFound } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";

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
