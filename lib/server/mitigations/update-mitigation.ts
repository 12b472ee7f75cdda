import "server-only";
import { AppError, fieldError, notFound, type TFieldError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { deliverEmails } from "@/lib/server/notifications/deliver-emails";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import { getSlaSettings } from "@/lib/server/settings/get-sla-settings";
import type { TBulkMitigations, TUpdateMitigation } from "@/lib/validation/mitigations";
import { applyMitigationChange } from "./apply-mitigation-change";
import { getMitigation } from "./get-mitigation";
import { mitigationSelect } from "./mitigation-dto";

export async function updateMitigation(caller: TCaller, id: string, input: TUpdateMitigation) {
  const sla = await getSlaSettings(caller);
  const { version, ...change } = input;
  const notifications = await db.$transaction(async (tx) => {
    const before = await tx.mitigation.findFirst({ where: byIdInOrg(caller, id), select: mitigationSelect });
    if (!before) throw notFound("mitigation");
    return applyMitigationChange(tx, caller, before, change, sla, version);
  });
  await deliverEmails(caller, notifications);
  return getMitigation(caller, id);
}

/** All or nothing: one refused item (say, "verified" without evidence) rolls back the batch. */
export async function bulkUpdateMitigations(caller: TCaller, input: TBulkMitigations) {
  const sla = await getSlaSettings(caller);
  const change = { ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}), ...(input.status !== undefined ? { status: input.status } : {}) };
  const notifications = await db.$transaction(async (tx) => {
    const rows = await tx.mitigation.findMany({ where: inOrg(caller, { id: { in: input.ids } }), select: mitigationSelect });
    const found = new Set(rows.map((row) => row.id));
    const missing = input.ids.filter((id) => !found.has(id));
    if (missing.length) throw new AppError("NOT_FOUND", `${missing.length} of the selected mitigations do not exist in this organisation.`);
    const problems: TFieldError[] = [];
    const pending: (string | null)[] = [];
    for (const row of rows) {
      try {
        pending.push(...(await applyMitigationChange(tx, caller, row, change, sla)));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(fieldError(`ids.${input.ids.indexOf(row.id)}`, `${row.title}: ${error.message}`));
      }
    }
    if (problems.length) {
      throw new AppError("VALIDATION_FAILED", `${problems.length} of ${rows.length} mitigations cannot take this change; nothing was changed.`, { fieldErrors: problems });
    }
    return pending;
  });
  await deliverEmails(caller, notifications);
  return { updated: new Set(input.ids).size };
}
