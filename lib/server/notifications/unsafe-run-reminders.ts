import "server-only";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { unsafeDeliverEmails } from "./deliver-emails";
import { recordNotification } from "./record-notification";

const DUE_SOON_MS = 3 * 24 * 60 * 60 * 1000;
const OPEN: ("PROPOSED" | "PLANNED" | "IN_PROGRESS")[] = ["PROPOSED", "PLANNED", "IN_PROGRESS"];

export type TReminderRun = { ran: boolean; dueSoon: number; overdue: number; reopened: number; emailed: number };

/**
 * One pass of the reminder job, as of `now` (tests pass a fake clock). Only one process runs it
 * at a time (a transaction-scoped advisory lock; the others skip), and each reminder has a
 * dedupe key, so nobody is told twice about the same due date.
 */
export async function unsafeRunReminders(now: Date = new Date()): Promise<TReminderRun> {
  const result = await db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext('bulwark:reminders')) AS locked`;
      if (!lock?.locked) return { ran: false, dueSoon: 0, overdue: 0, reopened: 0, created: [] as (string | null)[] };

      const due = await tx.mitigation.findMany({
        where: { status: { in: OPEN }, assigneeId: { not: null }, dueDate: { not: null, lte: new Date(now.getTime() + DUE_SOON_MS) } },
        select: { id: true, orgId: true, title: true, dueDate: true, assigneeId: true, org: { select: { slug: true } } },
      });
      const created: (string | null)[] = [];
      let dueSoon = 0;
      let overdue = 0;
      for (const mitigation of due) {
        const dueDate = mitigation.dueDate!;
        const isOverdue = dueDate.getTime() <= now.getTime();
        const day = dueDate.toISOString().slice(0, 10);
        const id = await recordNotification(tx, {
          orgId: mitigation.orgId,
          userId: mitigation.assigneeId!,
          kind: isOverdue ? "OVERDUE" : "DUE_SOON",
          title: isOverdue ? `“${mitigation.title}” is overdue (due ${day})` : `“${mitigation.title}” is due on ${day}`,
          link: `/${mitigation.org.slug}/mitigations/${mitigation.id}`,
          // Per mitigation, per due date: moving the date earns a fresh reminder, re-running does not.
          dedupeKey: `${isOverdue ? "overdue" : "due-soon"}:${mitigation.id}:${day}:${mitigation.assigneeId}`,
        });
        if (id) {
          created.push(id);
          if (isOverdue) overdue++;
          else dueSoon++;
        }
      }

      // An accepted risk whose acceptance ran out is open again.
      const expired = await tx.threat.findMany({ where: { status: "ACCEPTED", acceptanceExpiresAt: { lte: now } }, select: { id: true, orgId: true, title: true, acceptanceExpiresAt: true } });
      for (const threat of expired) {
        const { count } = await tx.threat.updateMany({ where: { id: threat.id, orgId: threat.orgId, status: "ACCEPTED" }, data: { status: "OPEN", acceptanceJustification: null, acceptanceExpiresAt: null, version: { increment: 1 } } });
        if (count) {
          await recordAuditEvent({ orgId: threat.orgId, action: "threat.acceptance_expired", targetType: "threat", targetId: threat.id, metadata: { title: threat.title, expiredAt: threat.acceptanceExpiresAt?.toISOString() ?? null } }, tx);
        }
      }
      return { ran: true, dueSoon, overdue, reopened: expired.length, created };
    },
    { timeout: 60_000 },
  );
  const emailed = await unsafeDeliverEmails(result.created);
  return { ran: result.ran, dueSoon: result.dueSoon, overdue: result.overdue, reopened: result.reopened, emailed };
}
