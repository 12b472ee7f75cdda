import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import { loadModel } from "./load-model";

/** Drafts only: an approved model is a record of a decision and stays. */
export async function deleteThreatModel(caller: TCaller, id: string) {
  await db.$transaction(async (tx) => {
    const model = await loadModel(tx, caller, id);
    if (model.status !== "DRAFT") throw new AppError("CONFLICT", "Only drafts can be deleted; approved and in-review models are kept as records.");
    // Mitigations the checklist proposed for this draft alone go with it; any that other threats
    // share, or that someone started working on, stay.
    const proposedHere = await tx.mitigation.findMany({
      where: inOrg(caller, { status: "PROPOSED" as const, threats: { some: { threat: { threatModelId: id } }, every: { threat: { threatModelId: id } } } }),
      select: { id: true },
    });
    await tx.threatModel.deleteMany({ where: { ...byIdInOrg(caller, id), status: "DRAFT" } });
    if (proposedHere.length) await tx.mitigation.deleteMany({ where: inOrg(caller, { id: { in: proposedHere.map((m) => m.id) } }) });
    await recordAuditEventBy(caller, { action: "threat_model.deleted", targetType: "threat_model", targetId: id, metadata: { title: model.title } }, tx);
  });
}
