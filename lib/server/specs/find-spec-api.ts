import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";

/** The caller's API whose spec data is read, or 404: another organisation's API is not found. */
export async function findSpecApi(caller: TOrgScope, apiId: string) {
  const api = await db.api.findFirst({ where: byIdInOrg(caller, apiId), select: { id: true } });
  if (!api) throw notFound("API");
  return api;
}

