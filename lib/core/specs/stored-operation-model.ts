import type { TModelOperation, TOperationModel } from "./operation-model/types";
import { buildOperationModel } from "./operation-model/build-operation-model";
import { parseSpecText } from "./parse-spec-text";
import { checkReferences } from "./refs";
import { scanSpecText } from "./scan-spec-text";
import { detectFormat, type TSpecFormat } from "./spec-format";

/**
 * What one Operation row keeps in its `model` column; the OPERATION_MODEL_VERSION it was built with
 * is the `modelVersion` column beside it, so outdated rows are found without reading the JSON.
 * Callbacks have no row of their own: they travel with the operation that registers them. The
 * format is copied in so a row can be read without its import.
 */
export type TStoredOperationModel = { format: TSpecFormat; operation: TModelOperation; callbacks: TModelOperation[] };

/** The model cut into one stored value per operation, by the key extractOperations and the diff use. */
export function splitOperationModel(model: TOperationModel): Map<string, TStoredOperationModel> {
  const byKey = new Map<string, TStoredOperationModel>();
  for (const operation of model.operations) {
    if (operation.kind !== "callback") byKey.set(operation.key, { format: model.format, operation, callbacks: [] });
  }
  for (const operation of model.operations) {
    if (operation.callback) byKey.get(operation.callback.parentKey)?.callbacks.push(operation);
  }
  return byKey;
}

/**
 * The model of a spec that an earlier import already accepted (its stored text): only the steps the
 * model needs, without validation and linting. Throws as the import would on a spec it refuses.
 */
export function buildOperationModelFromText(text: string): TOperationModel {
  const parsed = parseSpecText(text, scanSpecText(text));
  checkReferences(parsed.document);
  return buildOperationModel(parsed.document, detectFormat(parsed.document));
}
