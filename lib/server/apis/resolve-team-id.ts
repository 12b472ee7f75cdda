import "server-only";
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
