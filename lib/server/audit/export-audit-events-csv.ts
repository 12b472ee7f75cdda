import "server-only";
import { csvRow } from "@/lib/core/audit/csv";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { after, auditWhere, eventSelect, type TCursor } from "@/lib/server/audit/audit-query";
import type { TCaller } from "@/lib/server/scope";
import type { TAuditFilters } from "@/lib/validation/audit";

const EXPORT_MAX_ROWS = 100_000;
const EXPORT_BATCH = 1_000;

const AUDIT_CSV_HEADER = ["time", "actor_email", "actor_name", "action", "object_type", "object_id", "ip", "user_agent", "details"];

/**
 * The filtered log as CSV, streamed in batches so a long history never sits in memory whole.
 * The export itself is recorded first: who took a copy of the log, and with which filters.
 */
export async function exportAuditEventsCsv(caller: TCaller, filters: TAuditFilters): Promise<ReadableStream<Uint8Array>> {
  const where = auditWhere(caller, filters);
  await recordAuditEventBy(caller, { action: "audit.exported", targetType: "organization", targetId: caller.orgId, metadata: { filters } });
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
