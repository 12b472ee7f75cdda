import "server-only";
import { db } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { summarySelect, toSummary } from "./threat-model-summary";

export async function listThreatModels(caller: TOrgScope, query: { apiId?: string; status?: "DRAFT" | "IN_REVIEW" | "APPROVED" | "ARCHIVED" }) {
  const rows = await db.threatModel.findMany({
    where: inOrg(caller, { ...(query.apiId ? { apiId: query.apiId } : {}), ...(query.status ? { status: query.status } : {}) }),
    select: summarySelect,
    orderBy: [{ updatedAt: "desc" }],
    take: 200,
  });
  const severities = await db.threat.groupBy({
    by: ["threatModelId", "severity"],
    where: inOrg(caller, { threatModelId: { in: rows.map((row) => row.id) }, status: "OPEN" as const }),
    _count: { _all: true },
  });
  return rows.map((row) => ({
    ...toSummary(row),
    openThreats: Object.fromEntries(severities.filter((group) => group.threatModelId === row.id).map((group) => [group.severity, group._count._all])) as Partial<Record<string, number>>,
  }));
}

export type TThreatModelSummary = Awaited<ReturnType<typeof listThreatModels>>[number];
