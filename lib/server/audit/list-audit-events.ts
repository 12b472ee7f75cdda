import "server-only";
import { db } from "@/lib/db";
import { after, auditWhere, decodeCursor, encodeCursor, eventSelect } from "@/lib/server/audit/audit-query";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import type { TAuditFilters } from "@/lib/validation/audit";

/** Newest first, a page at a time (keyset pagination, so deep pages cost the same). */
export async function listAuditEvents(caller: TOrgScope, input: { filters: TAuditFilters; cursor?: string; limit: number }) {
  const where = auditWhere(caller, input.filters);
  const rows = await db.auditEvent.findMany({
    where: input.cursor ? { AND: [where, after(decodeCursor(input.cursor))] } : where,
    select: eventSelect,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return {
    data: page,
    nextCursor: rows.length > input.limit ? encodeCursor(page[page.length - 1]!) : null,
  };
}

export type TAuditEventDto = Awaited<ReturnType<typeof listAuditEvents>>["data"][number];

/** The members who appear as actors, for the actor filter. */
export async function listAuditActors(caller: TOrgScope) {
  return db.user.findMany({ where: { memberships: { some: inOrg(caller) } }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" } });
}
