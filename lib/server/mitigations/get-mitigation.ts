import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";
import { mitigationSelect, toMitigationDto } from "./mitigation-dto";

export async function getMitigation(caller: TOrgScope, id: string) {
  const row = await db.mitigation.findFirst({ where: byIdInOrg(caller, id), select: mitigationSelect });
  if (!row) throw notFound("mitigation");
  return toMitigationDto(row);
}
