import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

/** The team with this name in the caller's org, created on first use; null clears it. */
export async function resolveTeamId(tx: DbTransaction, caller: TOrgScope, teamName: string | null): Promise<string | null> {
  if (!teamName) return null;
  const team = await tx.team.upsert({
    where: { orgId_name: inOrg(caller, { name: teamName }) },
    create: { orgId: caller.orgId, name: teamName },
    update: {},
    select: { id: true },
  });
  return team.id;
}

/** A technical owner must be a member of the same organisation. */
export async function assertOwnerIsMember(tx: DbTransaction, caller: TOrgScope, userId: string | null): Promise<void> {
  if (!userId) return;
  const member = await tx.membership.findFirst({ where: inOrg(caller, { userId }), select: { id: true } });
  if (!member) {
    throw new AppError("VALIDATION_FAILED", "The technical owner must be a member of this organisation.", {
      fieldErrors: [fieldError("technicalOwnerId", "Choose a member of this organisation.")],
    });
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export function duplicateNameError(name: string): AppError {
  return new AppError("CONFLICT", `An API named "${name}" already exists in this organisation.`, {
    fieldErrors: [fieldError("name", "An API with this name already exists. Choose another name.")],
  });
}
