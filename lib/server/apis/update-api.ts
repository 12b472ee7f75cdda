import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import type { TUpdateApi } from "@/lib/validation/apis";
import { apiSelect, type TApiDto } from "./api-dto";
import { duplicateNameError, isUniqueViolation } from "./api-write-errors";
import { checkTechnicalOwner } from "./check-technical-owner";
import { resolveTeamId } from "./resolve-team-id";

/**
 * Applies a partial update if the caller read the current version; otherwise 409, so a stale
 * form never overwrites someone else's change.
 */
export async function updateApi(caller: TCaller, id: string, input: TUpdateApi): Promise<TApiDto> {
  const { version, team, environments, ...fields } = input;
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.api.findFirst({ where: byIdInOrg(caller, id), select: apiSelect });
      if (!before) throw notFound("API");
      if (fields.technicalOwnerId !== undefined) await checkTechnicalOwner(tx, caller, fields.technicalOwnerId);
      const data: Prisma.ApiUncheckedUpdateManyInput = { ...fields, version: { increment: 1 } };
      if (team !== undefined) data.teamId = await resolveTeamId(tx, caller, team);

      const { count } = await tx.api.updateMany({ where: { ...byIdInOrg(caller, id), version }, data });
      if (count === 0) {
        throw new AppError(
          "CONFLICT",
          `Someone else changed this API since you opened it (you have version ${version}, the current one is ${before.version}). Reload to see their changes.`,
        );
      }
      if (environments !== undefined) {
        await tx.apiEnvironment.deleteMany({ where: inOrg(caller, { apiId: id }) });
        await tx.apiEnvironment.createMany({
          data: environments.map((environment, position) => ({ ...environment, position, apiId: id, orgId: caller.orgId })),
        });
      }
      const after = await tx.api.findFirst({ where: byIdInOrg(caller, id), select: apiSelect });
      await recordAuditEventBy(
        caller,
        { action: "api.updated", targetType: "api", targetId: id, metadata: { name: after!.name, changes: describeChanges(before, after!) } as Prisma.InputJsonObject },
        tx,
      );
      return after!;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNameError(fields.name ?? "");
    throw error;
  }
}

const AUDITED_FIELDS = [
  "name",
  "description",
  "lifecycle",
  "exposure",
  "protocol",
  "authSchemes",
  "dataClassification",
  "dataFlags",
  "tags",
  "apiVersion",
  "system",
  "specUrl",
] as const;

function describeChanges(before: TApiDto, after: TApiDto): Prisma.InputJsonObject {
  const changes: Record<string, Prisma.InputJsonValue> = {};
  const compare = (key: string, from: unknown, to: unknown) => {
    // JSON round-trip: the audit row stores plain values, never Dates or class instances.
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = JSON.parse(JSON.stringify({ from: from ?? null, to: to ?? null }));
  };
  for (const key of AUDITED_FIELDS) compare(key, before[key], after[key]);
  compare("team", before.team?.name ?? null, after.team?.name ?? null);
  compare("technicalOwner", before.technicalOwner?.email ?? null, after.technicalOwner?.email ?? null);
  compare("environments", before.environments, after.environments);
  return changes;
}
