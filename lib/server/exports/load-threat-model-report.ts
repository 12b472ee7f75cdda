import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { TThreatModelReportData } from "@/lib/core/exports/report-data";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import { getRiskBands } from "@/lib/server/settings/get-risk-bands";
import { loadReportContext } from "./load-report-context";

// The data behind the PDF reports, read with the caller's organisation in every `where`: a model
// of another organisation is simply not found.

const person = { select: { name: true, email: true } } as const;
const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function loadThreatModelReport(caller: TOrgScope, modelId: string, now = new Date()): Promise<TThreatModelReportData> {
  const model = await db.threatModel.findFirst({
    where: byIdInOrg(caller, modelId),
    select: {
      id: true,
      title: true,
      modelVersion: true,
      status: true,
      scope: true,
      assumptions: true,
      entryKeys: true,
      approvedAt: true,
      submittedAt: true,
      createdAt: true,
      updatedAt: true,
      author: person,
      reviewer: person,
      approvedBy: person,
      api: {
        select: {
          id: true,
          name: true,
          description: true,
          exposure: true,
          dataClassification: true,
          dataFlags: true,
          authSchemes: true,
          protocol: true,
          lifecycle: true,
          apiVersion: true,
          team: { select: { name: true } },
          technicalOwner: person,
          environments: { select: { name: true, baseUrl: true }, orderBy: { position: "asc" } },
        },
      },
      answers: { select: { entryKey: true, answer: true, note: true, ruleReason: true, answeredById: true } },
      reviews: { select: { action: true, comment: true, createdAt: true, actor: person }, orderBy: { createdAt: "asc" } },
    },
  });
  if (!model) throw notFound("threat model");
  // One statement after the other keeps a large model's report to a few connections' worth of work.
  const threats = await db.threat.findMany({
    where: inOrg(caller, { threatModelId: model.id }),
    select: {
      id: true,
      title: true,
      description: true,
      category: true,
      owaspApiId: true,
      stride: true,
      likelihood: true,
      impact: true,
      score: true,
      severity: true,
      status: true,
      acceptanceJustification: true,
      acceptanceExpiresAt: true,
      source: true,
      operations: { select: { reasons: true, operation: { select: { method: true, path: true } } } },
      mitigations: { select: { mitigationId: true } },
    },
    orderBy: [{ score: "desc" }, { title: "asc" }],
  });
  const mitigationIds = [...new Set(threats.flatMap((threat) => threat.mitigations.map((link) => link.mitigationId)))];
  const mitigations = await db.mitigation.findMany({
    where: inOrg(caller, { id: { in: mitigationIds } }),
    select: { id: true, title: true, description: true, status: true, dueDate: true, ticketUrl: true, evidenceUrl: true, evidenceNote: true, assignee: person, threats: { select: { threatId: true } } },
  });
  const threatIds = new Set(threats.map((threat) => threat.id));
  const [operations, operationsWithoutAuth, bands, catalog, context] = await Promise.all([
    db.operation.count({ where: inOrg(caller, { apiId: model.api.id, removedAt: null }) }),
    db.operation.count({ where: inOrg(caller, { apiId: model.api.id, removedAt: null, requiresAuth: false }) }),
    getRiskBands(caller),
    listCatalog(caller, { includeDisabled: true, keys: model.entryKeys }),
    loadReportContext(caller),
  ]);
  const answers = new Map(model.answers.map((answer) => [answer.entryKey, answer]));
  const entries = new Map(catalog.entries.map((entry) => [entry.key, entry]));

  return {
    generatedAt: now.toISOString(),
    generatedBy: context.generatedBy,
    org: context.org,
    model: {
      id: model.id,
      title: model.title,
      modelVersion: model.modelVersion,
      status: model.status,
      scope: model.scope,
      assumptions: model.assumptions,
      author: model.author,
      reviewer: model.reviewer,
      approvedBy: model.approvedBy,
      approvedAt: iso(model.approvedAt),
      submittedAt: iso(model.submittedAt),
      createdAt: model.createdAt.toISOString(),
      updatedAt: model.updatedAt.toISOString(),
    },
    api: {
      name: model.api.name,
      description: model.api.description,
      exposure: model.api.exposure,
      dataClassification: model.api.dataClassification,
      dataFlags: model.api.dataFlags,
      authSchemes: model.api.authSchemes,
      protocol: model.api.protocol,
      lifecycle: model.api.lifecycle,
      team: model.api.team?.name ?? null,
      owner: model.api.technicalOwner,
      apiVersion: model.api.apiVersion,
      environments: model.api.environments,
      operations,
      operationsWithoutAuth,
    },
    bands: { mediumFrom: bands.mediumFrom, highFrom: bands.highFrom, criticalFrom: bands.criticalFrom },
    threats: threats.map((threat) => ({
      ...threat,
      acceptanceExpiresAt: iso(threat.acceptanceExpiresAt),
      operations: threat.operations.map((link) => ({ label: `${link.operation.method} ${link.operation.path}`, reasons: link.reasons })),
      mitigationIds: threat.mitigations.map((link) => link.mitigationId),
    })),
    mitigations: mitigations.map((mitigation) => ({
      id: mitigation.id,
      title: mitigation.title,
      description: mitigation.description,
      status: mitigation.status,
      assignee: mitigation.assignee,
      dueDate: iso(mitigation.dueDate),
      ticketUrl: mitigation.ticketUrl,
      evidence: mitigation.evidenceUrl ?? mitigation.evidenceNote,
      // Only this model's threats: a mitigation shared with other models lists those elsewhere.
      threatIds: mitigation.threats.map((link) => link.threatId).filter((id) => threatIds.has(id)),
    })),
    answers: model.entryKeys.map((key) => {
      const answer = answers.get(key);
      const entry = entries.get(key);
      return {
        category: entry?.category ?? "other",
        entryKey: key,
        title: entry?.question ?? entry?.title ?? key,
        answer: answer?.answer ?? null,
        note: answer?.note ?? "",
        ruleReason: answer?.ruleReason ?? null,
        confirmed: Boolean(answer?.answeredById),
      };
    }),
    reviews: model.reviews.map((review) => ({ action: review.action, actor: review.actor ? review.actor.name || review.actor.email : null, comment: review.comment, createdAt: review.createdAt.toISOString() })),
  };
}
