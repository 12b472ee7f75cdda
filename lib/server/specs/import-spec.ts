import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { SpecSource } from "@/lib/generated/prisma/enums";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { markNewRuleHits } from "@/lib/server/threat-models/mark-new-rule-hits";
import { bulkInsert, newId } from "@/lib/server/bulk-insert";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import type { TAnalyseStage } from "@/lib/core/specs/analyse-spec";
import { operationSelect as storedSelect } from "./operation-select";
import { analyseSpecOffThread } from "./spec-analyser";
import { diffOperations, operationKey, type TOperationDiff, type TStoredOperation } from "@/lib/core/specs/diff-operations";
import type { TParameterSummary } from "@/lib/core/specs/extract-operations";
import { FORMAT_LABEL } from "@/lib/core/specs/spec-format";
import { OPERATION_MODEL_VERSION } from "@/lib/core/specs/operation-model/types";
import { splitOperationModel } from "@/lib/core/specs/stored-operation-model";

export type TImportStage = TAnalyseStage | "fetching" | "comparing" | "saving" | "done";

export type TSpecImportInput = { text: string; source: SpecSource; fileName?: string | null; sourceUrl?: string | null };

export type TSpecImportResult = {
  dryRun: boolean;
  importId: string | null;
  format: string;
  formatLabel: string;
  title: string | null;
  specVersion: string | null;
  servers: { name: string; baseUrl: string }[];
  operationCount: number;
  findingCount: number | null;
  diff: TOperationDiff;
  /** Rule hits on the API's approved threat models that their answers lack ("new since approval"); null for a dry run. */
  newRuleHits: number | null;
  timings: Record<string, number>;
};


/**
 * Imports a spec into one of the caller's APIs: parses, validates and lints it, compares its
 * operations with the stored ones, and (unless dryRun) applies the result in one transaction,
 * so a failure leaves the API exactly as it was.
 */
