import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import { modelFreshSince } from "@/lib/server/settings/get-sla-settings";
import type { TListApisQuery } from "@/lib/validation/apis";
import { apiSelect, type TApiDto } from "./api-dto";
import { containsText } from "@/lib/server/text-search";

export type TApiPage = { data: TApiDto[]; nextCursor: string | null; total: number };

function filters(caller: TOrgScope, query: TListApisQuery, modelFreshSince: Date | null): Prisma.ApiWhereInput {
  const and: Prisma.ApiWhereInput[] = [];
  if (modelFreshSince && query.model === "current") and.push({ riskRollup: { is: { approvedAt: { gte: modelFreshSince } } } });
  if (modelFreshSince && query.model === "outdated") {
    and.push({ OR: [{ riskRollup: { is: null } }, { riskRollup: { is: { OR: [{ approvedAt: null }, { approvedAt: { lt: modelFreshSince } }] } } }] });
  }
  if (query.q) {
    and.push({
      OR: [
        { name: containsText(query.q) },
        { description: containsText(query.q) },
        { system: containsText(query.q) },
        { tags: { has: query.q.toLowerCase() } },
      ],
    });
  }
  if (query.exposure.length) and.push({ exposure: { in: query.exposure } });
  if (query.lifecycle.length) and.push({ lifecycle: { in: query.lifecycle } });
  if (query.classification.length) and.push({ dataClassification: { in: query.classification } });
  if (query.owner) and.push({ technicalOwnerId: query.owner });
  if (query.team) and.push({ team: { name: query.team } });
  if (query.tag) and.push({ tags: { has: query.tag } });
  return inOrg(caller, and.length ? { AND: and } : {});
}

function orderBy(sort: TListApisQuery["sort"]): Prisma.ApiOrderByWithRelationInput[] {
  const direction = sort.startsWith("-") ? "desc" : "asc";
  const field = sort.replace(/^-/, "") as "name" | "updatedAt" | "exposure" | "lifecycle";
  // id breaks ties so the order, and therefore the cursor, is stable.
  return field === "name" ? [{ name: direction }, { id: direction }] : [{ [field]: direction }, { name: "asc" }, { id: "asc" }];
}

export async function listApis(caller: TOrgScope, query: TListApisQuery): Promise<TApiPage> {
  const where = filters(caller, query, query.model ? (await modelFreshSince(caller)).since : null);
  if (query.cursor) {
    const anchor = await db.api.findFirst({ where: byIdInOrg(caller, query.cursor), select: { id: true } });
    if (!anchor) throw new AppError("BAD_REQUEST", "The cursor is not valid any more; start again from the first page.");
  }
  const [rows, total] = await Promise.all([
    db.api.findMany({
      where,
      select: apiSelect,
      orderBy: orderBy(query.sort),
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    }),
    db.api.count({ where }),
  ]);
  const hasMore = rows.length > query.limit;
  const data = hasMore ? rows.slice(0, query.limit) : rows;
  return { data, nextCursor: hasMore ? data[data.length - 1]!.id : null, total };
}
