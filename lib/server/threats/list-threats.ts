import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import { threatSelect, toThreatDto } from "./threat-dto";

export async function listThreats(caller: TOrgScope, modelId: string) {
  const model = await db.threatModel.findFirst({ where: byIdInOrg(caller, modelId), select: { id: true } });
  if (!model) throw notFound("threat model");
  const rows = await db.threat.findMany({ where: inOrg(caller, { threatModelId: model.id }), select: threatSelect, orderBy: [{ score: "desc" }, { title: "asc" }] });
  return rows.map(toThreatDto);
}
