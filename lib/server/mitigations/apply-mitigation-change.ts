import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MitigationStatus } from "@/lib/generated/prisma/enums";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { recordNotification } from "@/lib/server/notifications/record-notification";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import { dueDateFromSla, slaDays, type TSlaSettings } from "@/lib/core/mitigations/sla";
import type { TUpdateMitigation } from "@/lib/validation/mitigations";
import { worstSeverity } from "@/lib/core/threats/risk";
import { checkAssignee } from "./check-assignee";
import { listThreatSeverities } from "./list-threat-severities";
import type { mitigationSelect } from "./mitigation-dto";

export type TBefore = Prisma.MitigationGetPayload<{ select: typeof mitigationSelect }>;

/**
 * The one place the rules of a mitigation's life are applied (single edits and bulk alike):
 * SLA due dates, "won't do" needs a reason, "verified" needs evidence and, if the organisation
 * asks, someone other than the assignee.
 */
export async function applyMitigationChange(tx: DbTransaction, caller: TCaller, before: TBefore, change: Omit<TUpdateMitigation, "version">, sla: TSlaSettings, version?: number) {
  const now = new Date();
  const { threatIds, dueDate, ...fields } = change;
  if (fields.assigneeId !== undefined) await checkAssignee(tx, caller, fields.assigneeId);
  const severities = threatIds ? await listThreatSeverities(tx, caller, threatIds) : before.threats.map((link) => link.threat.severity);

  const status: MitigationStatus = fields.status ?? before.status;
  const assigneeId = fields.assigneeId !== undefined ? fields.assigneeId : before.assigneeId;
  const evidenceUrl = fields.evidenceUrl !== undefined ? fields.evidenceUrl : before.evidenceUrl;
  const evidenceNote = fields.evidenceNote !== undefined ? fields.evidenceNote : before.evidenceNote;
  const wontDoReason = fields.wontDoReason !== undefined ? fields.wontDoReason : before.wontDoReason;

  if (status === "WONT_DO" && !wontDoReason?.trim()) {
    throw new AppError("VALIDATION_FAILED", "Say why this will not be done.", { fieldErrors: [fieldError("wontDoReason", "A reason is required for “won't do”.")] });
  }
  const becomesVerified = status === "VERIFIED" && before.status !== "VERIFIED";
  if (becomesVerified && !evidenceUrl?.trim() && !evidenceNote?.trim()) {
    throw new AppError("VALIDATION_FAILED", "Add evidence (a link or a note) before marking the mitigation verified.", {
      fieldErrors: [fieldError("evidenceUrl", "Evidence is required to verify."), fieldError("evidenceNote", "Evidence is required to verify.")],
    });
  }
  if (becomesVerified && sla.independentVerification && assigneeId === caller.userId) {
    throw new AppError("FORBIDDEN", "This organisation asks for someone other than the assignee to verify a mitigation.");
  }

  const data: Prisma.MitigationUncheckedUpdateManyInput = { ...fields, version: { increment: 1 } };
  if (becomesVerified) Object.assign(data, { verifiedById: caller.userId, verifiedAt: now });
  if (status !== "VERIFIED" && before.status === "VERIFIED") Object.assign(data, { verifiedById: null, verifiedAt: null });
  if (status !== "WONT_DO") data.wontDoReason = null;
  if (dueDate !== undefined) {
    // A date set by a person sticks; clearing it hands the date back to the SLA.
    data.dueDateManual = dueDate !== null;
    data.dueDate = dueDate ? new Date(`${dueDate}T00:00:00.000Z`) : assigneeId ? dueDateFromSla(now, slaDays(worstSeverity(severities), sla)) : null;
  } else if (!before.dueDateManual && before.dueDate === null && (assigneeId || status !== "PROPOSED")) {
    // The SLA clock starts when someone takes the work on.
    data.dueDate = dueDateFromSla(now, slaDays(worstSeverity(severities), sla));
  }
  // Assigning proposed work makes it planned.
  if (fields.status === undefined && before.status === "PROPOSED" && assigneeId && !before.assigneeId) data.status = "PLANNED";

  const { count } = await tx.mitigation.updateMany({ where: { ...byIdInOrg(caller, before.id), ...(version !== undefined ? { version } : {}) }, data });
  if (count === 0) throw new AppError("CONFLICT", `Someone else changed “${before.title}” since you opened it. Reload to see their changes.`);
  if (threatIds) {
    await tx.threatMitigation.deleteMany({ where: inOrg(caller, { mitigationId: before.id }) });
    await tx.threatMitigation.createMany({ data: [...new Set(threatIds)].map((threatId) => ({ orgId: caller.orgId, mitigationId: before.id, threatId })) });
  }

  const notifications: (string | null)[] = [];
  if (assigneeId && assigneeId !== before.assigneeId && assigneeId !== caller.userId) {
    const org = await tx.organization.findFirstOrThrow({ where: { id: caller.orgId }, select: { slug: true } });
    notifications.push(
      await recordNotification(tx, {
        orgId: caller.orgId,
        userId: assigneeId,
        kind: "ASSIGNED",
        title: `You were assigned “${before.title}”`,
        body: data.dueDate instanceof Date ? `Due ${data.dueDate.toISOString().slice(0, 10)}.` : before.dueDate ? `Due ${before.dueDate.toISOString().slice(0, 10)}.` : "",
        link: `/${org.slug}/mitigations/${before.id}`,
      }),
    );
  }
  const changed = Object.keys(change).filter((key) => JSON.stringify((change as Record<string, unknown>)[key]) !== JSON.stringify((before as Record<string, unknown>)[key]));
  await recordAuditEventBy(caller, { action: "mitigation.updated", targetType: "mitigation", targetId: before.id, metadata: { fields: changed, status: { from: before.status, to: status } } }, tx);
  return notifications;
}
