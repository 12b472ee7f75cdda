import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";
import { threatSelect, toThreatDto } from "./threat-dto";

export async function getThreat(caller: TOrgScope, id: string) {
  const row = await db.threat.findFirst({ where: byIdInOrg(caller, id), select: threatSelect });
  if (!row) throw notFound("threat");
  return toThreatDto(row);
}
