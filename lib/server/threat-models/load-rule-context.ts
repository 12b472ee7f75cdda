import "server-only";
import { notFound } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import { operationKey } from "@/lib/core/specs/diff-operations";
import { OPERATION_MODEL_VERSION, type TModelOperation } from "@/lib/core/specs/operation-model/types";
import type { TStoredOperationModel } from "@/lib/core/specs/stored-operation-model";
import type { TPreAnswerContext } from "@/lib/core/threat-models/pre-answers";

/**
 * The facts the rules read: the API's record, the stored model of each current operation (its
 * recorded flags when it has none), the latest lint findings, and the spec rules the
 * organisation switched off.
 */
export async function loadRuleContext(tx: DbTransaction, caller: TOrgScope, apiId: string): Promise<TPreAnswerContext & { apiName: string; disabledRuleIds: string[] }> {
  const api = await tx.api.findFirst({
    where: byIdInOrg(caller, apiId),
    select: {
      name: true,
      exposure: true,
      lifecycle: true,
      authSchemes: true,
      dataClassification: true,
      dataFlags: true,
      environments: { select: { name: true, baseUrl: true }, orderBy: { position: "asc" } },
    },
  });
  if (!api) throw notFound("API");
  // One after the other: a transaction is one connection, and pg runs one query at a time on it.
  const rows = await tx.operation.findMany({
    where: inOrg(caller, { apiId, removedAt: null }),
    select: { id: true, method: true, path: true, requiresAuth: true, deprecated: true, flags: true, sensitiveFields: true, model: true, modelVersion: true },
    orderBy: [{ path: "asc" }, { method: "asc" }],
  });
  const findings = await tx.lintFinding.findMany({ where: inOrg(caller, { apiId }), select: { ruleId: true, operationId: true, message: true } });
  const settings = await tx.orgSettings.findFirst({ where: inOrg(caller, {}), select: { disabledSpecRuleIds: true } });

  const operations: TModelOperation[] = [];
  const operationIdByKey = new Map<string, string>();
  const keyById = new Map<string, string>();
  const unmodelled: TPreAnswerContext["unmodelled"] = [];
  let format: TStoredOperationModel["format"] | null = null;
  for (const { model, modelVersion, ...row } of rows) {
    keyById.set(row.id, operationKey(row));
    // A model from an older OPERATION_MODEL_VERSION is re-derived at start; until then the row's flags speak for it.
    if (model && modelVersion === OPERATION_MODEL_VERSION) {
      const stored = model as unknown as TStoredOperationModel;
      format ??= stored.format;
      operations.push(stored.operation, ...stored.callbacks);
      operationIdByKey.set(stored.operation.key, row.id);
    } else {
      unmodelled.push(row);
    }
  }
  const { name, ...facts } = api;
  return {
    apiName: name,
    facts,
    model: { modelVersion: OPERATION_MODEL_VERSION, format: format ?? "openapi-3.0", operations },
    operationIdByKey,
    unmodelled,
    findings: findings.map((finding) => ({ ...finding, operationKey: finding.operationId ? (keyById.get(finding.operationId) ?? null) : null })),
    disabledRuleIds: settings?.disabledSpecRuleIds ?? [],
  };
}
