import type { TModelOperation } from "@/lib/core/specs/operation-model/types";
import { compactName, credentialKind, isEnrolmentOperation, isInboundReceiver, isNaturalKeyName, isObjectIdName, isOwnDataPath, isPersonalFieldName, nameWords, pathWords } from "../names";
import { operationEvidence } from "../scoring";
import type { TEvidence, TSpecRule, TSpecRuleContext } from "../types";
import { bodyInputs, describeType, inputsOf, isSafeMethod, isServed, successResponses, type TInput } from "./inputs-of";

// API1, broken object level authorisation: every input that names a stored object is a place
// where the server must check the object belongs to the caller. A spec cannot show the check, so
// authenticated operations get UNSURE; an anonymous operation that reads or changes a private
// object by its key shows the flaw itself. Natural keys (user names, account or record numbers,
// titles) are guessable, so they score higher than opaque ids.

type TReference = { input: TInput; natural: boolean };

/** "/users/{user}": a parameter named like the collection it follows is that collection's key. */
function namesItsCollection(path: string, name: string): boolean {
  const segments = path.split("/");
  const index = segments.indexOf(`{${name}}`);
  const previous = index > 0 ? (segments[index - 1] ?? "").toLowerCase() : "";
  const singular = nameWords(name).join("");
  return Boolean(previous) && (previous === singular || previous === `${singular}s` || previous === `${singular}es`);
}

function pathReferences(operation: TModelOperation): TReference[] {
  if (!isServed(operation) || isOwnDataPath(operation.path) || isInboundReceiver(operation)) return [];
  return inputsOf(operation)
    .filter((input) => input.location === "path" && !input.facts.enum)
    .flatMap((input) => {
      const natural = isNaturalKeyName(input.name, "path") && input.facts.format !== "uuid";
      if (natural || isObjectIdName(input.name) || namesItsCollection(operation.path, input.name)) return [{ input, natural }];
      return [];
    });
}

/** A sign-in or sign-up body: its user name is a credential, not an object reference. */
const takesCredentials = (operation: TModelOperation) => bodyInputs(operation).some((input) => credentialKind(input.name) === "credential");

const OWN_KEY_WORDS = new Set(["sku", "slug", "handle", "username", "login", "code", "key", "name", "title", "serial"]);

/** `userName` in `POST /users` is the new user's own key, not a reference to another object. */
function isOwnKey(operation: TModelOperation, input: TInput): boolean {
  const words = nameWords(input.name);
  // A bare "sku" or "slug" at the top of a create body names the object being created; a bare
  // record number ("mrn", "iban") still points at someone else's record.
  if (words.length === 1 && OWN_KEY_WORDS.has(words[0] ?? "") && operation.method === "POST" && input.field?.path.split(".").length === 2) return true;
  const first = words[0] ?? "";
  return pathWords(operation.path).some((word) => word === first || word === `${first}s` || word === `${first}es`);
}

function otherReferences(operation: TModelOperation): TReference[] {
  if (!isServed(operation) || takesCredentials(operation) || isInboundReceiver(operation)) return [];
  return inputsOf(operation)
    .filter((input) => input.location !== "path" && input.location !== "cookie" && !input.facts.enum && input.facts.type !== "boolean" && input.facts.type !== "object")
    .flatMap((input) => {
      // An e-mail address in a read's query looks an account up; in a body it is usually data.
      const emailLookup = input.location === "query" && isSafeMethod(operation) && nameWords(input.name).at(-1) === "email";
      const natural = (emailLookup || isNaturalKeyName(input.name, "other")) && input.facts.format !== "uuid";
      if (natural && input.location === "body" && isOwnKey(operation, input)) return [];
      // An enrolment body's top-level identifiers are what the caller enrols as, not references to other objects.
      if (input.location === "body" && isEnrolmentOperation(operation) && input.field?.path.split(".").length === 2) return [];
      // The caller's own record: its top-level id and user name are the caller's, not another object's.
      if (input.location === "body" && isOwnDataPath(operation.path) && input.field?.path.split(".").length === 2 && (natural || compactName(input.name) === "id")) return [];
      if (natural || isObjectIdName(input.name)) return [{ input, natural }];
      return [];
    });
}