export async function importSpec(
  caller: TCaller,
  apiId: string,
  source: TSpecImportInput | ((onStage?: (stage: TImportStage) => void) => Promise<TSpecImportInput>),
  options: { dryRun: boolean; onStage?: (stage: TImportStage) => void },
): Promise<TSpecImportResult> {
  const started = performance.now();
  const api = await db.api.findFirst({ where: byIdInOrg(caller, apiId), select: { id: true, apiVersion: true } });
  if (!api) throw notFound("API");
  // A source given as a function (a URL to fetch) runs only once the API is known to be the caller's.
  const input = typeof source === "function" ? await source(options.onStage) : source;

  // A dry run shows what would change; linting is the slow part and waits for the real import.
  const analysis = await analyseSpecOffThread(input.text, { orgId: caller.orgId, lint: !options.dryRun, onStage: options.onStage });
  const summary = {
    importId: null,
    format: analysis.format,
    formatLabel: FORMAT_LABEL[analysis.format],
    title: analysis.title,
    specVersion: analysis.version,
    servers: analysis.servers,
    operationCount: analysis.operations.length,
    timings: analysis.timings,
  };
  options.onStage?.("comparing");
  if (options.dryRun) {
    const stored = (await db.operation.findMany({ where: inOrg(caller, { apiId: api.id }), select: storedSelect })) as unknown as TStoredOperation[];
    options.onStage?.("done");
    return { ...summary, dryRun: true, findingCount: null, newRuleHits: null, diff: diffOperations(stored, analysis.operations) };
  }

  options.onStage?.("saving");
  const saveStarted = performance.now();
  const { importId, appliedDiff, newRuleHits } = await db.$transaction(
    async (tx) => {
      // One import per API at a time: a second one waits here, then compares against what the
      // first one saved, so the two never both insert the same operation.
      await tx.$executeRaw`SELECT 1 FROM "Api" WHERE "id" = ${api.id} AND "orgId" = ${caller.orgId} FOR UPDATE`;
      const stored = (await tx.operation.findMany({ where: inOrg(caller, { apiId: api.id }), select: storedSelect })) as unknown as TStoredOperation[];
      const diff = diffOperations(stored, analysis.operations);
      const specImport = await tx.specImport.create({
        data: {
          orgId: caller.orgId,
          apiId: api.id,
          importedById: caller.userId,
          source: input.source,
          sourceUrl: input.sourceUrl ?? null,
          fileName: input.fileName?.slice(0, 255) ?? null,
          format: analysis.format,
          title: analysis.title,
          specVersion: analysis.version,
          checksum: analysis.checksum,
          sizeBytes: analysis.sizeBytes,
          content: analysis.text,
          operationCount: analysis.operations.length,
          added: diff.added.length,
          removed: diff.removed.length,
          changed: diff.changed.length,
          findingCount: analysis.findings.length,
          durationMs: 0,
        },
        select: { id: true },
      });
      const storedByKey = new Map(stored.map((operation) => [operationKey(operation), operation]));
      // Every operation in the spec gets this import's model, changed by the diff's measure or not;
      // removed ones keep the model of the last import that had them.
      const models = splitOperationModel(analysis.model);
      const modelOf = (key: string) => ({ model: models.get(key) ?? null, modelVersion: models.has(key) ? OPERATION_MODEL_VERSION : null });
      const fields = (operation: (typeof analysis.operations)[number]) => ({
        operationId: operation.operationId,
        summary: operation.summary,
        tags: operation.tags,
        deprecated: operation.deprecated,
        requiresAuth: operation.requiresAuth,
        securitySchemes: operation.securitySchemes,
        flags: operation.flags,
        sensitiveFields: operation.sensitiveFields,
        parameters: operation.parameters as unknown as Prisma.InputJsonValue,
        ...modelOf(operation.key),
        removedAt: null,
        lastImportId: specImport.id,
      });

      const now = new Date().toISOString();
      const fresh = analysis.operations.filter((operation) => !storedByKey.has(operation.key));
      const freshIds = new Map(fresh.map((operation) => [operation.key, newId()]));
      await bulkInsert(
        tx,
        "Operation",
        fresh.map((operation) => ({
          ...fields(operation),
          id: freshIds.get(operation.key),
          orgId: caller.orgId,
          apiId: api.id,
          method: operation.method,
          path: operation.path,
          createdAt: now,
          updatedAt: now,
        })),
      );
      // Changed operations, and removed ones that came back, in one statement.
      const changedKeys = new Set(diff.changed.map((change) => change.key));
      const updates = analysis.operations
        .map((operation) => ({ operation, before: storedByKey.get(operation.key) }))
        .filter(({ operation, before }) => before && (changedKeys.has(operation.key) || before.removedAt !== null))
        .map(({ operation, before }) => ({ ...fields(operation), id: before!.id, updatedAt: now }));
      if (updates.length) {
        await tx.$executeRaw`
          UPDATE "Operation" AS o SET
            "operationId" = x."operationId", "summary" = x."summary", "tags" = x."tags", "deprecated" = x."deprecated",
            "requiresAuth" = x."requiresAuth", "securitySchemes" = x."securitySchemes", "flags" = x."flags",
            "sensitiveFields" = x."sensitiveFields", "parameters" = x."parameters", "model" = x."model",
            "modelVersion" = x."modelVersion", "removedAt" = NULL,
            "lastImportId" = x."lastImportId", "updatedAt" = x."updatedAt"
          FROM jsonb_populate_recordset(NULL::"Operation", ${JSON.stringify(updates)}::jsonb) AS x
          WHERE o."id" = x."id" AND o."orgId" = ${caller.orgId} AND o."apiId" = ${api.id}`;
      }
      const seenIds = analysis.operations.map((operation) => storedByKey.get(operation.key)?.id).filter((id): id is string => Boolean(id));
      await tx.operation.updateMany({ where: inOrg(caller, { apiId: api.id, id: { in: seenIds } }), data: { lastImportId: specImport.id } });
      // Operations the diff calls unchanged can still have a new model (a response or a description
      // changed); a re-import of the same spec rewrites no row, since jsonb compares by value.
      const updatedIds = new Set(updates.map((update) => update.id));
      const unchangedModels = analysis.operations
        .map((operation) => ({ id: storedByKey.get(operation.key)?.id, ...modelOf(operation.key) }))
        .filter((row): row is typeof row & { id: string } => row.id !== undefined && !updatedIds.has(row.id));
      if (unchangedModels.length) {
        await tx.$executeRaw`
          UPDATE "Operation" AS o SET "model" = x."model", "modelVersion" = x."modelVersion"
          FROM jsonb_to_recordset(${JSON.stringify(unchangedModels)}::jsonb) AS x("id" text, "model" jsonb, "modelVersion" integer)
          WHERE o."id" = x."id" AND o."orgId" = ${caller.orgId} AND o."apiId" = ${api.id}
            AND (o."model" IS DISTINCT FROM x."model" OR o."modelVersion" IS DISTINCT FROM x."modelVersion")`;
      }
      const removedIds = diff.removed.map((removed) => storedByKey.get(removed.key)!.id);
      if (removedIds.length) {
        await tx.operation.updateMany({ where: inOrg(caller, { apiId: api.id, id: { in: removedIds } }), data: { removedAt: new Date() } });
      }

      // Findings describe the latest spec only.
      await tx.lintFinding.deleteMany({ where: inOrg(caller, { apiId: api.id }) });
      const operationIds = new Map<string, string>([...freshIds, ...[...storedByKey].map(([key, operation]) => [key, operation.id] as [string, string])]);
      await bulkInsert(
        tx,
        "LintFinding",
        analysis.findings.map((finding) => ({
          id: newId(),
          orgId: caller.orgId,
          apiId: api.id,
          importId: specImport.id,
          operationId: finding.operationKey ? (operationIds.get(finding.operationKey) ?? null) : null,
          ruleId: finding.ruleId,
          severity: finding.severity,
          message: finding.message,
          path: finding.path,
          line: finding.line,
          createdAt: now,
        })),
      );

      // The spec's version is the API's version from now on.
      if (analysis.version && analysis.version !== api.apiVersion) {
        await tx.api.updateMany({ where: byIdInOrg(caller, api.id), data: { apiVersion: analysis.version, version: { increment: 1 } } });
      }
      const newRuleHits = await markNewRuleHits(tx, caller, api.id);
      await tx.specImport.updateMany({ where: { id: specImport.id }, data: { durationMs: Math.round(performance.now() - started) } });
      await recordAuditEventBy(
        caller,
        {
          action: "api.spec_imported",
          targetType: "api",
          targetId: api.id,
          metadata: {
            importId: specImport.id,
            source: input.source,
            format: analysis.format,
            operations: analysis.operations.length,
            added: diff.added.length,
            removed: diff.removed.length,
            changed: diff.changed.length,
            findings: analysis.findings.length,
            newRuleHits,
          },
        },
        tx,
      );
      return { importId: specImport.id, appliedDiff: diff, newRuleHits };
    },
    { timeout: 120_000, maxWait: 10_000 },
  );
  options.onStage?.("done");
  return {
    ...summary,
    dryRun: false,
    importId,
    findingCount: analysis.findings.length,
    diff: appliedDiff,
    newRuleHits,
    timings: { ...summary.timings, save: Math.round(performance.now() - saveStarted) },
  };
}

export type { TParameterSummary };
