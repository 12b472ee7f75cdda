import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import type { TListFindingsQuery } from "@/lib/validation/specs";
import { findSpecApi } from "./find-spec-api";

export async function listFindings(caller: TOrgScope, apiId: string, query: TListFindingsQuery) {
  const api = await findSpecApi(caller, apiId);
  const where: Prisma.LintFindingWhereInput = inOrg(caller, {
    apiId: api.id,
    ...(query.severity ? { severity: query.severity } : {}),
    ...(query.rule ? { ruleId: query.rule } : {}),
    ...(query.operationId ? { operationId: query.operationId } : {}),
  });
  const [rows, total, byRule] = await Promise.all([
    db.lintFinding.findMany({
      where,
      select: { id: true, ruleId: true, severity: true, message: true, path: true, line: true, operation: { select: { id: true, method: true, path: true } } },
      orderBy: [{ severity: "asc" }, { ruleId: "asc" }, { line: "asc" }, { id: "asc" }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    }),
    db.lintFinding.count({ where }),
    db.lintFinding.groupBy({ by: ["ruleId", "severity"], where: inOrg(caller, { apiId: api.id }), _count: { _all: true }, orderBy: { ruleId: "asc" } }),
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
