import "server-only";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import type { TCaller } from "@/lib/server/scope";
import type { TCreateApi } from "@/lib/validation/apis";
import { apiSelect, type TApiDto } from "./api-dto";
import { duplicateNameError, isUniqueViolation } from "./api-write-errors";
import { checkTechnicalOwner } from "./check-technical-owner";
import { resolveTeamId } from "./resolve-team-id";

export async function createApi(caller: TCaller, input: TCreateApi): Promise<TApiDto> {
  try {
    return await db.$transaction(async (tx) => {
      await checkTechnicalOwner(tx, caller, input.technicalOwnerId);
      const teamId = await resolveTeamId(tx, caller, input.team);
      const { team: _team, environments, ...fields } = input;
      const api = await tx.api.create({
        data: {
          ...fields,
          orgId: caller.orgId,
          teamId,
          createdById: caller.userId,
          environments: {
            create: environments.map((environment, position) => ({ ...environment, position, orgId: caller.orgId })),
          },
        },
        select: apiSelect,
      });
      await recordAuditEventBy(caller, { action: "api.created", targetType: "api", targetId: api.id, metadata: { name: api.name } }, tx);
      return api;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateNameError(input.name);
    throw error;
  }
}
