import "server-only";
import { isOperationFlag } from "@/lib/core/specs/extract-operations";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import type { TListOperationsQuery } from "@/lib/validation/specs";
import { containsText } from "@/lib/server/text-search";
import { findSpecApi } from "./find-spec-api";
import { operationSelect } from "./operation-select";

/** When the API's latest threat model was approved; operations first seen after it are not yet modelled. */
async function lastApprovedModelAt(caller: TOrgScope, apiId: string): Promise<Date | null> {
  const model = await db.threatModel.findFirst({
    where: inOrg(caller, { apiId, status: "APPROVED" as const, approvedAt: { not: null } }),
    orderBy: { approvedAt: "desc" },
    select: { approvedAt: true },
  });
  return model?.approvedAt ?? null;
}

const operationListSelect = {
  ...operationSelect,
  createdAt: true,
  _count: { select: { findings: true } },
} satisfies Prisma.OperationSelect;

export async function listOperations(caller: TOrgScope, apiId: string, query: TListOperationsQuery) {
  const api = await findSpecApi(caller, apiId);
  const modelledAt = await lastApprovedModelAt(caller, api.id);
  const and: Prisma.OperationWhereInput[] = [];
  if (!query.includeRemoved) and.push({ removedAt: null });
  if (query.q) {
    and.push({
      OR: [
        { path: containsText(query.q) },
        { operationId: containsText(query.q) },
        { summary: containsText(query.q) },
        { tags: { has: query.q } },
      ],
    });
  }
  if (query.method) and.push({ method: query.method });
  if (query.flag) and.push({ flags: { has: query.flag } });
  if (query.auth) and.push({ requiresAuth: query.auth === "required" });
  if (query.deprecated !== undefined) and.push({ deprecated: query.deprecated });
  if (query.notModelled !== undefined) {
    const notModelled: Prisma.OperationWhereInput = modelledAt ? { createdAt: { gt: modelledAt } } : {};
    and.push(query.notModelled ? notModelled : modelledAt ? { createdAt: { lte: modelledAt } } : { id: { in: [] } });
  }
  const where: Prisma.OperationWhereInput = inOrg(caller, { apiId: api.id, AND: and });
  if (query.cursor && !(await db.operation.findFirst({ where: { ...byIdInOrg(caller, query.cursor), apiId: api.id }, select: { id: true } }))) {
    throw new AppError("BAD_REQUEST", "The cursor is not valid any more; start again from the first page.");
  }
  const [rows, total] = await Promise.all([
    db.operation.findMany({
      where,
      select: operationListSelect,
      orderBy: [{ path: "asc" }, { method: "asc" }, { id: "asc" }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    }),
    db.operation.count({ where }),
  ]);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  return {
    data: page.map(({ _count, ...operation }) => ({
      ...operation,
      flags: operation.flags.filter(isOperationFlag),
      findingCount: _count.findings,
      notYetModelled: operation.removedAt === null && (modelledAt === null || operation.createdAt > modelledAt),
    })),
    nextCursor: hasMore ? page[page.length - 1]!.id : null,
    total,
    lastApprovedModelAt: modelledAt,
  };
}
