import type { TExtractedOperation } from "./extract-operations";

// What a re-import would change, operation by operation, keyed by "METHOD path".

export type TStoredOperation = Omit<TExtractedOperation, "key"> & { id: string; removedAt: Date | null };

const COMPARED = ["operationId", "summary", "tags", "deprecated", "requiresAuth", "securitySchemes", "flags", "sensitiveFields", "parameters"] as const;
export type TComparedField = (typeof COMPARED)[number];

export type TOperationChange = { key: string; method: string; path: string; fields: TComparedField[] };

export type TOperationDiff = {
  added: { key: string; method: string; path: string; flags: string[] }[];
  removed: { key: string; method: string; path: string }[];
  changed: TOperationChange[];
  unchanged: number;
};

export const operationKey = (operation: { method: string; path: string }) => `${operation.method.toUpperCase()} ${operation.path}`;

/** JSON with sorted keys: stored values come back from jsonb with their keys reordered. */
function stable(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === "object" && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export function diffOperations(stored: TStoredOperation[], incoming: TExtractedOperation[]): TOperationDiff {
  const active = new Map(stored.filter((operation) => operation.removedAt === null).map((operation) => [operationKey(operation), operation]));
  const incomingKeys = new Set(incoming.map((operation) => operation.key));
  const diff: TOperationDiff = { added: [], removed: [], changed: [], unchanged: 0 };
  for (const operation of incoming) {
    const before = active.get(operation.key);
    if (!before) {
      diff.added.push({ key: operation.key, method: operation.method, path: operation.path, flags: operation.flags });
      continue;
    }
    const fields = COMPARED.filter((field) => stable(before[field]) !== stable(operation[field]));
    if (fields.length) diff.changed.push({ key: operation.key, method: operation.method, path: operation.path, fields });
    else diff.unchanged++;
  }
  for (const [key, operation] of active) if (!incomingKeys.has(key)) diff.removed.push({ key, method: operation.method, path: operation.path });
  return diff;
}
