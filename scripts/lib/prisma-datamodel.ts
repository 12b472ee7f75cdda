import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

// Prisma's own schema parser (the same WebAssembly build the CLI uses), so the schema is read
// exactly as Prisma reads it, offline and without the native schema engine.
const require = createRequire(import.meta.url);
const schemaWasm = require("@prisma/prisma-schema-wasm") as { get_dmmf: (params: string) => string };

export type DmmfField = {
  name: string;
  kind: "scalar" | "enum" | "object" | "unsupported";
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  hasDefaultValue: boolean;
  dbName?: string | null;
  default?: { name: string; args: unknown[] } | string | number | boolean | unknown[];
  relationName?: string;
  relationFromFields?: string[];
  relationToFields?: string[];
  relationOnDelete?: string;
  relationOnUpdate?: string;
  /** A `@db.*` attribute, e.g. ["Date", []] for `@db.Date`. */
  nativeType?: [string, string[]] | null;
};

/** Native types this project uses, as SQL (for drafts) and as information_schema udt_name (for checks). */
export const NATIVE_TYPES: Record<string, { sql: string; udt: string }> = {
  Date: { sql: "DATE", udt: "date" },
  Timestamptz: { sql: "TIMESTAMPTZ(3)", udt: "timestamptz" },
};

export type DmmfModel = {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
};

export type DmmfIndex = {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  isDefinedOnField: boolean;
  dbName?: string | null;
  fields: { name: string }[];
};

export type Datamodel = {
  enums: { name: string; values: { name: string }[]; dbName?: string | null }[];
  models: DmmfModel[];
  indexes: DmmfIndex[];
};

export const SCHEMA_PATH = path.join(process.cwd(), "prisma", "schema.prisma");

export function loadDatamodel(schemaPath = SCHEMA_PATH): Datamodel {
  const schema = readFileSync(schemaPath, "utf8");
  const dmmf = JSON.parse(schemaWasm.get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] })));
  return dmmf.datamodel as Datamodel;
}

export function tableName(model: DmmfModel) {
  return model.dbName ?? model.name;
}

export function columnName(field: DmmfField) {
  return field.dbName ?? field.name;
}

export function columnFields(model: DmmfModel) {
  return model.fields.filter((f) => f.kind === "scalar" || f.kind === "enum");
}

/** Relation fields that own a foreign key (the side with `fields: [...]`). */
export function foreignKeyFields(model: DmmfModel) {
  return model.fields.filter((f) => f.kind === "object" && (f.relationFromFields?.length ?? 0) > 0);
}
