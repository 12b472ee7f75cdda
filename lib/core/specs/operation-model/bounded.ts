import type { TBoundedValue, TJsonValue, TTruncation, TTruncationReason } from "./types";

export type Obj = Record<string, unknown>;
export const isObj = (value: unknown): value is Obj => value !== null && typeof value === "object" && !Array.isArray(value);

export const truncation = (reason: TTruncationReason, detail: string): TTruncation => ({ truncated: true, reason, detail });

/** A bounded value that was replaced by its marker (an example that was too large). */
export const isTruncation = (value: TBoundedValue): value is TTruncation => isObj(value) && value.truncated === true && typeof value.reason === "string";

const MAX_VALUE_NESTING = 20;

/**
 * A JSON copy of a spec value (example, default, x-* extension) if it fits in `maxChars`,
 * otherwise a marker. Copying rather than measuring with JSON.stringify stops early on a huge
 * value and survives what YAML can build but JSON cannot hold (aliases to an ancestor, dates).
 */
export function boundValue(value: unknown, maxChars: number): TBoundedValue | undefined {
  if (value === undefined) return undefined;
  let chars = 0;
  const tooLarge = new Error("too large");
  const copy = (node: unknown, depth: number): TJsonValue => {
    if (depth > MAX_VALUE_NESTING) throw tooLarge;
    if (node === null || typeof node === "boolean") {
      chars += 5;
    } else if (typeof node === "number") {
      chars += 8;
      if (!Number.isFinite(node)) return String(node);
    } else if (typeof node === "string") {
      chars += node.length + 2;
    } else if (node instanceof Date) {
      chars += 26;
      return Number.isNaN(node.getTime()) ? String(node) : node.toISOString();
    } else if (Array.isArray(node)) {
      chars += 2;
      if (chars > maxChars) throw tooLarge;
      return node.map((item) => copy(item, depth + 1));
    } else if (typeof node === "object") {
      chars += 2;
      const result: Record<string, TJsonValue> = {};
      for (const [key, item] of Object.entries(node)) {
        chars += key.length + 3;
        if (chars > maxChars) throw tooLarge;
        if (item !== undefined) result[key] = copy(item, depth + 1);
      }
      return result;
    } else {
      const text = String(node);
      chars += text.length + 2;
      if (chars > maxChars) throw tooLarge;
      return text;
    }
    if (chars > maxChars) throw tooLarge;
    return node;
  };
  try {
    return copy(value, 0);
  } catch (error) {
    if (error !== tooLarge) throw error;
    return truncation("size", `A value larger than ${maxChars.toLocaleString("en")} characters (or nested deeper than ${MAX_VALUE_NESTING}) is not kept.`);
  }
}

/** Text cut to `maxLength` characters, with an ellipsis showing that it was cut. */
export function boundText(value: unknown, maxLength: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (!text) return undefined;
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}

/** The `x-*` keys of an object, sorted so the model does not depend on key order. */
export function readExtensions(node: Obj, maxChars: number): Record<string, TBoundedValue> {
  const extensions: Record<string, TBoundedValue> = {};
  for (const key of Object.keys(node)
    .filter((name) => name.startsWith("x-"))
    .sort()) {
    const value = boundValue(node[key], maxChars);
    if (value !== undefined) extensions[key] = value;
  }
  return extensions;
}
