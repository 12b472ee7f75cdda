import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";
import { diffVersions } from "@/lib/core/threat-models/version-diff";

const diffSelect = {
  id: true,
  apiId: true,
  modelVersion: true,
  previousVersionId: true,
  threats: { select: { catalogEntryKey: true, title: true, likelihood: true, impact: true, score: true, severity: true, status: true } },
  answers: { select: { entryKey: true, answer: true } },
} as const;

/** This version against `againstId` (by default the previous version of the same model). */
export async function diffThreatModel(caller: TOrgScope, id: string, againstId?: string) {
  const current = await db.threatModel.findFirst({ where: byIdInOrg(caller, id), select: diffSelect });
  if (!current) throw notFound("threat model");
  const otherId = againstId ?? current.previousVersionId;
  if (!otherId) throw new AppError("NOT_FOUND", "This is the first version; there is nothing to compare it with.");
  const other = await db.threatModel.findFirst({ where: { ...byIdInOrg(caller, otherId), apiId: current.apiId }, select: diffSelect });
  if (!other) throw notFound("threat model");
  return {
    from: { id: other.id, modelVersion: other.modelVersion },
    to: { id: current.id, modelVersion: current.modelVersion },
    ...diffVersions(other, current),
  };
}
