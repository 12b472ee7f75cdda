import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";
import type { TUpdateThreatModel } from "@/lib/validation/threat-models";
import { assertDraft } from "@/lib/core/threat-models/draft-rule";
import { loadModel } from "./load-model";
import { recordContributor } from "./record-contributor";

export async function updateThreatModel(caller: TCaller, id: string, input: TUpdateThreatModel) {
  const { version, ...fields } = input;
  await db.$transaction(async (tx) => {
    const model = await loadModel(tx, caller, id);
    assertDraft(model);
    const { count } = await tx.threatModel.updateMany({ where: { ...byIdInOrg(caller, id), version, status: "DRAFT" }, data: { ...fields, version: { increment: 1 } } });
    if (count === 0) throw new AppError("CONFLICT", "Someone else changed this model since you opened it. Reload to see their changes.");
    await recordContributor(tx, caller, model);
    await recordAuditEventBy(caller, { action: "threat_model.updated", targetType: "threat_model", targetId: id, metadata: { fields: Object.keys(fields) } }, tx);
  });
}
