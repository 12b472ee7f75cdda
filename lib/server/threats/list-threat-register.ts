import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { portfolioApiWhere } from "@/lib/server/portfolio/api-filter";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import type { TListThreatsQuery } from "@/lib/validation/threats";
import { containsText } from "@/lib/server/text-search";

const registerSelect = {
  id: true,
  title: true,
  category: true,
  owaspApiId: true,
  likelihood: true,
  impact: true,
  score: true,
  severity: true,
  status: true,
  createdAt: true,
  threatModel: { select: { id: true, title: true, modelVersion: true, status: true, api: { select: { id: true, name: true, exposure: true, team: { select: { name: true } } } } } },
  _count: { select: { mitigations: true } },
} satisfies Prisma.ThreatSelect;

/**
 * The threat register behind the dashboard's numbers: threats of each API's current model (the
 * approved one, else the latest not archived), riskiest first.
 */
export async function listThreatRegister(caller: TOrgScope, query: TListThreatsQuery) {
  const apiWhere = portfolioApiWhere(caller, query);
  const where: Prisma.ThreatWhereInput = inOrg(caller, {
    status: { in: query.status },
    ...(query.severity.length ? { severity: { in: query.severity } } : {}),
    ...(query.owasp ? { owaspApiId: query.owasp } : {}),
    ...(query.likelihood ? { likelihood: query.likelihood } : {}),
    ...(query.impact ? { impact: query.impact } : {}),
    ...(query.q ? { title: containsText(query.q) } : {}),
    threatModel: { currentOf: { some: {} }, api: query.apiId ? { AND: [apiWhere, { id: query.apiId }] } : apiWhere },
  });
  if (query.cursor && !(await db.threat.findFirst({ where: byIdInOrg(caller, query.cursor), select: { id: true } }))) {
    throw new AppError("BAD_REQUEST", "The cursor is not valid any more; start again from the first page.");
  }
  const [rows, total] = await Promise.all([
    db.threat.findMany({
      where,
      select: registerSelect,
      orderBy: [{ score: "desc" }, { createdAt: "asc" }, { id: "asc" }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    }),
    db.threat.count({ where }),
  ]);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  return { data: page.map(({ _count, ...row }) => ({ ...row, mitigationCount: _count.mitigations })), nextCursor: hasMore ? page[page.length - 1]!.id : null, total };
}

export type TThreatRegisterItem = Awaited<ReturnType<typeof listThreatRegister>>["data"][number];
