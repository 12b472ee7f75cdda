import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import type { TListMitigationsQuery } from "@/lib/validation/mitigations";
import { hasPortfolioFilter, portfolioApiWhere } from "@/lib/server/portfolio/api-filter";
import { mitigationSelect, OPEN_STATUSES, toMitigationDto } from "./mitigation-dto";
import { containsText } from "@/lib/server/text-search";

export async function listMitigations(caller: TOrgScope, query: TListMitigationsQuery) {
  const and: Prisma.MitigationWhereInput[] = [];
  if (query.status.length) and.push({ status: { in: query.status } });
  if (query.assignee === "me") and.push({ assigneeId: caller.userId });
  else if (query.assignee === "none") and.push({ assigneeId: null });
  else if (query.assignee) and.push({ assigneeId: query.assignee });
  if (query.dueBefore) and.push({ dueDate: { lt: new Date(`${query.dueBefore}T00:00:00.000Z`) } });
  if (query.apiId) and.push({ threats: { some: { threat: { threatModel: { apiId: query.apiId } } } } });
  // A mitigation's severity is its worst linked threat's (kept on the row by a trigger).
  if (query.severity.length) and.push({ severity: { in: query.severity } });
  if (query.q) and.push({ title: containsText(query.q) });
  if (query.overdue) and.push({ status: { in: [...OPEN_STATUSES] }, dueDate: { lt: new Date() } });
  if (query.verifiedAfter) and.push({ status: "VERIFIED", verifiedAt: { gte: new Date(`${query.verifiedAfter}T00:00:00.000Z`) } });
  // The dashboard's filters: work on threats of the selected APIs.
  if (hasPortfolioFilter(query)) and.push({ threats: { some: { threat: { threatModel: { api: portfolioApiWhere(caller, query) } } } } });
  const where: Prisma.MitigationWhereInput = inOrg(caller, and.length ? { AND: and } : {});
  if (query.cursor && !(await db.mitigation.findFirst({ where: byIdInOrg(caller, query.cursor), select: { id: true } }))) {
    throw new AppError("BAD_REQUEST", "The cursor is not valid any more; start again from the first page.");
  }
  const [rows, total] = await Promise.all([
    db.mitigation.findMany({
      where,
      select: mitigationSelect,
      orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { priority: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    }),
    db.mitigation.count({ where }),
  ]);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  return { data: page.map((row) => toMitigationDto(row)), nextCursor: hasMore ? page[page.length - 1]!.id : null, total };
}
