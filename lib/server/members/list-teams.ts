import "server-only";
import { db } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

/** Teams of the org, for the owning-team picker. */
export async function listTeams(caller: TOrgScope) {
  return db.team.findMany({ where: inOrg(caller), select: { id: true, name: true }, orderBy: { name: "asc" } });
}
