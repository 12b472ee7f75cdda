import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import type { TPortfolioFilters } from "@/lib/validation/portfolio";

// The dashboard's portfolio filters, once for Prisma queries and once for raw SQL, so a figure
// and the list it drills down to always select the same APIs. Retired APIs are not part of the
// portfolio.

export function portfolioApiWhere(caller: TOrgScope, filters: TPortfolioFilters): Prisma.ApiWhereInput {
  const and: Prisma.ApiWhereInput[] = [{ lifecycle: { not: "RETIRED" } }];
  if (filters.team) and.push({ team: { name: filters.team } });
  if (filters.exposure.length) and.push({ exposure: { in: filters.exposure } });
  if (filters.tag) and.push({ tags: { has: filters.tag } });
  if (filters.classification.length) and.push({ dataClassification: { in: filters.classification } });
  return inOrg(caller, { AND: and });
}

export function hasPortfolioFilter(filters: TPortfolioFilters): boolean {
  return Boolean(filters.team || filters.exposure.length || filters.tag || filters.classification.length);
}

/** Conditions on `"Api" a` (and `"Team" tm`, left-joined on a."teamId"), org included. */
export function portfolioApiSql(caller: TOrgScope, filters: TPortfolioFilters): Prisma.Sql {
  const and: Prisma.Sql[] = [Prisma.sql`a."orgId" = ${caller.orgId}`, Prisma.sql`a.lifecycle <> 'RETIRED'`];
  if (filters.team) and.push(Prisma.sql`tm.name = ${filters.team}`);
  if (filters.exposure.length) and.push(Prisma.sql`a.exposure::text IN (${Prisma.join(filters.exposure)})`);
  if (filters.tag) and.push(Prisma.sql`${filters.tag} = ANY(a.tags)`);
  if (filters.classification.length) and.push(Prisma.sql`a."dataClassification"::text IN (${Prisma.join(filters.classification)})`);
  return Prisma.join(and, " AND ");
}
