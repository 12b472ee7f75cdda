import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";
import { apiSelect, type TApiDto } from "./api-dto";

export async function getApi(caller: TOrgScope, id: string): Promise<TApiDto> {
  const api = await db.api.findFirst({ where: byIdInOrg(caller, id), select: apiSelect });
  if (!api) throw notFound("API");
  return api;
}
