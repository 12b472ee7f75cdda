import "server-only";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, type TCaller } from "@/lib/server/scope";
import type { TUpdateThreatModel } from "@/lib/validation/threat-models";
import { assertDraft, loadModel, recordContributor } from "./load";

export async function updateThreatModel(caller: TCaller, id: string, input: TUpdateThreatModel) {
  const { version, ...fields } = input;
  await db.$transaction(async (tx) => {
    const model = await loadModel(tx, caller, id);
    assertDraft(model);
    const { count } = await tx.threatModel.updateMany({ where: { ...byIdInOrg(caller, id), version, status: "DRAFT" }, data: { ...fields, version: { increment: 1 } } });
    if (count === 0) throw new AppError("CONFLICT", "Someone else changed this model since you opened it. Reload to see their changes.");
    await recordContributor(tx, caller, model);
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "threat_model.updated", targetType: "threat_model", targetId: id, ip: caller.ip, userAgent: caller.userAgent, metadata: { fields: Object.keys(fields) } }, tx);
  });
}

/** Drafts only: an approved model is a record of a decision and stays. */
export async function deleteThreatModel(caller: TCaller, id: string) {
  await db.$transaction(async (tx) => {
    const model = await loadModel(tx, caller, id);
    if (model.status !== "DRAFT") throw new AppError("CONFLICT", "Only drafts can be deleted; approved and in-review models are kept as records.");
    // Mitigations the checklist proposed for this draft alone go with it; any that other threats
    // share, or that someone started working on, stay.
    const proposedHere = await tx.mitigation.findMany({
      where: { orgId: caller.orgId, status: "PROPOSED", threats: { some: { threat: { threatModelId: id } }, every: { threat: { threatModelId: id } } } },
      select: { id: true },
    });
    await tx.threatModel.deleteMany({ where: { ...byIdInOrg(caller, id), status: "DRAFT" } });
    if (proposedHere.length) await tx.mitigation.deleteMany({ where: { orgId: caller.orgId, id: { in: proposedHere.map((m) => m.id) } } });
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "threat_model.deleted", targetType: "threat_model", targetId: id, ip: caller.ip, userAgent: caller.userAgent, metadata: { title: model.title } }, tx);
  });
}