/** Public catalogue reads (a product page by slug) return nothing private: no object to protect. */
function returnsPrivateData(operation: TModelOperation): boolean {
  if (!isSafeMethod(operation)) return true;
  return successResponses(operation).some((response) => response.content.some((content) => content.fields.some((field) => isPersonalFieldName(field.name) || credentialKind(field.name) !== null)));
}

/** No success response documents a schema: the spec does not say whether the data is public. */
const responseUndocumented = (operation: TModelOperation) => !successResponses(operation).some((response) => response.content.some((content) => content.fields.length > 0));

/** Authenticated, or anonymous with a response the spec does not describe: a question, not a finding. */
const worthAsking = (operation: TModelOperation) => !operation.security.anonymous || (isSafeMethod(operation) && responseUndocumented(operation));

function referenceEvidence(operation: TModelOperation, context: TSpecRuleContext, reference: TReference): TEvidence {
  const { input, natural } = reference;
  const what = natural ? `a guessable natural key ${describeType(input.facts)}` : `an object id ${describeType(input.facts)}`;
  const auth = operation.security.anonymous ? ", and requires no authentication" : "; whether the object is checked against the caller cannot be seen in the spec";
  return operationEvidence(operation, context, {
    target: input.target,
    reason: `\`${operation.key}\` takes ${input.label}, ${what}${auth}`,
    strength: operation.security.anonymous ? "direct" : "indirect",
    likelihoodDelta: natural ? 1 : 0,
  });
}

export const OBJECT_RULES: TSpecRule[] = [
  {
    id: "object-key-in-path-anonymous",
    entryKey: "api1-object-id-in-path",
    looksFor: "Anonymous operations that read private data or change state by an id or natural key in the path (public catalogue reads are left out).",
    example: "GET /orders/{orderNumber} with security: [] returning the buyer's email",
    answer: "YES",
    evaluate: (operation, context) =>
      operation.security.anonymous && returnsPrivateData(operation) ? pathReferences(operation).map((reference) => referenceEvidence(operation, context, reference)) : [],
  },
  {
    id: "object-key-in-path",
    entryKey: "api1-object-id-in-path",
    looksFor: "Authenticated operations (or anonymous reads whose response the spec does not describe) with an object id or a natural key (user name, account number, slug, title) in the path, other than the caller's own /me routes.",
    example: "GET /accounts/{accountNumber} with bearer auth",
    answer: "UNSURE",
    evaluate: (operation, context) => (worthAsking(operation) ? pathReferences(operation).map((reference) => referenceEvidence(operation, context, reference)) : []),
  },
  {
    id: "object-ids-in-body-or-query-anonymous",
    entryKey: "api1-object-ids-in-body-or-query",
    looksFor: "Anonymous operations that take object ids or natural keys in the query, a header or the body (sign-in bodies excluded).",
    example: "GET /receipts?orderId=… with security: []",
    answer: "YES",
    evaluate: (operation, context) =>
      operation.security.anonymous && returnsPrivateData(operation) ? otherReferences(operation).map((reference) => referenceEvidence(operation, context, reference)) : [],
  },
  {
    id: "object-ids-in-body-or-query",
    entryKey: "api1-object-ids-in-body-or-query",
    looksFor: "Authenticated operations (or anonymous reads whose response the spec does not describe) that take object ids or natural keys (accountId, fromAccountId, employeeNumber) in the query, a header or the body.",
    example: "POST /transfers { fromAccountId, toAccountId, amount }",
    answer: "UNSURE",
    evaluate: (operation, context) =>
      worthAsking(operation) ? otherReferences(operation).map((reference) => referenceEvidence(operation, context, reference)) : [],
  },
];
