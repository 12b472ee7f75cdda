import "server-only";
import { db, type DbTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TCaller } from "@/lib/server/scope";

export type TAuditEventInput = {
  orgId?: string | null;
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  ip?: string | null;
  userAgent?: string | null;
  metadata?: Prisma.InputJsonValue;
};

/** Appends one audit event. Pass the transaction of the change it records, so both commit or neither. */
export async function recordAuditEvent(event: TAuditEventInput, tx: DbTransaction | typeof db = db): Promise<void> {
  await tx.auditEvent.create({
    data: {
      orgId: event.orgId ?? null,
      actorId: event.actorId ?? null,
      action: event.action,
      targetType: event.targetType,
      targetId: event.targetId,
      ip: event.ip ?? null,
      userAgent: event.userAgent?.slice(0, 512) ?? null,
      metadata: event.metadata,
    },
  });
}

export type TCallerAuditEvent = Omit<TAuditEventInput, "orgId" | "actorId" | "ip" | "userAgent">;

/**
 * Appends one audit event done by the caller in their organisation: who, where from and in which
 * organisation come from the caller, so no call site copies them (or forgets one).
 */
export async function recordAuditEventBy(caller: TCaller, event: TCallerAuditEvent, tx: DbTransaction | typeof db = db): Promise<void> {
  await recordAuditEvent({ ...event, orgId: caller.orgId, actorId: caller.userId, ip: caller.ip, userAgent: caller.userAgent }, tx);
}
