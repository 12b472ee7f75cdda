import type { TSpecFormat } from "./spec-format";

type Obj = Record<string, unknown>;

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
export type THttpMethod = (typeof HTTP_METHODS)[number];

const isObj = (value: unknown): value is Obj => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * Visits every operation of a document in one order (paths, then 3.1 webhooks keyed `webhook:<name>`),
 * so every reader of a spec names and orders operations alike. `resolveObj` follows local $refs.
 */
export function forEachOperation(
  document: Obj,
  format: TSpecFormat,
  resolveObj: (node: unknown) => Obj | undefined,
  visit: (method: THttpMethod, key: string, pathItem: Obj, operation: Obj, isWebhook: boolean) => void,
): void {
  const readPathItems = (items: unknown, isWebhook: boolean) => {
    if (!isObj(items)) return;
    for (const [path, rawItem] of Object.entries(items)) {
      const pathItem = resolveObj(rawItem);
      if (!pathItem) continue;
      for (const method of HTTP_METHODS) {
        const operation = resolveObj(pathItem[method]);
        if (operation) visit(method, isWebhook ? `webhook:${path}` : path, pathItem, operation, isWebhook);
      }
    }
  };
  readPathItems(document.paths, false);
  // Only 3.1 has webhooks.
  if (format === "openapi-3.1") readPathItems(document.webhooks, true);
}
