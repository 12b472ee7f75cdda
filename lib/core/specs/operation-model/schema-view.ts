import { getByPointer } from "../refs";
import { boundText, boundValue, isObj, isTruncation, truncation, type Obj } from "./bounded";
import type { TAdditionalProperties, TJsonValue, TOperationModelLimits, TSchemaFacts } from "./types";

// One schema position seen as a whole: the schema and every allOf part it pulls in, merged, so a
// property declared in a base model and another in an extension sit side by side.

export type TResolved = { schema: Obj; ref?: string };
export type TResolve = (node: unknown) => TResolved | undefined;

export type TAlternatives = { keyword: "oneOf" | "anyOf"; options: unknown[] };

export type TSchemaView = {
  /** The resolved schema objects in effect here, the outermost first. */
  parts: Obj[];
  ref?: string;
  properties: Map<string, unknown[]>;
  required: Set<string>;
  items: unknown[];
  additionalProperties: TAdditionalProperties;
  additionalSchemas: unknown[];
  alternatives: TAlternatives[];
  /** A `{ type: "null" }` option was folded away. */
  nullOption: boolean;
  /** More than MAX_VIEW_PARTS allOf parts: the rest were not read. */
  partsCut?: true;
};

export const MAX_VIEW_PARTS = 200;

/** Follows $ref chains, remembering the last reference: it names the model ("#/components/schemas/User"). */
export function createSchemaResolver(document: Obj): TResolve {
  // Shared models are referenced from many operations; each pointer is looked up once.
  const targets = new Map<string, unknown>();
  const target = (pointer: string) => {
    if (!targets.has(pointer)) targets.set(pointer, getByPointer(document, pointer));
    return targets.get(pointer);
  };
  return (node) => {
    let current: unknown = node;
    let ref: string | undefined;
    // One hop at a time, so an alias of a model (`UserRef: { $ref: User }`) is named by the model.
    for (let hops = 0; isObj(current) && typeof current.$ref === "string" && hops < 50; hops++) {
      ref = current.$ref;
      current = target(current.$ref);
    }
    if (!isObj(current) || typeof current.$ref === "string") return undefined;
    return ref ? { schema: current, ref } : { schema: current };
  };
}

const isNullSchema = (schema: Obj) => schema.type === "null" || (Array.isArray(schema.type) && schema.type.length === 1 && schema.type[0] === "null");

/** The schema nodes that apply at one position (a property declared in several allOf parts has several), merged. */
export function buildSchemaView(nodes: unknown[], resolve: TResolve): TSchemaView {
  const view: TSchemaView = {
    parts: [],
    properties: new Map(),
    required: new Set(),
    items: [],
    additionalProperties: "open-by-default",
    additionalSchemas: [],
    alternatives: [],
    nullOption: false,
  };
  const seen = new Set<Obj>();
  // Depth-first with an explicit stack: a spec can chain allOf further than the call stack goes.
  const pending = nodes.slice(0, MAX_VIEW_PARTS).reverse();
  while (pending.length) {
    const resolved = resolve(pending.pop());
    if (!resolved || seen.has(resolved.schema)) continue;
    if (view.parts.length >= MAX_VIEW_PARTS) {
      view.partsCut = true;
      break;
    }
    const { schema } = resolved;
    seen.add(schema);
    view.parts.push(schema);
    view.ref ??= resolved.ref;
    const next: unknown[] = Array.isArray(schema.allOf) ? schema.allOf.slice(0, MAX_VIEW_PARTS) : [];
    for (const keyword of ["oneOf", "anyOf"] as const) {
      const options = schema[keyword];
      if (!Array.isArray(options)) continue;
      // `anyOf: [{ $ref: X }, { type: "null" }]` is how 3.1 writes "nullable X": X, not two choices.
      const real = options.filter((option) => {
        const target = resolve(option)?.schema;
        if (target && isNullSchema(target)) {
          view.nullOption = true;
          return false;
        }
        return target !== undefined;
      });
      if (real.length === 1) next.push(real[0]);
      else if (real.length > 1) view.alternatives.push({ keyword, options: real });
    }
    pending.push(...next.reverse());
  }

  for (const schema of view.parts) {
    if (isObj(schema.properties)) {
      for (const [name, property] of Object.entries(schema.properties)) {
        const list = view.properties.get(name);
        if (list) list.push(property);
        else view.properties.set(name, [property]);
      }
    }
    if (Array.isArray(schema.required)) for (const name of schema.required) if (typeof name === "string") view.required.add(name);
    if (Array.isArray(schema.prefixItems)) view.items.push(...schema.prefixItems);
    if (schema.items !== undefined) {
      if (Array.isArray(schema.items)) view.items.push(...schema.items);
      else view.items.push(schema.items);
    }
    if (schema.additionalProperties === false || schema.unevaluatedProperties === false) view.additionalProperties = "closed";
    else if (view.additionalProperties !== "closed" && (schema.additionalProperties === true || isObj(schema.additionalProperties))) view.additionalProperties = "open";
    if (isObj(schema.additionalProperties)) view.additionalSchemas.push(schema.additionalProperties);
    if (isObj(schema.patternProperties)) view.additionalSchemas.push(...Object.values(schema.patternProperties));
  }
  if (view.additionalProperties === "closed") view.additionalSchemas = [];
  return view;
}

