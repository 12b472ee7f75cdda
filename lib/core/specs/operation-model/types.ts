import type { TSpecFormat } from "../spec-format";

// The normalised operation model: what a spec says about each operation, in one shape for
// OpenAPI 3.0, 3.1 and Swagger 2.0, so threat rules read fields and schemes instead of raw
// documents. It is stored with an import, so every part is bounded and plain JSON.

/**
 * Bumped when the shape of the model changes, or when what it contains does (2: nested models
 * sharing an allOf base keep their fields), so stored models are re-derived from their spec.
 */
export const OPERATION_MODEL_VERSION = 2;

export type TJsonValue = string | number | boolean | null | TJsonValue[] | { [key: string]: TJsonValue };

export type TTruncationReason =
  /** The schema nests deeper than `maxDepth`. */
  | "depth"
  /** The schema contains itself (trees, linked lists); the repeat is not expanded. */
  | "recursion"
  /** More fields than `maxFieldsPerSchema` in one body or response. */
  | "field-cap"
  /** The operation's bodies and responses together passed `maxFieldsPerOperation`. */
  | "operation-field-cap"
  /** The whole model passed `maxFieldsPerModel`; operations after that point list no more fields. */
  | "model-field-cap"
  /** A list (parameters, responses, media types, headers, enum values, callbacks, allOf parts) passed its cap. */
  | "list-cap"
  /** An example, default or x-* value larger than `maxValueChars` (text is cut with an ellipsis instead). */
  | "size";

/** Marks a part of the model that was cut, so a reader never mistakes a cut for the whole. */
export type TTruncation = { truncated: true; reason: TTruncationReason; detail: string };

export type TOperationModelLimits = {
  maxDepth: number;
  maxFieldsPerSchema: number;
  maxFieldsPerOperation: number;
  maxFieldsPerModel: number;
  maxListItems: number;
  maxEnumValues: number;
  maxTextLength: number;
  maxValueChars: number;
};

/** A value copied from the spec, or the marker that replaced it because it was too large. */
export type TBoundedValue = TJsonValue | TTruncation;

/** The constraints a field or parameter schema documents; absent keywords are left out. */
export type TSchemaFacts = {
  /** The JSON type; a 3.1 type list without "null" is joined with "|" ("integer|string"). */
  type: string | null;
  nullable: boolean;
  format?: string;
  enum?: TJsonValue[];
  enumTruncated?: TTruncation;
  /** The schema's example; for a body or response field without one, the value at its path in the media type's example. */
  example?: TBoundedValue;
  examples?: TBoundedValue[];
  default?: TBoundedValue;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  maxItems?: number;
  description?: string;
  deprecated?: true;
  /** The $ref the schema was reached through, e.g. "#/components/schemas/User". */
  ref?: string;
};

export type TAdditionalProperties =
  /** `additionalProperties: false` (or 3.1 `unevaluatedProperties: false`). */
  | "closed"
  /** Nothing said: JSON Schema accepts unknown properties. */
  | "open-by-default"
  /** `additionalProperties: true` or a schema (its fields follow under `.*`). */
  | "open";

/**
 * One node of a body or response schema, named by a JSON path: `$` is the body, `$.user.roles[]`
 * an element of the `roles` array, `$.metadata.*` a value of an open map.
 */
export type TSchemaField = TSchemaFacts & {
  path: string;
  /** The property name ("roles" for `$.user.roles` and `$.user.roles[]`); "" for the body itself. */
  name: string;
  /** Listed in its parent object's `required` (for `$`, whether the body itself is required). Array elements and map values are never required. */
  required: boolean;
  /** As the schema says at this node; a field under a readOnly object is not marked again. */
  readOnly: boolean;
  writeOnly: boolean;
  /** Only on objects. */
  additionalProperties?: TAdditionalProperties;
  /** The oneOf/anyOf choices this field belongs to, outermost first: "oneOf[1] Card", "anyOf[0] / oneOf[2] Iban". */
  variant?: string;
  /** Set when the walk stopped here (depth, recursion, too many allOf parts): some children are not listed. */
  truncation?: TTruncation;
};

export type TMediaKind = "json" | "xml" | "form" | "multipart" | "other";

