import "server-only";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { deliverEmails } from "@/lib/server/notifications/deliver-emails";
import type { TCaller } from "@/lib/server/scope";
import { getSlaSettings } from "@/lib/server/settings/get-sla-settings";
import type { TCreateMitigation } from "@/lib/validation/mitigations";
import { applyMitigationChange } from "./apply-mitigation-change";
import { checkAssignee } from "./check-assignee";
import { getMitigation } from "./get-mitigation";
import { listThreatSeverities } from "./list-threat-severities";
import { mitigationSelect } from "./mitigation-dto";

export async function createMitigation(caller: TCaller, input: TCreateMitigation) {
  const sla = await getSlaSettings(caller);
  const { id, notifications } = await db.$transaction(async (tx) => {
    await checkAssignee(tx, caller, input.assigneeId);
    const severities = await listThreatSeverities(tx, caller, input.threatIds);
    const manual = input.dueDate !== null;
    const created = await tx.mitigation.create({
      data: {
        orgId: caller.orgId,
        title: input.title,
        description: input.description,
        priority: input.priority,
        ticketUrl: input.ticketUrl,
        createdById: caller.userId,
        status: "PROPOSED",
        dueDateManual: manual,
        dueDate: manual ? new Date(`${input.dueDate}T00:00:00.000Z`) : null,
        threats: { create: [...new Set(input.threatIds)].map((threatId) => ({ orgId: caller.orgId, threatId })) },
      },
      select: mitigationSelect,
    });
    await recordAuditEventBy(caller, { action: "mitigation.created", targetType: "mitigation", targetId: created.id, metadata: { title: input.title, severities } }, tx);
    const pending = input.assigneeId ? await applyMitigationChange(tx, caller, created, { assigneeId: input.assigneeId }, sla) : [];
    return { id: created.id, notifications: pending };
  });
  await deliverEmails(caller, notifications);
  return getMitigation(caller, id);
}
