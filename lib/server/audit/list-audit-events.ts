import "server-only";
import { AppError } from "@/lib/core/app-error";
import { csvRow } from "@/lib/core/audit/csv";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { inOrg, type TCaller, type TOrgScope } from "@/lib/server/scope";
import type { TAuditFilters } from "@/lib/validation/audit";
import { startsWithText } from "@/lib/server/text-search";

// The audit log as an organisation's admins see it: the events recorded in that organisation,
// nothing else. Account events (sign-ins, MFA, password resets, sessions) have no organisation:
// a member's addresses, devices and sign-ins elsewhere, or from before they joined, are not an
// organisation admin's to read, so they never appear here. Read-only: there is no update or
// delete of audit events anywhere in the code, and the database refuses both (trigger
// "AuditEvent_append_only").

const DAY_MS = 24 * 60 * 60 * 1000;
const EXPORT_MAX_ROWS = 100_000;
const EXPORT_BATCH = 1_000;

function auditWhere(scope: TOrgScope, filters: TAuditFilters): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [inOrg(scope)];
  if (filters.actor) and.push({ actorId: filters.actor });
  if (filters.action) and.push({ action: startsWithText(filters.action) });
  if (filters.objectType) and.push({ targetType: filters.objectType });
  if (filters.objectId) and.push({ targetId: filters.objectId });
  if (filters.from) and.push({ createdAt: { gte: new Date(`${filters.from}T00:00:00Z`) } });
  if (filters.to) and.push({ createdAt: { lt: new Date(Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS) } });
  return { AND: and };
}

const eventSelect = {
  id: true,
  createdAt: true,
  action: true,
  targetType: true,
  targetId: true,
  ip: true,
  userAgent: true,
  metadata: true,
  actor: { select: { id: true, name: true, email: true } },
} as const;

type TCursor = { createdAt: Date; id: string };

function encodeCursor(row: TCursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

function decodeCursor(cursor: string): TCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== "string" || Number.isNaN(date.getTime())) throw new Error("bad cursor");
    return { createdAt: date, id };
  } catch {
    throw new AppError("BAD_REQUEST", "The page cursor is not valid; start from the first page.");
  }
}

const after = (cursor: TCursor): Prisma.AuditEventWhereInput => ({
  OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
});

/** Newest first, a page at a time (keyset pagination, so deep pages cost the same). */
export async function listAuditEvents(scope: TOrgScope, input: { filters: TAuditFilters; cursor?: string; limit: number }) {
  const where = auditWhere(scope, input.filters);
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
export async function listAuditActors(scope: TOrgScope) {
  return db.user.findMany({ where: { memberships: { some: { orgId: scope.orgId } } }, select: { id: true, name: true, email: true }, orderBy: { name: "asc" } });
}

export const AUDIT_CSV_HEADER = ["time", "actor_email", "actor_name", "action", "object_type", "object_id", "ip", "user_agent", "details"];

/**
 * The filtered log as CSV, streamed in batches so a long history never sits in memory whole.
 * The export itself is recorded first: who took a copy of the log, and with which filters.
 */
export async function exportAuditEventsCsv(caller: TCaller, filters: TAuditFilters): Promise<ReadableStream<Uint8Array>> {
  const where = auditWhere(caller, filters);
  await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "audit.exported", targetType: "organization", targetId: caller.orgId, ip: caller.ip, userAgent: caller.userAgent, metadata: { filters } });
  const encoder = new TextEncoder();
  let cursor: TCursor | null = null;
  let sent = 0;
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(csvRow(AUDIT_CSV_HEADER)));
        return;
      }
      const rows = await db.auditEvent.findMany({
        where: cursor ? { AND: [where, after(cursor)] } : where,
        select: eventSelect,
        orderBy: [{ createdAt: "desc" }, { id: "desc" }],
        take: Math.min(EXPORT_BATCH, EXPORT_MAX_ROWS - sent),
      });
      if (rows.length === 0) {
        controller.close();
        return;
      }
      cursor = rows[rows.length - 1]!;
      sent += rows.length;
      const text = rows
        .map((row) =>
          csvRow([row.createdAt.toISOString(), row.actor?.email, row.actor?.name, row.action, row.targetType, row.targetId, row.ip, row.userAgent, row.metadata === null ? "" : JSON.stringify(row.metadata)]),
        )
        .join("");
      controller.enqueue(encoder.encode(text));
      if (sent >= EXPORT_MAX_ROWS) controller.close();
    },
  });
}