export type TMediaContent = {
  mediaType: string;
  kind: TMediaKind;
  /** The $ref of the top-level schema, when it has one; shared by a write body and a read model, it shows reuse. */
  schemaRef?: string;
  fields: TSchemaField[];
  /** Media-level `example`/`examples` values (not the schema's), bounded. */
  examples: TBoundedValue[];
  /** Set when the fields were cut by a field cap. */
  truncation?: TTruncation;
};

export type TRequestBody = {
  required: boolean;
  description?: string;
  content: TMediaContent[];
};

export type TModelHeader = TSchemaFacts & { name: string; required: boolean };

export type TModelResponse = {
  /** As written: "200", "4XX", "default". */
  status: string;
  description?: string;
  content: TMediaContent[];
  headers: TModelHeader[];
};

export type TParameterLocation = "path" | "query" | "header" | "cookie";

export type TModelParameter = TSchemaFacts & {
  name: string;
  location: TParameterLocation;
  required: boolean;
  /** For arrays: the element type, e.g. "string". */
  itemsType?: string;
};

export type TSecuritySchemeType = "http" | "apiKey" | "oauth2" | "openIdConnect" | "mutualTLS" | "unknown";

export type TOAuthFlow = {
  /** OpenAPI 3 names; Swagger 2.0's application/accessCode become clientCredentials/authorizationCode. */
  flow: "implicit" | "password" | "clientCredentials" | "authorizationCode";
  authorizationUrl?: string;
  tokenUrl?: string;
  refreshUrl?: string;
  /** The scopes the flow offers. */
  scopes: string[];
};

export type TSecurityScheme = {
  /** The key under components.securitySchemes (securityDefinitions in 2.0). */
  name: string;
  type: TSecuritySchemeType;
  /** http only, lower case: "bearer", "basic", "digest"… */
  scheme?: string;
  bearerFormat?: string;
  /** apiKey only. */
  in?: "header" | "query" | "cookie";
  parameterName?: string;
  flows?: TOAuthFlow[];
  openIdConnectUrl?: string;
  description?: string;
  /** The requirement names a scheme the document does not define. */
  undeclared?: true;
};

/** All of these together (AND). */
export type TSecurityRequirement = { schemes: { scheme: TSecurityScheme; scopes: string[] }[] };

export type TEffectiveSecurity = {
  /** Where the requirement comes from: the operation's own `security`, the document's, or neither. */
  source: "operation" | "global" | "none";
  /** No requirement at all, `security: []`, or an empty `{}` alternative: a caller without credentials is accepted. */
  anonymous: boolean;
  /** Any one of these (OR); an empty `schemes` list is the anonymous alternative. */
  alternatives: TSecurityRequirement[];
};

export type TModelServer = {
  /** With server variables replaced by their defaults. */
  url: string;
  /** As written, when it had variables. */
  template?: string;
  description?: string;
  /** Which level declared the servers in effect. */
  source: "operation" | "path" | "document" | "default";
};

export type TOperationKind = "operation" | "webhook" | "callback";

export type TModelOperation = {
  /** Same key as extractOperations: "GET /users/{id}", "POST webhook:orderCreated"; callbacks: "POST callback:<parent key>:<name>:<expression>". */
  key: string;
  kind: TOperationKind;
  method: string;
  path: string;
  /** For callbacks: the operation that registers them, the callback's name and its URL expression. */
  callback?: { parentKey: string; name: string; expression: string };
  operationId?: string;
  summary?: string;
  description?: string;
  tags: string[];
  deprecated: boolean;
  /** `x-*` keys of the operation, sorted; large values are replaced by a truncation marker. */
  extensions: Record<string, TBoundedValue>;
  pathExtensions: Record<string, TBoundedValue>;
  /** Webhooks and callbacks are served by the subscriber: only servers they declare themselves. */
  servers: TModelServer[];
  security: TEffectiveSecurity;
  parameters: TModelParameter[];
  requestBody: TRequestBody | null;
  responses: TModelResponse[];
  /** Sorted: numeric codes and ranges in order, "default" last. */
  statusCodes: string[];
  documents429: boolean;
  /** Rate-limit headers any response documents (X-RateLimit-*, RateLimit-*, Retry-After), as first written, sorted. */
  rateLimitHeaders: string[];
  /** Every cut made in this operation and where (at most `maxListItems`); empty when the model is whole. */
  truncations: TTruncation[];
};

export type TOperationModel = {
  modelVersion: typeof OPERATION_MODEL_VERSION;
  format: TSpecFormat;
  operations: TModelOperation[];
};
