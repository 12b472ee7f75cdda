import "server-only";
import { AppError, fieldError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { planOtmImport, validateOtm } from "@/lib/core/exports/otm/otm";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { dueDateFromSla, slaDays } from "@/lib/core/mitigations/sla";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { getSlaSettings } from "@/lib/server/settings/get-sla-settings";
import { severityOf } from "@/lib/core/threats/risk";

export type TOtmImportResult = { threatModelId: string; apiId: string; createdApi: boolean; threats: number; mitigations: number; linkedOperations: number; skippedMitigations: string[]; assigneesNotFound: string[] };

/**
 * Reads an OTM document into a new draft threat model: on the given API, or on a new API named
 * after the OTM project. Answers 422 with a JSON pointer and a message for each problem.
 */
export async function importOtm(caller: TCaller, document: unknown, options: { apiId?: string } = {}): Promise<TOtmImportResult> {
  const checked = validateOtm(document);
  if (!checked.ok) {
    throw new AppError("VALIDATION_FAILED", `This is not an Open Threat Model file Bulwark can read: ${checked.errors.length} problem${checked.errors.length === 1 ? "" : "s"}, each with where it is.`, { fieldErrors: checked.errors });
  }
  const plan = planOtmImport(checked.otm);
  if (!plan.threats.length) throw new AppError("VALIDATION_FAILED", "The file has no threats to import.", { fieldErrors: [fieldError("threats", "Add at least one threat.")] });
  const [bands, sla] = await Promise.all([getRiskBands(caller), getSlaSettings(caller)]);
  const members = await db.membership.findMany({ where: inOrg(caller), select: { user: { select: { id: true, email: true } } } });
  const memberByEmail = new Map(members.map((member) => [member.user.email.toLowerCase(), member.user.id]));
  const assigneesNotFound = [...new Set(plan.mitigations.flatMap((mitigation) => (mitigation.assigneeEmail && !memberByEmail.has(mitigation.assigneeEmail.toLowerCase()) ? [mitigation.assigneeEmail] : [])))];
  const now = new Date();

  const result = await db.$transaction(
    async (tx) => {
      let apiId = options.apiId;
      let createdApi = false;
      if (apiId) {
        if (!(await tx.api.findFirst({ where: byIdInOrg(caller, apiId), select: { id: true } }))) throw notFound("API");
      } else {
        const name = checked.otm.project.name.trim().slice(0, 120);
        if (await tx.api.findFirst({ where: inOrg(caller, { name }), select: { id: true } })) {
          throw new AppError("CONFLICT", `An API named “${name}” exists already. Import into it by choosing it (apiId), or rename the project in the file.`);
        }
        apiId = (await tx.api.create({ data: { orgId: caller.orgId, name, description: plan.scope, createdById: caller.userId }, select: { id: true } })).id;
        createdApi = true;
      }
      const latest = await tx.threatModel.findFirst({ where: inOrg(caller, { apiId }), orderBy: { modelVersion: "desc" }, select: { modelVersion: true } });
      const model = await tx.threatModel.create({
        data: { orgId: caller.orgId, apiId, title: plan.title || "Imported threat model", scope: plan.scope, assumptions: plan.assumptions, authorId: caller.userId, contributorIds: [caller.userId], entryKeys: [], modelVersion: (latest?.modelVersion ?? 0) + 1 },
        select: { id: true },
      });
      const operations = await tx.operation.findMany({ where: inOrg(caller, { apiId, removedAt: null }), select: { id: true, method: true, path: true } });
      const operationId = new Map(operations.map((operation) => [`${operation.method} ${operation.path}`, operation.id]));
      const threatIds = new Map<string, { id: string; severity: ReturnType<typeof severityOf> }>();
      let linkedOperations = 0;
      for (const threat of plan.threats) {
        const score = threat.likelihood * threat.impact;
        const severity = severityOf(score, bands);
        const links = threat.operations.flatMap((name) => (operationId.has(name) ? [operationId.get(name)!] : []));
        linkedOperations += links.length;
        const created = await tx.threat.create({
          data: {
            orgId: caller.orgId,
            threatModelId: model.id,
            title: threat.title,
            description: threat.description,
            category: threat.category,
            owaspApiId: threat.owaspApiId,
            stride: threat.stride,
            likelihood: threat.likelihood,
            impact: threat.impact,
            score,
            severity,
            status: threat.status,
            acceptanceJustification: threat.acceptanceJustification,
            acceptanceExpiresAt: threat.acceptanceExpiresAt ? new Date(threat.acceptanceExpiresAt) : null,
            source: "MANUAL",
            createdById: caller.userId,
            operations: { create: links.map((id) => ({ orgId: caller.orgId, operationId: id })) },
          },
          select: { id: true },
        });
        threatIds.set(threat.key, { id: created.id, severity });
      }
      const rank = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
      for (const mitigation of plan.mitigations) {
        const linked = mitigation.threatKeys.flatMap((key) => (threatIds.has(key) ? [threatIds.get(key)!] : []));
        const worst = linked.map((threat) => threat.severity).sort((a, b) => rank.indexOf(b) - rank.indexOf(a))[0] ?? null;
        const verified = mitigation.status === "VERIFIED";
        await tx.mitigation.create({
          data: {
            orgId: caller.orgId,
            title: mitigation.title,
            description: mitigation.description,
            status: mitigation.status,
            assigneeId: mitigation.assigneeEmail ? (memberByEmail.get(mitigation.assigneeEmail.toLowerCase()) ?? null) : null,
            dueDate: mitigation.dueDate ? new Date(mitigation.dueDate) : dueDateFromSla(now, slaDays(worst, sla)),
            dueDateManual: Boolean(mitigation.dueDate),
            ticketUrl: mitigation.ticketUrl,
            wontDoReason: mitigation.status === "WONT_DO" ? "Rejected in the imported threat model." : null,
            evidenceNote: verified ? "Verified before the model was imported (OTM)." : null,
            verifiedAt: verified ? now : null,
            createdById: caller.userId,
            threats: { create: linked.map((threat) => ({ orgId: caller.orgId, threatId: threat.id })) },
          },
        });
      }
      await recordAuditEventBy(
        caller,
        { action: "threat_model.imported", targetType: "threat_model", targetId: model.id, metadata: { format: "otm", otmVersion: checked.otm.otmVersion, threats: plan.threats.length, mitigations: plan.mitigations.length, createdApi } },
        tx,
      );
      return { threatModelId: model.id, apiId, createdApi, linkedOperations };
    },
    { timeout: 60_000 },
  );
  return { ...result, threats: plan.threats.length, mitigations: plan.mitigations.length, skippedMitigations: plan.skippedMitigations, assigneesNotFound };
}
