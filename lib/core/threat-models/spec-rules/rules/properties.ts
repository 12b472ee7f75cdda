import type { TModelOperation, TSchemaField } from "@/lib/core/specs/operation-model/types";
import { credentialKind, isInternalCommercialFieldName, isObjectIdName, isOwnDataPath, isPriceFieldName, isPersonalFieldName, isPrivilegedFieldName, isServerManagedFieldName, nameWords, operationWords, pathWords } from "../names";
import { operationEvidence } from "../scoring";
import type { TEvidence, TSpecRule } from "../types";
import { bodyInputs, displayPath, exampleValues, isSafeMethod, isServed, isWrite, successResponses, type TInput } from "./inputs-of";

// API3, broken object property level authorisation, both ways: properties a client can write but
// should not (mass assignment), and properties a response returns that the caller should not see.
// Precision: the caller's own data (/me) and a credential the caller just asked for (a login's
// token, a secret shown once at creation) are not exposure of other people's data.

const refName = (ref: string) => ref.split("/").pop() ?? ref;
const fieldList = (fields: TSchemaField[], max = 4) => {
  const names = [...new Set(fields.map((field) => `\`${displayPath(field.path)}\``))];
  return names.length > max ? `${names.slice(0, max).join(", ")} and ${names.length - max} more` : names.join(", ");
};

/** "PUT /users/{id}/role" with a `role` body: setting that property is the operation's purpose, not a side door. */
function isOperationSubject(operation: TModelOperation, name: string): boolean {
  const last = pathWords(operation.path).slice(-2);
  return nameWords(name).some((word) => last.includes(word) || last.includes(`${word}s`));
}

// A body that is a query (search, filter, report) names properties to match, not to write.
const QUERY_OPERATION_WORDS = new Set(["search", "query", "filter", "find", "lookup", "report", "reports", "preview", "estimate", "quote", "validate", "check"]);
const TOKEN_OPERATION_WORDS = new Set(["token", "oauth", "authorize", "login", "signin", "session", "sessions", "refresh", "auth"]);

/**
 * A top-level price in a create body that references no other object is the price of the object
 * being created (a seller listing a product); next to a reference (a cart line's productId) it
 * copies that object's price, which the server must look up instead.
 */
function pricesTheNewObject(operation: TModelOperation, input: TInput): boolean {
  if (operation.method !== "POST" || !isPriceFieldName(input.name) || input.field?.path.split(".").length !== 2) return false;
  return !bodyInputs(operation).some((other) => isObjectIdName(other.name));
}

function privilegedWritableFields(operation: TModelOperation): { field: TSchemaField; mediaType: string }[] {
  if (!isServed(operation) || !isWrite(operation)) return [];
  const words = operationWords(operation);
  if (words.some((word) => QUERY_OPERATION_WORDS.has(word))) return [];
  const tokenRequest = words.some((word) => TOKEN_OPERATION_WORDS.has(word));
  return bodyInputs(operation)
    .filter((input) => input.field && isPrivilegedFieldName(input.name) && !isOperationSubject(operation, input.name) && !pricesTheNewObject(operation, input))
    .filter((input) => !(tokenRequest && nameWords(input.name).some((word) => word === "scope" || word === "scopes")))
    .map((input) => ({ field: input.field as TSchemaField, mediaType: input.mediaType as string }));
}

/** Schemas (by $ref) that some operation returns, with the first operation that does. */
function readModels(operations: TModelOperation[]): Map<string, string> {
  const models = new Map<string, string>();
  for (const operation of operations) {
    if (!isServed(operation)) continue;
    for (const response of successResponses(operation)) {
      for (const content of response.content) {
        const refs = [content.schemaRef, ...content.fields.filter((field) => field.path.split(".").length <= 2 && field.ref).map((field) => field.ref)];
        for (const ref of refs) if (ref && !models.has(ref)) models.set(ref, operation.key);
      }
    }
  }
  return models;
}

const cachedReadModels = new WeakMap<object, Map<string, string>>();
const cachedReturnedNames = new WeakMap<object, Set<string>>();

