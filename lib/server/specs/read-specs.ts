import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";
import type { TListFindingsQuery, TListOperationsQuery } from "@/lib/validation/specs";
import { operationSelect } from "./operation-select";
import { containsText } from "@/lib/server/text-search";

// Reading the operations, findings and import history of one of the caller's APIs.

async function requireApi(scope: TOrgScope, apiId: string) {
  const api = await db.api.findFirst({ where: byIdInOrg(scope, apiId), select: { id: true } });
  if (!api) throw notFound("API");
  return api;
}

/** When the API's latest threat model was approved; operations first seen after it are not yet modelled. */
async function lastApprovedModelAt(scope: TOrgScope, apiId: string): Promise<Date | null> {
  const model = await db.threatModel.findFirst({
    where: { orgId: scope.orgId, apiId, status: "APPROVED", approvedAt: { not: null } },
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

export async function listOperations(scope: TOrgScope, apiId: string, query: TListOperationsQuery) {
  const api = await requireApi(scope, apiId);
  const modelledAt = await lastApprovedModelAt(scope, api.id);
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
  const where: Prisma.OperationWhereInput = { apiId: api.id, orgId: scope.orgId, AND: and };
  if (query.cursor && !(await db.operation.findFirst({ where: { id: query.cursor, apiId: api.id, orgId: scope.orgId }, select: { id: true } }))) {
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
      findingCount: _count.findings,
      notYetModelled: operation.removedAt === null && (modelledAt === null || operation.createdAt > modelledAt),
    })),
    nextCursor: hasMore ? page[page.length - 1]!.id : null,
    total,
    lastApprovedModelAt: modelledAt,
  };
}

export async function listFindings(scope: TOrgScope, apiId: string, query: TListFindingsQuery) {
  const api = await requireApi(scope, apiId);
  const where: Prisma.LintFindingWhereInput = {
    apiId: api.id,
    orgId: scope.orgId,
    ...(query.severity ? { severity: query.severity } : {}),
    ...(query.rule ? { ruleId: query.rule } : {}),
    ...(query.operationId ? { operationId: query.operationId } : {}),
  };
  const [rows, total, byRule] = await Promise.all([
    db.lintFinding.findMany({
      where,
      select: { id: true, ruleId: true, severity: true, message: true, path: true, line: true, operation: { select: { id: true, method: true, path: true } } },
      orderBy: [{ severity: "asc" }, { ruleId: "asc" }, { line: "asc" }, { id: "asc" }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    }),
    db.lintFinding.count({ where }),
    db.lintFinding.groupBy({ by: ["ruleId", "severity"], where: { apiId: api.id, orgId: scope.orgId }, _count: { _all: true }, orderBy: { ruleId: "asc" } }),
  ]);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  return {
    data: page,
    nextCursor: hasMore ? page[page.length - 1]!.id : null,
    total,
    rules: byRule.map((row) => ({ ruleId: row.ruleId, severity: row.severity, count: row._count._all })),
  };
}

export async function listSpecImports(scope: TOrgScope, apiId: string) {
  const api = await requireApi(scope, apiId);
  return db.specImport.findMany({
    where: { apiId: api.id, orgId: scope.orgId },
    select: {
      id: true,
      createdAt: true,
      source: true,
      sourceUrl: true,
      fileName: true,
      format: true,
      title: true,
      specVersion: true,
      sizeBytes: true,
      operationCount: true,
      added: true,
      removed: true,
      changed: true,
      findingCount: true,
      durationMs: true,
      importedBy: { select: { id: true, name: true } },
    },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}
