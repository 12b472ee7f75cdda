import type { TOperationModelLimits } from "./types";

// The model is stored with every import, so its size must not follow the spec's: a 5,000-operation
// spec with deep shared schemas still gives a model of bounded size. Cuts carry a truncation marker.
export const DEFAULT_OPERATION_MODEL_LIMITS: TOperationModelLimits = {
  maxDepth: 8,
  maxFieldsPerSchema: 500,
  maxFieldsPerOperation: 2_000,
  // About 15 MB of JSON at most: 5,000 operations sharing one wide model must not make a gigabyte.
  // A larger real spec loses the fields of its last operations; storing each shared model's fields
  // once (by $ref) would lift this.
  maxFieldsPerModel: 100_000,
  maxListItems: 100,
  maxEnumValues: 50,
  maxTextLength: 2_000,
  maxValueChars: 2_000,
};