/** Property names some success response returns: a writable one of these is the read model's own field. */
function returnedNames(operations: TModelOperation[]): Set<string> {
  let names = cachedReturnedNames.get(operations);
  if (!names) {
    names = new Set(operations.filter(isServed).flatMap((operation) => successResponses(operation).flatMap((response) => response.content.flatMap((content) => content.fields.map((field) => field.name)))));
    cachedReturnedNames.set(operations, names);
  }
  return names;
}

function sharedReadModelFields(operation: TModelOperation, operations: TModelOperation[]): { ref: string; returnedBy: string; mediaType: string; fields: TSchemaField[] } | null {
  if (!isServed(operation) || !isWrite(operation)) return null;
  let models = cachedReadModels.get(operations);
  if (!models) {
    models = readModels(operations);
    cachedReadModels.set(operations, models);
  }
  for (const content of operation.requestBody?.content ?? []) {
    const ref = content.schemaRef;
    const returnedBy = ref ? models.get(ref) : undefined;
    if (!ref || !returnedBy) continue;
    // Top-level properties only: nested objects are usually value objects the client may send.
    const fields = content.fields.filter((field) => field.path.split(".").length === 2 && !field.readOnly && isServerManagedFieldName(field.name));
    if (fields.length) return { ref, returnedBy, mediaType: content.mediaType, fields };
  }
  return null;
}

/** Masked values ("**** 4242", "•••") are not the credential itself. */
const showsMasked = (field: TSchemaField) => exampleValues(field).some((value) => typeof value === "string" && /[*•xX]{3,}|…/.test(value)) || /\bmask(ed)?\b|last (four|4)/i.test(field.description ?? "");

type TResponseField = { field: TSchemaField; status: string; mediaType: string };
function responseFields(operation: TModelOperation): TResponseField[] {
  if (!isServed(operation)) return [];
  return successResponses(operation).flatMap((response) =>
    response.content.flatMap((content) => content.fields.filter((field) => field.path !== "$" && !field.writeOnly).map((field) => ({ field, status: response.status, mediaType: content.mediaType }))),
  );
}
const uniqueByName = (fields: TResponseField[]) => {
  const seen = new Set<string>();
  return fields.filter(({ field }) => (seen.has(field.path) ? false : (seen.add(field.path), true)));
};

/** Credentials the caller just asked for: a sign-in's token, a key's secret in the reply that creates it. */
function issuesOwnCredential(operation: TModelOperation): boolean {
  return operation.method === "POST" || isOwnDataPath(operation.path) || operationWords(operation).some((word) => TOKEN_OPERATION_WORDS.has(word));
}

