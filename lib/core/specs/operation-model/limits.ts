import type { TOperationModelLimits } from "./types";

// The model is stored with every import, so its size must not follow the spec's: a 5,000-operation
// spec with deep shared schemas still gives a model of bounded size. Cuts carry a truncation marker.
export const DEFAULT_OPERATION_MODEL_LIMITS: TOperationModelLimits = {
  maxDepth: 8,
  maxFieldsPerSchema: 500,
  maxFieldsPerOperation: 2_000,
  // About 30 MB of JSON at most (it compresses well: fields repeat): 5,000 operations sharing one
  // wide model must not make a gigabyte, yet a large real spec (600 operations) keeps most fields.
  maxFieldsPerModel: 200_000,
  maxListItems: 100,
  maxEnumValues: 50,
  maxTextLength: 2_000,
  maxValueChars: 2_000,
};
