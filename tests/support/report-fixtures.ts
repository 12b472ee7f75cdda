import { db } from "@/lib/db";
import { createApi } from "@/lib/server/apis/create-api";
import { createOrgEntry } from "@/lib/server/catalog/create-org-entry";
import { createTemplate } from "@/lib/server/catalog/create-template";
import { createComment } from "@/lib/server/comments/create-comment";
import { unsafeRecordRiskSnapshots } from "@/lib/server/dashboard/unsafe-record-risk-snapshots";
import { createMitigation } from "@/lib/server/mitigations/create-mitigation";
import { updateMitigation } from "@/lib/server/mitigations/update-mitigation";
import { updateSlaSettings } from "@/lib/server/settings/update-sla-settings";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { approveThreatModel } from "@/lib/server/threat-models/approve-threat-model";
import { submitForReview } from "@/lib/server/threat-models/submit-for-review";
import { saveAnswer } from "@/lib/server/threat-models/save-answer";
import { startNewVersion } from "@/lib/server/threat-models/start-new-version";
import { createThreat } from "@/lib/server/threats/create-threat";
import { ZCreateApi } from "@/lib/validation/apis";
import { ZCreateMitigation, ZUpdateMitigation } from "@/lib/validation/mitigations";
import { ZCreateThreat } from "@/lib/validation/threats";
import { ZCatalogEntryInput } from "@/lib/validation/catalog";
import { ZCreateThreatModel, ZSaveAnswer } from "@/lib/validation/threat-models";
import { uniqueSuffix, type TMemberFixture } from "./fixtures";

// An organisation with something of everything the reports and exports read: a team, an API
// with environments, a spec import with operations and a lint finding, an approved model and its
// second version, rule and manual answers, threats linked to operations, mitigations with owners
// and due dates (one overdue), comments with a mention, a custom catalogue entry, a template,
// changed settings and a risk snapshot.

export type TReportOrg = { apiId: string; approvedModelId: string; draftModelId: string; threatTitles: string[]; mitigationTitles: string[]; operationIds: string[] };

export async function seedReportOrg(people: { admin: TMemberFixture; editor: TMemberFixture; viewer: TMemberFixture }, options: { threats?: number; apiName?: string } = {}): Promise<TReportOrg> {
  const { admin, editor, viewer } = people;
  const orgId = admin.caller.orgId;
  const suffix = uniqueSuffix();
  const api = await createApi(
    editor.caller,
    ZCreateApi.parse({
      name: options.apiName ?? `Payments API ${suffix}`,
      description: "Takes card payments.",
      team: "Payments Core",
      technicalOwnerId: viewer.user.id,
      lifecycle: "ACTIVE",
      exposure: "INTERNET",
      authSchemes: ["OAUTH2_OIDC", "MTLS"],
      dataClassification: "RESTRICTED",
      dataFlags: ["PCI", "PII"],
      tags: ["payments", "tier-1"],
      apiVersion: "2.1",
      environments: [
        { name: "prod", baseUrl: "https://pay.example.com" },
        { name: "staging", baseUrl: "https://pay.staging.example.com" },
      ],
    }),
  );
  const specImport = await db.specImport.create({
    data: { orgId, apiId: api.id, importedById: editor.user.id, source: "PASTE", format: "openapi-3.0", title: "Payments", specVersion: "2.1", checksum: "abc", sizeBytes: 12, content: "openapi: 3.0.3", operationCount: 2, added: 2, removed: 0, changed: 0, findingCount: 1, durationMs: 5 },
  });
  const operationIds: string[] = [];
  for (const [method, path, requiresAuth] of [
    ["GET", "/payments/{paymentId}", true],
    ["POST", "/refunds", false],
  ] as const) {
    const operation = await db.operation.create({
      data: { orgId, apiId: api.id, method, path, requiresAuth, flags: ["id-path-param"], parameters: { path: ["paymentId"] }, lastImportId: specImport.id, securitySchemes: requiresAuth ? ["oauth"] : [] },
    });
    operationIds.push(operation.id);
  }
  await db.lintFinding.create({ data: { orgId, apiId: api.id, importId: specImport.id, operationId: operationIds[1]!, ruleId: "owasp:api2", severity: "WARN", message: "No security", path: "/paths/~1refunds/post", line: 12 } });
  await createOrgEntry(admin.caller, ZCatalogEntryInput.parse({ category: "authentication", title: `Custom entry ${suffix}`, question: "Do refunds need a second approver?", whyItMatters: "Fraud.", howToTell: "Look at the flow.", mitigations: [{ title: "Four eyes", description: "" }], references: [], owaspApi: ["API6"], stride: ["T"], cwe: ["CWE-840"] }));
  const template = await createTemplate(admin.caller, { name: `Small ${suffix}`, description: "Two entries", entryKeys: ["api1-object-id-in-path", "api2-unauthenticated-operations", "api2-weak-auth-scheme"] });
  const sla = await db.orgSettings.findUnique({ where: { orgId } });
  await updateSlaSettings(admin.caller, { slaCriticalDays: 5, slaHighDays: 20, slaMediumDays: 60, slaLowDays: 120, independentVerification: true, version: sla?.version ?? 0 });

  const model = await createThreatModel(editor.caller, ZCreateThreatModel.parse({ apiId: api.id, templateId: template.id, scope: "Card payments and refunds." }));
  await saveAnswer(editor.caller, model.id, ZSaveAnswer.parse({ entryKey: "api1-object-id-in-path", answer: "YES", note: "Seen in review" }));
  const threatTitles: string[] = [];
  const threatIds: string[] = [];
  const count = options.threats ?? 4;
  for (let index = 0; index < count; index++) {
    const title = `Refund replay ${index + 1} ${suffix}`;
    const threat = await createThreat(
      editor.caller,
      model.id,
      ZCreateThreat.parse({ title, description: `Replaying refund ${index + 1}.`, category: "business-flows", owaspApiId: "API6", stride: ["T", "R"], likelihood: (index % 5) + 1, impact: ((index + 2) % 5) + 1, operationIds: [operationIds[index % 2]!] }),
    );
    threatIds.push(threat.id);
    threatTitles.push(title);
  }
  const mitigationTitles: string[] = [];
  for (let index = 0; index < count; index++) {
    const title = `Idempotency keys ${index + 1} ${suffix}`;
    const mitigation = await createMitigation(
      editor.caller,
      ZCreateMitigation.parse({ title, threatIds: [threatIds[index]!], assigneeId: index % 2 ? viewer.user.id : editor.user.id, dueDate: index === 0 ? "2020-01-01" : null, ticketUrl: "https://tickets.example.com/PAY-1" }),
    );
    mitigationTitles.push(title);
    if (index === 1) await updateMitigation(editor.caller, mitigation.id, ZUpdateMitigation.parse({ version: mitigation.version, status: "IN_PROGRESS" }));
    if (index === 0) await createComment(editor.caller, { mitigationId: mitigation.id }, `@${viewer.user.email} please look`);
  }
  await createComment(viewer.caller, { threatId: threatIds[0]! }, "Is this still open?");
  await submitForReview(editor.caller, model.id, { comment: "Ready" });
  await approveThreatModel(admin.caller, model.id, "Approved");
  const draft = await startNewVersion(editor.caller, model.id);
  await unsafeRecordRiskSnapshots();
  return { apiId: api.id, approvedModelId: model.id, draftModelId: draft.id, threatTitles, mitigationTitles, operationIds };
}
