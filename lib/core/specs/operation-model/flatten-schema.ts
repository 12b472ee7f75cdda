import { truncation, type Obj } from "./bounded";
import { buildSchemaView, MAX_VIEW_PARTS, optionLabel, readSchemaFacts, type TResolve } from "./schema-view";
import type { TOperationModelLimits, TSchemaField, TTruncation } from "./types";

// Lists every position of a body or response schema by JSON path, so a rule can ask "does this
// body accept `isAdmin`?" without walking $ref, allOf, oneOf and arrays itself.

export type TFlattenedSchema = { fields: TSchemaField[]; truncation?: TTruncation };

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const childPath = (path: string, name: string) => (PLAIN_NAME.test(name) ? `${path}.${name}` : `${path}[${JSON.stringify(name)}]`);

// Alternatives revisit positions without going deeper, so the field cap alone would not bound the
// work of a schema made of nested oneOfs; visits are capped at a multiple of it.
const VISITS_PER_FIELD = 4;

export function flattenSchema(root: unknown, resolve: TResolve, limits: TOperationModelLimits): TFlattenedSchema {
  const fields: TSchemaField[] = [];
  let cut: TTruncation | undefined;
  let visits = 0;
  const maxVisits = limits.maxFieldsPerSchema * VISITS_PER_FIELD;
  // The schema objects on the way from the root to here: reaching one of them again at a position
  // is recursion. Only the position's own schemas count, not the allOf parts they merge: a base
  // that a model and its nested model both extend ("Audited" in Payment and in Payment.customer)
  // is shared, not recursive.
  const ancestry = new Set<Obj>();

  // `choices` counts nested oneOf/anyOf levels: they add no path segment, so depth does not bound them.
  const walk = (nodes: unknown[], path: string, name: string, required: boolean, depth: number, variant: string | undefined, choices: number) => {
    if (cut) return;
    if (fields.length >= limits.maxFieldsPerSchema || ++visits > maxVisits) {
      cut = truncation("field-cap", `More than ${limits.maxFieldsPerSchema} fields; the walk stopped at ${path}.`);
      return;
    }
    const view = buildSchemaView(nodes, resolve);
    if (!view.parts.length) return;
    const { readOnly, writeOnly, ...facts } = readSchemaFacts(view, limits);
    const field: TSchemaField = { path, name, required, readOnly, writeOnly, ...facts };
    if (facts.type === "object" || view.properties.size) field.additionalProperties = view.additionalProperties;
    if (variant) field.variant = variant;
    if (view.partsCut) field.truncation = truncation("list-cap", `${path} merges more than ${MAX_VIEW_PARTS} allOf parts; the rest are not read.`);
    fields.push(field);

    const repeated = nodes.some((node) => {
      const own = resolve(node)?.schema;
      return own !== undefined && ancestry.has(own);
    });
    if (repeated) {
      field.truncation = truncation("recursion", `${path} contains ${view.ref ?? "a schema"} again; its fields are listed above.`);
      return;
    }
    const hasChildren = view.properties.size > 0 || view.items.length > 0 || view.additionalSchemas.length > 0 || view.alternatives.length > 0;
    if (!hasChildren) return;
    if (depth >= limits.maxDepth) {
      field.truncation = truncation("depth", `${path} is nested ${depth} levels deep; fields below it are not listed.`);
      return;
    }

    const added = view.parts.filter((part) => !ancestry.has(part));
    for (const part of added) ancestry.add(part);
    for (const [property, schemas] of view.properties) walk(schemas, childPath(path, property), property, view.required.has(property), depth + 1, variant, choices);
    if (view.items.length) walk(view.items, `${path}[]`, name, false, depth + 1, variant, choices);
    if (view.additionalSchemas.length) walk(view.additionalSchemas, `${path}.*`, name, false, depth + 1, variant, choices);
    if (view.alternatives.length && choices >= limits.maxDepth) {
      field.truncation = truncation("depth", `${path} nests oneOf/anyOf choices ${choices} levels deep; the inner choices are not listed.`);
    } else {
      for (const { keyword, options } of view.alternatives) {
        options.forEach((option, index) => {
          const label = optionLabel(option, resolve);
          const choice = `${keyword}[${index}]${label ? ` ${label}` : ""}`;
          walk([option], path, name, required, depth, variant ? `${variant} / ${choice}` : choice, choices + 1);
        });
      }
    }
    for (const part of added) ancestry.delete(part);
  };

  walk([root], "$", "", false, 0, undefined, 0);
  return cut ? { fields, truncation: cut } : { fields };
}