export const PROPERTY_RULES: TSpecRule[] = [
  {
    id: "mass-assignment-privileged-field",
    entryKey: "api3-mass-assignment",
    looksFor: "Write bodies (POST, PUT, PATCH) that accept a privileged or server-managed property not marked readOnly: admin flags, roles, permissions, prices, fees, balances, approvals, verification, internal switches.",
    example: "POST /signup { email, password, isAdmin: boolean }",
    answer: "YES",
    evaluate: (operation, context) =>
      privilegedWritableFields(operation).map(({ field, mediaType }) =>
        operationEvidence(operation, context, {
          target: { kind: "request-field", mediaType, path: field.path, name: field.name },
          reason: `\`${operation.key}\` accepts \`${displayPath(field.path)}\` (${field.type ?? "untyped"}) in its body, a privileged property the client should not set${
            returnedNames(context.model.operations).has(field.name) ? "; the response models also return it" : ""
          }`,
          strength: "direct",
        }),
      ),
  },
  {
    id: "mass-assignment-read-model-reuse",
    entryKey: "api3-mass-assignment",
    looksFor: "Write bodies that reuse a schema a response also returns (the read model), with server-managed fields (ids, status, totals, timestamps) not marked readOnly.",
    example: "PUT /orders/{id} with body $ref Order, the schema GET /orders/{id} returns, whose status is not readOnly",
    answer: "YES",
    evaluate: (operation, context) => {
      const shared = sharedReadModelFields(operation, context.model.operations);
      if (!shared) return [];
      const [first] = shared.fields;
      if (!first) return [];
      const also = shared.returnedBy === operation.key ? "which its own response also returns" : `which \`${shared.returnedBy}\` also returns`;
      return [
        operationEvidence(operation, context, {
          target: { kind: "request-field", mediaType: shared.mediaType, path: first.path, name: first.name },
          reason: `\`${operation.key}\` takes the \`${refName(shared.ref)}\` read model as its body (${also}): ${fieldList(shared.fields)} ${shared.fields.length === 1 ? "is" : "are"} writable, not readOnly`,
          strength: "direct",
        }),
      ];
    },
  },
  {
    id: "credential-fields-in-response",
    entryKey: "api3-sensitive-fields-in-responses",
    looksFor: "Responses that return credentials (passwords, password hashes, PINs, CVVs, full card numbers, national ids) or, outside the reply that issues them, secrets and private keys.",
    example: "GET /users/{id} → { passwordHash, mfaSecret }",
    answer: "YES",
    evaluate: (operation, context) => {
      const ownIssue = issuesOwnCredential(operation);
      // A write's reply echoing a value the caller has just sent tells the caller nothing new; passwords and hashes excepted.
      const sent = new Set(bodyInputs(operation).map((input) => input.name));
      const found = uniqueByName(responseFields(operation)).filter(({ field }) => {
        const kind = credentialKind(field.name);
        const echoed = sent.has(field.name) && !nameWords(field.name).some((word) => ["password", "passwd", "hash", "hashed"].includes(word));
        return kind !== null && !showsMasked(field) && !echoed && (kind === "credential" || !ownIssue);
      });
      return found.map(({ field, status, mediaType }) =>
        operationEvidence(operation, context, {
          target: { kind: "response-field", status, mediaType, path: field.path, name: field.name },
          reason: `\`${operation.key}\` returns \`${displayPath(field.path)}\` in its ${status} response, a credential no response should carry${operation.security.anonymous ? ", to callers without authentication" : ""}`,
          strength: "direct",
          impactFloor: 5,
          likelihoodDelta: operation.security.anonymous ? 1 : 0,
        }),
      );
    },
  },
  {
    id: "personal-fields-in-response",
    entryKey: "api3-sensitive-fields-in-responses",
    looksFor: "Reads of other people's records (not /me) whose responses return two or more kinds of personal data (email, phone, birth date, IP address, bank details).",
    example: "GET /users/{username} → { email, phone, lastLoginIp }",
    answer: "UNSURE",
    evaluate: (operation, context) => {
      if (!isSafeMethod(operation) || isOwnDataPath(operation.path)) return [];
      const personal = uniqueByName(responseFields(operation)).filter(({ field }) => isPersonalFieldName(field.name) && !showsMasked(field));
      const kinds = new Set(personal.map(({ field }) => nameWords(field.name).at(-1)));
      const [first] = personal;
      if (kinds.size < 2 || !first) return [];
      const evidence: TEvidence = operationEvidence(operation, context, {
        target: { kind: "response-field", status: first.status, mediaType: first.mediaType, path: first.field.path, name: first.field.name },
        reason: `\`${operation.key}\` returns personal data of people other than the caller in its ${first.status} response: ${fieldList(personal.map(({ field }) => field))}`,
        strength: "indirect",
      });
      return [evidence];
    },
  },
  {
    id: "commercial-fields-in-response",
    entryKey: "api3-sensitive-fields-in-responses",
    looksFor: "Reads whose responses return a business's internal commercial figures (cost price, supplier cost, wholesale price, margin, profit) to whoever calls them.",
    example: "GET /catalog/export → [{ sku, price, costPrice, supplierMargin }]",
    answer: "UNSURE",
    evaluate: (operation, context) => {
      if (!isSafeMethod(operation)) return [];
      const commercial = uniqueByName(responseFields(operation)).filter(({ field }) => isInternalCommercialFieldName(field.name));
      const [first] = commercial;
      if (!first) return [];
      return [
        operationEvidence(operation, context, {
          target: { kind: "response-field", status: first.status, mediaType: first.mediaType, path: first.field.path, name: first.field.name },
          reason: `\`${operation.key}\` returns internal commercial figures in its ${first.status} response: ${fieldList(commercial.map(({ field }) => field))}`,
          strength: "indirect",
        }),
      ];
    },
  },
];