const firstOf = (parts: Obj[], keyword: string): unknown => {
  for (const part of parts) if (part[keyword] !== undefined) return part[keyword];
  return undefined;
};
const numberOf = (parts: Obj[], keyword: string): number | undefined => {
  const value = firstOf(parts, keyword);
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
};

function typeOf(view: TSchemaView): { type: string | null; nullable: boolean } {
  const declared = firstOf(view.parts, "type");
  if (typeof declared === "string") return { type: declared === "null" ? null : declared, nullable: declared === "null" };
  if (Array.isArray(declared)) {
    const names = declared.filter((name): name is string => typeof name === "string");
    const real = names.filter((name) => name !== "null");
    return { type: real.length ? real.join("|") : null, nullable: names.includes("null") };
  }
  if (view.properties.size || view.additionalSchemas.length) return { type: "object", nullable: false };
  if (view.items.length) return { type: "array", nullable: false };
  return { type: null, nullable: false };
}

/** The documented constraints of one position: the first part that says something wins, the outermost first. */
export function readSchemaFacts(view: TSchemaView, limits: TOperationModelLimits): TSchemaFacts & { readOnly: boolean; writeOnly: boolean } {
  const { parts } = view;
  const { type, nullable } = typeOf(view);
  const facts: TSchemaFacts & { readOnly: boolean; writeOnly: boolean } = {
    type,
    nullable: nullable || view.nullOption || parts.some((part) => part.nullable === true || part["x-nullable"] === true),
    readOnly: parts.some((part) => part.readOnly === true),
    writeOnly: parts.some((part) => part.writeOnly === true),
  };
  const format = firstOf(parts, "format");
  if (typeof format === "string") facts.format = format;
  const constant = firstOf(parts, "const");
  const values = constant !== undefined ? [constant] : firstOf(parts, "enum");
  if (Array.isArray(values)) {
    facts.enum = values.slice(0, limits.maxEnumValues).map((value) => boundValue(value, 200)).filter((value): value is TJsonValue => value !== undefined && !isTruncation(value));
    if (values.length > limits.maxEnumValues) facts.enumTruncated = truncation("list-cap", `${values.length} enum values; the first ${limits.maxEnumValues} are kept.`);
  }
  const example = boundValue(firstOf(parts, "example"), limits.maxValueChars);
  if (example !== undefined) facts.example = example;
  const examples = firstOf(parts, "examples");
  if (Array.isArray(examples) && examples.length) {
    facts.examples = examples.slice(0, 10).map((value) => boundValue(value, limits.maxValueChars) ?? null);
  }
  const fallback = boundValue(firstOf(parts, "default"), limits.maxValueChars);
  if (fallback !== undefined) facts.default = fallback;
  const pattern = firstOf(parts, "pattern");
  if (typeof pattern === "string") facts.pattern = pattern.slice(0, limits.maxTextLength);
  for (const keyword of ["minLength", "maxLength", "minimum", "maximum", "maxItems"] as const) {
    const value = numberOf(parts, keyword);
    if (value !== undefined) facts[keyword] = value;
  }
  for (const keyword of ["exclusiveMinimum", "exclusiveMaximum"] as const) {
    const value = firstOf(parts, keyword);
    if (typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))) facts[keyword] = value;
  }
  const description = boundText(firstOf(parts, "description"), limits.maxTextLength);
  if (description) facts.description = description;
  if (parts.some((part) => part.deprecated === true)) facts.deprecated = true;
  if (view.ref) facts.ref = view.ref;
  return facts;
}

/** A short name for a oneOf/anyOf option: its title or the model it refers to. */
export function optionLabel(option: unknown, resolve: TResolve): string | undefined {
  const resolved = resolve(option);
  if (!resolved) return undefined;
  if (typeof resolved.schema.title === "string" && resolved.schema.title.trim()) return resolved.schema.title.trim().slice(0, 60);
  return resolved.ref?.split("/").pop();
}
