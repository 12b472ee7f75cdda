import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";
import { assertDraft } from "@/lib/core/threat-models/draft-rule";
import { loadModel } from "@/lib/server/threat-models/load-model";
import { recordContributor } from "@/lib/server/threat-models/record-contributor";

export async function deleteThreat(caller: TCaller, id: string) {
  await db.$transaction(async (tx) => {
    const threat = await tx.threat.findFirst({ where: byIdInOrg(caller, id), select: { threatModelId: true, title: true, catalogEntryKey: true } });
    if (!threat) throw notFound("threat");
    const model = await loadModel(tx, caller, threat.threatModelId);
    assertDraft(model);
    await recordContributor(tx, caller, model);
    if (threat.catalogEntryKey) {
      throw new AppError("CONFLICT", "This threat comes from a checklist answer: answer the entry 'no' or 'not applicable' instead, or set its status.");
    }
    await tx.threat.deleteMany({ where: byIdInOrg(caller, id) });
    await recordAuditEventBy(caller, { action: "threat.deleted", targetType: "threat", targetId: id, metadata: { title: threat.title } }, tx);
  });
}
