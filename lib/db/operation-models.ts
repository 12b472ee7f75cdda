import type { DbClient } from "@/lib/db/client";
import { operationKey } from "@/lib/core/specs/diff-operations";
import { OPERATION_MODEL_VERSION } from "@/lib/core/specs/operation-model/types";
import { buildOperationModelFromText, splitOperationModel } from "@/lib/core/specs/stored-operation-model";
import { logger } from "@/lib/logger";

// Operations imported before the model was stored, or stored with an older OPERATION_MODEL_VERSION,
// get their model from the spec of their last import (SpecImport.content, kept with every import).
// It runs at every start, before the server listens, so it has a time budget: what is left waits
// for the next start. Re-importing a spec writes current models too, so nothing depends on it
// finishing. Rows are only ever filled in or upgraded, never downgraded or overwritten by a
// concurrent import (the update re-checks the row's import and version).

export type TRederiveResult = {
  imports: number;
  operations: number;
  /** Imports whose stored spec no longer builds a model (logged); tried again at the next start. */
  failedImports: number;
  /** Whether operations without a current model are left for the next start. */
  remaining: boolean;
};

const IMPORTS_PER_QUERY = 50;

export async function rederiveOperationModels(client: DbClient, options: { budgetMs?: number } = {}): Promise<TRederiveResult> {
  const deadline = performance.now() + (options.budgetMs ?? 10_000);
  const result: TRederiveResult = { imports: 0, operations: 0, failedImports: 0, remaining: false };
  // Imports already looked at in this run, done or not, so one that cannot be finished is not taken again.
  const visited: string[] = [];
  for (;;) {
    const batch = await client.$queryRaw<{ importId: string }[]>`
      SELECT DISTINCT "lastImportId" AS "importId" FROM "Operation"
      WHERE "lastImportId" IS NOT NULL AND ("modelVersion" IS NULL OR "modelVersion" < ${OPERATION_MODEL_VERSION})
        AND NOT ("lastImportId" = ANY(${visited}::text[]))
      LIMIT ${IMPORTS_PER_QUERY}`;
    if (!batch.length) return result;
    for (const { importId } of batch) {
      if (performance.now() > deadline) return { ...result, remaining: true };
      visited.push(importId);
      const updated = await rederiveImport(client, importId);
      if (updated === null) result.failedImports++;
      else {
        result.imports++;
        result.operations += updated;
      }
    }
  }
}

/** The number of operations given a model, or null when the import's spec no longer builds one. */
async function rederiveImport(client: DbClient, importId: string): Promise<number | null> {
  const specImport = await client.specImport.findUnique({ where: { id: importId }, select: { content: true } });
  if (!specImport) return 0;
  let models;
  try {
    models = splitOperationModel(buildOperationModelFromText(specImport.content));
  } catch (error) {
    logger.warn("stored spec gives no operation model", { importId, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
  const operations = await client.$queryRaw<{ id: string; method: string; path: string }[]>`
    SELECT "id", "method", "path" FROM "Operation"
    WHERE "lastImportId" = ${importId} AND ("modelVersion" IS NULL OR "modelVersion" < ${OPERATION_MODEL_VERSION})`;
  const rows = operations
    .map((operation) => ({ id: operation.id, model: models.get(operationKey(operation)) }))
    .filter((row) => row.model !== undefined);
  if (!rows.length) return 0;
  return client.$executeRaw`
    UPDATE "Operation" AS o SET "model" = x."model", "modelVersion" = ${OPERATION_MODEL_VERSION}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x("id" text, "model" jsonb)
    WHERE o."id" = x."id" AND o."lastImportId" = ${importId}
      AND (o."modelVersion" IS NULL OR o."modelVersion" < ${OPERATION_MODEL_VERSION})`;
}

/** One line for the start-up log, or null when there was nothing to do. */
export function describeRederive(result: TRederiveResult): string | null {
  if (!result.imports && !result.failedImports && !result.remaining) return null;
  const parts = [`Operation models derived for ${result.operations} operations from ${result.imports} stored specs`];
  if (result.failedImports) parts.push(`${result.failedImports} stored specs gave none (see the warnings above)`);
  if (result.remaining) parts.push("the rest follow at the next start");
  return `${parts.join("; ")}.`;
}
