import { describe, expect, it } from "vitest";
import { flattenSchema } from "./flatten-schema";
import { DEFAULT_OPERATION_MODEL_LIMITS } from "./limits";
import { createSchemaResolver } from "./schema-view";
import type { TSchemaField } from "./types";

// How one schema becomes a list of fields by JSON path.

type Obj = Record<string, unknown>;
const flatten = (schema: unknown, schemas: Obj = {}, limits = DEFAULT_OPERATION_MODEL_LIMITS) => {
  const document = { components: { schemas } };
  return flattenSchema(schema, createSchemaResolver(document), limits);
};
const paths = (fields: TSchemaField[]) => fields.map((field) => field.variant ? `${field.path} (${field.variant})` : field.path);
const at = (fields: TSchemaField[], path: string, variant?: string) => {
  const found = fields.find((field) => field.path === path && field.variant === variant);
  if (!found) throw new Error(`${path} not among ${paths(fields).join(", ")}`);
  return found;
};
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

describe("flattenSchema", () => {
  it("names nested properties and array elements by JSON path, with their facts", () => {
    const { fields, truncation } = flatten({
      type: "object",
      required: ["user"],
      properties: {
        user: {
          type: "object",
          required: ["name"],
          properties: {
            name: { type: "string", maxLength: 80, pattern: "^[a-z]+$", description: "Login name", example: "ada" },
            roles: { type: "array", maxItems: 5, items: { type: "string", enum: ["admin", "user"] } },
            "e-mail": { type: "string", format: "email" },
          },
        },
      },
    });
    expect(truncation).toBeUndefined();
    expect(paths(fields)).toEqual(["$", "$.user", "$.user.name", "$.user.roles", "$.user.roles[]", '$.user["e-mail"]']);
    expect(at(fields, "$.user")).toMatchObject({ name: "user", type: "object", required: true, additionalProperties: "open-by-default" });
    expect(at(fields, "$.user.name")).toMatchObject({ required: true, type: "string", maxLength: 80, pattern: "^[a-z]+$", description: "Login name", example: "ada" });
    expect(at(fields, "$.user.roles")).toMatchObject({ type: "array", maxItems: 5, required: false });
    expect(at(fields, "$.user.roles[]")).toMatchObject({ name: "roles", type: "string", enum: ["admin", "user"], required: false });
    expect(at(fields, '$.user["e-mail"]')).toMatchObject({ name: "e-mail", format: "email" });
  });

  it("follows $ref and names the model a field comes from", () => {
    const { fields } = flatten({ type: "object", properties: { owner: ref("User") } }, { User: { type: "object", properties: { id: { type: "string", readOnly: true } } } });
    expect(at(fields, "$.owner").ref).toBe("#/components/schemas/User");
    expect(at(fields, "$.owner.id")).toMatchObject({ readOnly: true, writeOnly: false });
  });

  it("merges allOf parts into one object: properties and required of every part, the outer description first", () => {
    const { fields } = flatten(
      { description: "An admin", allOf: [ref("User"), { type: "object", required: ["isAdmin"], properties: { isAdmin: { type: "boolean" }, password: { type: "string", writeOnly: true } } }] },
      { User: { type: "object", required: ["name"], description: "A user", properties: { name: { type: "string" }, id: { type: "string", readOnly: true } } } },
    );
    expect(paths(fields)).toEqual(["$", "$.name", "$.id", "$.isAdmin", "$.password"]);
    expect(at(fields, "$")).toMatchObject({ type: "object", description: "An admin", ref: "#/components/schemas/User" });
    expect(at(fields, "$.name").required).toBe(true);
    expect(at(fields, "$.isAdmin").required).toBe(true);
    expect(at(fields, "$.password").writeOnly).toBe(true);
  });

  it("merges a property declared in two allOf parts instead of listing it twice", () => {
    const { fields } = flatten({ allOf: [{ properties: { status: { type: "string" } } }, { properties: { status: { enum: ["open", "closed"], readOnly: true } } }] });
    expect(paths(fields)).toEqual(["$", "$.status"]);
    expect(at(fields, "$.status")).toMatchObject({ type: "string", enum: ["open", "closed"], readOnly: true });
  });

  it("lists each oneOf/anyOf option under a variant label, with the option's fields", () => {
    const { fields } = flatten(
      { type: "object", properties: { payment: { oneOf: [ref("Card"), { title: "Transfer", type: "object", properties: { iban: { type: "string" } } }] } } },
      { Card: { type: "object", properties: { cardNumber: { type: "string" }, cvv: { type: "string", writeOnly: true } } } },
    );
    expect(paths(fields)).toEqual([
      "$",
      "$.payment",
      "$.payment (oneOf[0] Card)",
      "$.payment.cardNumber (oneOf[0] Card)",
      "$.payment.cvv (oneOf[0] Card)",
      "$.payment (oneOf[1] Transfer)",
      "$.payment.iban (oneOf[1] Transfer)",
    ]);
    expect(at(fields, "$.payment.cvv", "oneOf[0] Card").writeOnly).toBe(true);
    expect(at(fields, "$.payment", "oneOf[1] Transfer").type).toBe("object");
  });

  it("reads `anyOf: [X, {type: null}]` and 3.0 `nullable` as a nullable X, not as two choices", () => {
    const { fields } = flatten(
      { type: "object", properties: { manager: { anyOf: [ref("User"), { type: "null" }] }, nickname: { type: "string", nullable: true }, age: { type: ["integer", "null"] } } },
      { User: { type: "object", properties: { id: { type: "string" } } } },
    );
    expect(paths(fields)).toEqual(["$", "$.manager", "$.manager.id", "$.nickname", "$.age"]);
    expect(at(fields, "$.manager")).toMatchObject({ nullable: true, type: "object", ref: "#/components/schemas/User" });
    expect(at(fields, "$.nickname").nullable).toBe(true);
    expect(at(fields, "$.age")).toMatchObject({ type: "integer", nullable: true });
  });

  it("says whether objects accept unknown properties, and lists map values under .*", () => {
    const { fields } = flatten({
      type: "object",
      additionalProperties: false,
      properties: {
        labels: { type: "object", additionalProperties: { type: "string", maxLength: 20 } },
        extra: { type: "object", additionalProperties: true },
        plain: { type: "object", properties: { a: { type: "string" } } },
      },
    });
    expect(at(fields, "$").additionalProperties).toBe("closed");
    expect(at(fields, "$.labels").additionalProperties).toBe("open");
    expect(at(fields, "$.labels.*")).toMatchObject({ name: "labels", type: "string", maxLength: 20, required: false });
    expect(at(fields, "$.extra").additionalProperties).toBe("open");
    expect(at(fields, "$.plain").additionalProperties).toBe("open-by-default");
    expect(at(fields, "$.plain.a").additionalProperties).toBeUndefined();
  });

  it("stops at a recursive schema with a recursion marker instead of looping", () => {
    const { fields, truncation } = flatten(ref("Node"), { Node: { type: "object", properties: { name: { type: "string" }, children: { type: "array", items: ref("Node") }, parent: ref("Node") } } });
    expect(truncation).toBeUndefined();
    expect(paths(fields)).toEqual(["$", "$.name", "$.children", "$.children[]", "$.parent"]);
    expect(at(fields, "$.children[]").truncation).toMatchObject({ truncated: true, reason: "recursion" });
    expect(at(fields, "$.parent").truncation).toMatchObject({ truncated: true, reason: "recursion" });
    expect(at(fields, "$.parent").truncation?.detail).toContain("#/components/schemas/Node");
  });

  it("stops at allOf and oneOf cycles too", () => {
    const { fields } = flatten(ref("A"), { A: { allOf: [ref("B")], properties: { a: { type: "string" } } }, B: { allOf: [ref("A")], properties: { b: { oneOf: [ref("A"), { type: "string" }] } } } });
    expect(paths(fields)).toEqual(["$", "$.a", "$.b", "$.b (oneOf[0] A)", "$.b (oneOf[1])"]);
    expect(at(fields, "$.b", "oneOf[0] A").truncation?.reason).toBe("recursion");
  });

  it("lists a nested model that extends the same allOf base as its parent: a shared base is not recursion", () => {
    const { fields } = flatten(ref("Payment"), {
      Audited: { type: "object", properties: { id: { type: "string", readOnly: true } } },
      Customer: { allOf: [ref("Audited"), { type: "object", properties: { email: { type: "string" } } }] },
      Payment: { allOf: [ref("Audited"), { type: "object", properties: { customer: ref("Customer") } }] },
    });
    expect(paths(fields)).toEqual(["$", "$.id", "$.customer", "$.customer.id", "$.customer.email"]);
    expect(at(fields, "$.customer").truncation).toBeUndefined();
  });

  it("still stops where a model reaches itself through a property declared in a second allOf part", () => {
    const { fields } = flatten(ref("X"), {
      P: { type: "object", properties: { child: { type: "object", description: "first declaration" } } },
      Q: { type: "object", properties: { child: ref("X") } },
      X: { allOf: [ref("P"), ref("Q")] },
    });
    expect(paths(fields)).toEqual(["$", "$.child"]);
    expect(at(fields, "$.child").truncation?.reason).toBe("recursion");
  });

  it("marks the field where the depth limit stops the walk", () => {
    let schema: Obj = { type: "string" };
    for (let level = 0; level < 12; level++) schema = { type: "object", properties: { next: schema } };
    const { fields } = flatten(schema);
    expect(fields).toHaveLength(DEFAULT_OPERATION_MODEL_LIMITS.maxDepth + 1);
    const last = fields.at(-1)!;
    expect(last.path).toBe(`$${".next".repeat(DEFAULT_OPERATION_MODEL_LIMITS.maxDepth)}`);
    expect(last.truncation).toMatchObject({ truncated: true, reason: "depth" });
  });

  it("caps the fields of one schema and says so", () => {
    const properties = Object.fromEntries(Array.from({ length: 600 }, (_, index) => [`field${String(index).padStart(3, "0")}`, { type: "string" }]));
    const { fields, truncation } = flatten({ type: "object", properties });
    expect(fields).toHaveLength(DEFAULT_OPERATION_MODEL_LIMITS.maxFieldsPerSchema);
    expect(truncation).toMatchObject({ truncated: true, reason: "field-cap" });
    expect(fields.at(-1)!.path).toBe("$.field498");
  });

  it("bounds nested alternatives that would otherwise multiply", () => {
    // Each level offers three choices of the next: 3^8 paths without a bound.
    const schemas: Obj = {};
    for (let level = 0; level < 8; level++) schemas[`L${level}`] = { oneOf: [0, 1, 2].map((n) => ({ type: "object", properties: { [`p${n}`]: level === 7 ? { type: "string" } : ref(`L${level + 1}`) } })) };
    const { fields, truncation } = flatten(ref("L0"), schemas);
    expect(fields.length).toBeLessThanOrEqual(DEFAULT_OPERATION_MODEL_LIMITS.maxFieldsPerSchema);
    expect(truncation?.reason).toBe("field-cap");
  });

  it("reads an allOf chain longer than the call stack without overflowing, and marks where it stopped", () => {
    const schemas: Obj = {};
    for (let index = 0; index < 20_000; index++) schemas[`S${index}`] = { allOf: index < 19_999 ? [ref(`S${index + 1}`)] : [], properties: { [`p${index}`]: { type: "string" } } };
    const { fields } = flatten(ref("S0"), schemas);
    expect(fields[0]!.truncation).toMatchObject({ truncated: true, reason: "list-cap" });
    expect(fields.map((field) => field.path).slice(0, 3)).toEqual(["$", "$.p0", "$.p1"]);
  });

  it("bounds oneOf choices nested inside each other, which add no path segment", () => {
    const schemas: Obj = {};
    for (let level = 0; level < 30; level++) schemas[`C${level}`] = { oneOf: [ref(`C${level + 1}`), { type: "string", title: `leaf${level}` }] };
    schemas.C30 = { type: "integer" };
    const { fields, truncation } = flatten(ref("C0"), schemas);
    expect(truncation).toBeUndefined();
    const cut = fields.filter((field) => field.truncation);
    expect(cut).toHaveLength(1);
    expect(cut[0]!.truncation).toMatchObject({ reason: "depth" });
    expect(cut[0]!.variant!.split(" / ")).toHaveLength(DEFAULT_OPERATION_MODEL_LIMITS.maxDepth);
  });

  it("keeps examples small: a large example is replaced by a size marker", () => {
    const { fields } = flatten({ type: "object", properties: { blob: { type: "string", example: "x".repeat(5_000) }, token: { type: "string", examples: ["eyJhbGciOiJIUzI1NiJ9.e30.sig"] } } });
    expect(at(fields, "$.blob").example).toMatchObject({ truncated: true, reason: "size" });
    expect(at(fields, "$.token").examples).toEqual(["eyJhbGciOiJIUzI1NiJ9.e30.sig"]);
  });

  it("is deterministic: the same schema gives the same fields", () => {
    const schema = { allOf: [ref("User")], properties: { z: { type: "string" }, a: { type: "string" } } };
    const schemas = { User: { properties: { m: { type: "integer" } } } };
    expect(JSON.stringify(flatten(schema, schemas))).toBe(JSON.stringify(flatten(structuredClone(schema), structuredClone(schemas))));
  });
});
