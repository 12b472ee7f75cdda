import "server-only";
import { db } from "@/lib/db";
import { memberSelect } from "@/lib/server/members/member-changes";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

export async function listMembers(caller: TOrgScope) {
  return db.membership.findMany({ where: inOrg(caller), select: memberSelect, orderBy: [{ user: { name: "asc" } }] });
}

export type TMemberDto = Awaited<ReturnType<typeof listMembers>>[number];
