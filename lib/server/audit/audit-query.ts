import "server-only";
import { AppError } from "@/lib/core/app-error";
import type { Prisma } from "@/lib/generated/prisma/client";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { startsWithText } from "@/lib/server/text-search";
import type { TAuditFilters } from "@/lib/validation/audit";

// The audit log as an organisation's admins see it: the events recorded in that organisation,
// nothing else. Account events (sign-ins, MFA, password resets, sessions) have no organisation:
// a member's addresses, devices and sign-ins elsewhere, or from before they joined, are not an
// organisation admin's to read, so they never appear here. Read-only: there is no update or
// delete of audit events anywhere in the code, and the database refuses both (trigger
// "AuditEvent_append_only").

const DAY_MS = 24 * 60 * 60 * 1000;

export function auditWhere(caller: TOrgScope, filters: TAuditFilters): Prisma.AuditEventWhereInput {
  const and: Prisma.AuditEventWhereInput[] = [inOrg(caller)];
  if (filters.actor) and.push({ actorId: filters.actor });
  if (filters.action) and.push({ action: startsWithText(filters.action) });
  if (filters.objectType) and.push({ targetType: filters.objectType });
  if (filters.objectId) and.push({ targetId: filters.objectId });
  if (filters.from) and.push({ createdAt: { gte: new Date(`${filters.from}T00:00:00Z`) } });
  if (filters.to) and.push({ createdAt: { lt: new Date(Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS) } });
  return { AND: and };
}

export const eventSelect = {
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

export type TCursor = { createdAt: Date; id: string };

export function encodeCursor(row: TCursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

export function decodeCursor(cursor: string): TCursor {
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as [string, string];
    const date = new Date(createdAt);
    if (typeof id !== "string" || Number.isNaN(date.getTime())) throw new Error("bad cursor");
    return { createdAt: date, id };
  } catch {
    throw new AppError("BAD_REQUEST", "The page cursor is not valid; start from the first page.");
  }
}

export const after = (cursor: TCursor): Prisma.AuditEventWhereInput => ({
  OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }],
});
