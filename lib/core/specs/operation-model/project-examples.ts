import { boundValue, isObj } from "./bounded";
import { childPath } from "./flatten-schema";
import type { TSchemaField } from "./types";

// Specs often give one example of a whole body ("the login response") instead of an example per
// property. Rules look for a URL-valued or token-valued field, so those values are copied onto the
// fields they belong to, where the schema itself gives no example.

const MAX_VISITED = 2_000;
const MAX_SCALAR_CHARS = 500;

/** The first scalar value at each JSON path of the examples, in our path notation. */
function scalarsByPath(examples: unknown[]): Map<string, string | number | boolean> {
  const values = new Map<string, string | number | boolean>();
  let visited = 0;
  const visit = (node: unknown, path: string, depth: number) => {
    if (++visited > MAX_VISITED || depth > 20) return;
    if (typeof node === "string" || typeof node === "boolean" || (typeof node === "number" && Number.isFinite(node))) {
      if (!values.has(path)) values.set(path, node);
    } else if (Array.isArray(node)) {
      for (const item of node.slice(0, 5)) visit(item, `${path}[]`, depth + 1);
    } else if (isObj(node)) {
      for (const [key, value] of Object.entries(node)) visit(value, childPath(path, key), depth + 1);
    }
  };
  for (const example of examples) visit(example, "$", 0);
  return values;
}

/** Fields with an example taken from the media-level examples where the schema has none; untouched fields are the same objects. */
export function projectExamples(fields: TSchemaField[], examples: unknown[]): TSchemaField[] {
  if (!examples.length || !fields.length) return fields;
  const values = scalarsByPath(examples);
  if (!values.size) return fields;
  return fields.map((field) => {
    if (field.example !== undefined || field.examples !== undefined || !values.has(field.path)) return field;
    const example = boundValue(values.get(field.path), MAX_SCALAR_CHARS);
    return example === undefined ? field : { ...field, example };
  });
}
