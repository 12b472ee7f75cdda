import "server-only";
import { db } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

export async function listTemplates(caller: TOrgScope) {
  return db.checklistTemplate.findMany({ where: inOrg(caller), select: { id: true, name: true, description: true, entryKeys: true, createdAt: true }, orderBy: { name: "asc" } });
}
