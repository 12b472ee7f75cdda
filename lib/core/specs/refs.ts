import { SpecError, toPointer } from "./spec-error";

// Internal $ref handling. External references are refused: importing must never reach the
// network or the server's file system on behalf of a document.

function unescape(part: string): string {
  let decoded = part;
  try {
    decoded = decodeURIComponent(part);
  } catch {
    // "100%off" is not a valid %-escape; such a pointer names nothing, which the caller reports.
    return "\u0000invalid";
  }
  return decoded.replaceAll("~1", "/").replaceAll("~0", "~");
}

export function getByPointer(document: unknown, pointer: string): unknown {
  if (pointer === "" || pointer === "#") return document;
  const parts = pointer.replace(/^#/, "").split("/").slice(1).map(unescape);
  let node: unknown = document;
  for (const part of parts) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Walks the whole document once: refuses external and dangling references and reference
 * cycles with no schema in between ($ref → $ref → … → the first). Recursive schemas that go
 * through properties are fine and common (trees, linked lists).
 */
export function checkReferences(document: Record<string, unknown>): void {
  const problems: { pointer: string; detail: string }[] = [];
  const seen = new WeakSet<object>();
  const reportedCycles = new Set<string>();
  const visit = (node: unknown, path: (string | number)[]) => {
    if (problems.length >= 10 || node === null || typeof node !== "object" || seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
      return;
    }
    const ref = (node as Record<string, unknown>).$ref;
    if (typeof ref === "string") {
      const pointer = toPointer([...path, "$ref"]);
      if (!ref.startsWith("#")) {
        problems.push({ pointer, detail: `External reference "${ref}" is not allowed; bundle the spec into one file first.` });
      } else if (getByPointer(document, ref) === undefined) {
        problems.push({ pointer, detail: `Reference "${ref}" points to nothing in this document.` });
      } else {
        const chain = [ref];
        let target = getByPointer(document, ref) as Record<string, unknown> | undefined;
        while (target && typeof target === "object" && typeof target.$ref === "string" && target.$ref.startsWith("#")) {
          if (chain.includes(target.$ref)) {
            const cycle = chain.slice(chain.indexOf(target.$ref));
            const id = [...cycle].sort().join("|");
            if (!reportedCycles.has(id)) {
              reportedCycles.add(id);
              problems.push({ pointer, detail: `Circular reference with nothing in between: ${[...cycle, target.$ref].join(" → ")}.` });
            }
            break;
          }
          chain.push(target.$ref);
          target = getByPointer(document, target.$ref) as Record<string, unknown> | undefined;
        }
      }
    }
    for (const [key, value] of Object.entries(node)) if (key !== "$ref") visit(value, [...path, key]);
  };
  visit(document, []);
  if (problems.length) {
    throw new SpecError(problems.length === 1 ? problems[0]!.detail : `${problems.length} references cannot be used: ${problems[0]!.detail}`, problems);
  }
}

/** Follows $ref chains (already checked by checkReferences) to the node they name. */
export function createResolver(document: Record<string, unknown>) {
  return function resolve<T = Record<string, unknown>>(node: unknown): T | undefined {
    let current = node as Record<string, unknown> | undefined;
    for (let hops = 0; current && typeof current === "object" && typeof current.$ref === "string" && hops < 50; hops++) {
      current = getByPointer(document, current.$ref) as Record<string, unknown> | undefined;
    }
    return current as T | undefined;
  };
}
