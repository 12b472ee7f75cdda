import { forEachOperation } from "./path-items";
import { createResolver } from "./refs";
import type { TSpecFormat } from "./spec-format";

// Reads operations out of an OpenAPI 3.x / Swagger 2.0 document and derives the facts the
// threat rules use. Everything here is pure: a document in, plain data out.

export const OPERATION_FLAGS = ["id-path-param", "url-input", "file-upload", "sensitive-data", "unbounded-list", "webhook"] as const;
export type TOperationFlag = (typeof OPERATION_FLAGS)[number];

/** The database keeps flags as text; what it hands back is narrowed to the flags this code knows. */
export function isOperationFlag(value: string): value is TOperationFlag {
  return (OPERATION_FLAGS as readonly string[]).includes(value);
}

export type TParameterSummary = { name: string; in: string; required: boolean; type: string | null; format: string | null };

export type TExtractedOperation = {
  key: string;
  method: string;
  path: string;
  operationId: string | null;
  summary: string;
  tags: string[];
  deprecated: boolean;
  requiresAuth: boolean;
  securitySchemes: string[];
  flags: TOperationFlag[];
  sensitiveFields: string[];
  parameters: TParameterSummary[];
};

export type TSpecOverview = {
  title: string | null;
  version: string | null;
  description: string | null;
  servers: { name: string; baseUrl: string }[];
};

const MAX_SCHEMA_DEPTH = 8;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj => value !== null && typeof value === "object" && !Array.isArray(value);
const normalise = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, "");

/** Path parameters that name a record: ids, keys, numbers, uuids, slugs; or typed as such. */
export function isIdLike(name: string, schema: Obj | undefined): boolean {
  if (/(^|[_\-.])(id|uuid|guid|key|number|no|slug|code|ref)$/i.test(name) || /[a-z0-9](Id|ID|Uuid|UUID|Key|Number|Slug)$/.test(name)) return true;
  const format = typeof schema?.format === "string" ? schema.format : "";
  const type = schemaType(schema);
  return format === "uuid" || type === "integer";
}

const URL_NAMES = /(^|[_\-.])(url|uri|href|link|callback|webhook|redirect|returnto|return_to|endpoint|host|hostname|domain|feed|origin)$|(Url|Uri|URL|URI|Href|Callback|Webhook|Redirect|Endpoint)$/;
const URL_FORMATS = new Set(["uri", "url", "iri", "uri-reference", "iri-reference", "uri-template"]);

export function isUrlLike(name: string, schema: Obj | undefined): boolean {
  const format = typeof schema?.format === "string" ? schema.format : "";
  return URL_FORMATS.has(format) || URL_NAMES.test(name) || /^(url|uri|callback|webhook|redirect|redirecturi|redirecturl|returnurl|returnto|next_url|nexturl)$/.test(normalise(name));
}

const SENSITIVE_PARTS = [
  "password", "passwd", "passphrase", "secret", "token", "apikey", "privatekey", "socialsecurity", "creditcard", "cardnumber",
  "cvv", "cvc", "iban", "accountnumber", "routingnumber", "dateofbirth", "birthdate", "birthday", "passport", "taxid",
  "nationalid", "email", "phone", "sortcode", "swift",
];
const SENSITIVE_EXACT = new Set(["ssn", "pan", "dob", "pin", "card", "mobile", "otp", "cvv2", "sin"]);

// Tokens that only page through results or guard forms are not credentials worth flagging.
const HARMLESS_TOKENS = /(page|next|prev|previous|continuation|cursor|sync|resume)token$/;

export function isSensitiveName(name: string): boolean {
  const key = normalise(name);
  if (!key || HARMLESS_TOKENS.test(key)) return false;
  if (SENSITIVE_EXACT.has(key)) return true;
  return SENSITIVE_PARTS.some((part) => key.includes(part));
}

const PAGINATION_PARAMS = new Set(["limit", "page", "pagesize", "perpage", "size", "offset", "cursor", "first", "last", "top", "skip", "max", "maxresults", "pagetoken", "after", "before", "count"]);

function schemaType(schema: Obj | undefined): string | null {
  if (!schema) return null;
  const type = schema.type;
  if (typeof type === "string") return type;
  if (Array.isArray(type)) return (type.find((t) => t !== "null") as string | undefined) ?? null;
  if (isObj(schema.items)) return "array";
  if (isObj(schema.properties)) return "object";
  return null;
}

export function extractOperations(document: Obj, format: TSpecFormat): TExtractedOperation[] {
  const resolve = createResolver(document);
  const resolveObj = (node: unknown): Obj | undefined => {
    const resolved = resolve(node);
    return isObj(resolved) ? resolved : undefined;
  };

  /** Every property of a schema, named by its path, following allOf/oneOf/anyOf and items. */
  const walkSchema = (root: unknown, visit: (name: string, path: string, schema: Obj) => void) => {
    const seen = new Set<object>();
    const walk = (node: unknown, path: string, depth: number) => {
      const schema = resolveObj(node);
      if (!schema || depth > MAX_SCHEMA_DEPTH || seen.has(schema)) return;
      seen.add(schema);
      for (const combinator of ["allOf", "oneOf", "anyOf"]) {
        const parts = schema[combinator];
        if (Array.isArray(parts)) for (const part of parts) walk(part, path, depth + 1);
      }
      if (schema.items) walk(schema.items, path, depth + 1);
      if (isObj(schema.properties)) {
        for (const [name, property] of Object.entries(schema.properties)) {
          const propertySchema = resolveObj(property);
          const childPath = path ? `${path}.${name}` : name;
          if (propertySchema) visit(name, childPath, propertySchema);
          walk(property, childPath, depth + 1);
        }
      }
      if (isObj(schema.additionalProperties)) walk(schema.additionalProperties, path, depth + 1);
      seen.delete(schema);
    };
    walk(root, "", 0);
  };

  const isUnboundedArray = (node: unknown): boolean => {
    const schema = resolveObj(node);
    if (!schema) return false;
    if (schemaType(schema) === "array") return typeof schema.maxItems !== "number";
    // The usual envelope: { data: [...], … } one level down.
    if (isObj(schema.properties)) {
      return Object.values(schema.properties).some((property) => {
        const inner = resolveObj(property);
        return inner !== undefined && schemaType(inner) === "array" && typeof inner.maxItems !== "number";
      });
    }
    return false;
  };

  const globalSecurity = document.security;
  const operations: TExtractedOperation[] = [];

  const readOperation = (method: string, path: string, pathItem: Obj, operation: Obj, isWebhook: boolean) => {
    const parameters = new Map<string, { param: Obj; schema: Obj | undefined }>();
    for (const source of [pathItem.parameters, operation.parameters]) {
      if (!Array.isArray(source)) continue;
      for (const raw of source) {
        const param = resolveObj(raw);
        if (!param || typeof param.name !== "string" || typeof param.in !== "string") continue;
        // Swagger 2.0 puts type/format on the parameter itself.
        const schema = resolveObj(param.schema) ?? (format === "swagger-2.0" ? param : undefined);
        parameters.set(`${param.in}:${param.name}`, { param, schema });
      }
    }

    const requestSchemas: unknown[] = [];
    const responseSchemas: unknown[] = [];
    const requestMediaTypes: string[] = [];
    let fileUpload = false;
    if (format === "swagger-2.0") {
      for (const { param, schema } of parameters.values()) {
        if (param.in === "body") requestSchemas.push(param.schema);
        if (param.in === "formData" && schema?.type === "file") fileUpload = true;
      }
      const consumes = (Array.isArray(operation.consumes) ? operation.consumes : document.consumes) as unknown;
      if (Array.isArray(consumes)) requestMediaTypes.push(...consumes.filter((c): c is string => typeof c === "string"));
      for (const [code, response] of Object.entries(isObj(operation.responses) ? operation.responses : {})) {
        const resolved = resolveObj(response);
        if (resolved?.schema && (/^2/.test(code) || code === "default")) responseSchemas.push(resolved.schema);
      }
    } else {
      const body = resolveObj(operation.requestBody);
      if (isObj(body?.content)) {
        for (const [mediaType, media] of Object.entries(body.content)) {
          requestMediaTypes.push(mediaType);
          if (isObj(media) && media.schema) requestSchemas.push(media.schema);
        }
      }
      for (const [code, response] of Object.entries(isObj(operation.responses) ? operation.responses : {})) {
        const resolved = resolveObj(response);
        if (!isObj(resolved?.content) || !(/^2/.test(code) || code === "default")) continue;
        for (const media of Object.values(resolved.content)) if (isObj(media) && media.schema) responseSchemas.push(media.schema);
      }
    }
    if (requestMediaTypes.some((type) => /^(multipart\/form-data|application\/octet-stream|image\/|video\/|audio\/)/i.test(type))) fileUpload = true;

    const flags = new Set<TOperationFlag>();
    const sensitive = new Set<string>();
    let urlInput = false;
    for (const { param, schema } of parameters.values()) {
      const name = param.name as string;
      if (param.in === "path" && isIdLike(name, schema)) flags.add("id-path-param");
      if (param.in !== "path" && isUrlLike(name, schema)) urlInput = true;
      if (isSensitiveName(name)) sensitive.add(`${param.in}.${name}`);
    }
    for (const schema of requestSchemas) {
      walkSchema(schema, (name, propertyPath, property) => {
        if (isUrlLike(name, property)) urlInput = true;
        if (property.format === "binary" || typeof property.contentMediaType === "string") fileUpload = true;
        if (isSensitiveName(name)) sensitive.add(`request.${propertyPath}`);
      });
    }
    for (const schema of responseSchemas) {
      walkSchema(schema, (name, propertyPath) => {
        if (isSensitiveName(name)) sensitive.add(`response.${propertyPath}`);
      });
    }
    if (urlInput) flags.add("url-input");
    if (fileUpload) flags.add("file-upload");
    if (sensitive.size) flags.add("sensitive-data");
    const paginated = [...parameters.values()].some(({ param }) => param.in === "query" && PAGINATION_PARAMS.has(normalise(param.name as string)));
    if (!paginated && responseSchemas.some(isUnboundedArray)) flags.add("unbounded-list");
    if (isWebhook) flags.add("webhook");

    // Operation-level security replaces the global one; `security: []` or a `{}` entry means
    // anonymous callers are accepted.
    const security = operation.security !== undefined ? operation.security : globalSecurity;
    const requirements = Array.isArray(security) ? security.filter(isObj) : [];
    const requiresAuth = requirements.length > 0 && requirements.every((requirement) => Object.keys(requirement).length > 0);
    const securitySchemes = requiresAuth ? [...new Set(requirements.flatMap((requirement) => Object.keys(requirement)))].sort() : [];

    operations.push({
      key: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operationId: typeof operation.operationId === "string" ? operation.operationId : null,
      summary: typeof operation.summary === "string" ? operation.summary.slice(0, 500) : typeof operation.description === "string" ? operation.description.split("\n")[0]!.slice(0, 500) : "",
      tags: Array.isArray(operation.tags) ? operation.tags.filter((t): t is string => typeof t === "string").slice(0, 20) : [],
      deprecated: operation.deprecated === true,
      requiresAuth,
      securitySchemes,
      flags: OPERATION_FLAGS.filter((flag) => flags.has(flag)),
      sensitiveFields: [...sensitive].sort().slice(0, 50),
      parameters: [...parameters.values()].map(({ param, schema }) => ({
        name: param.name as string,
        in: param.in as string,
        required: param.required === true,
        type: schemaType(schema),
        format: typeof schema?.format === "string" ? schema.format : null,
      })),
    });
  };

  forEachOperation(document, format, resolveObj, readOperation);
  return operations;
}

/** Title, version and servers, to prefill a new inventory entry. */
export function readOverview(document: Obj, format: TSpecFormat): TSpecOverview {
  const info = isObj(document.info) ? document.info : {};
  const servers: TSpecOverview["servers"] = [];
  if (format === "swagger-2.0") {
    if (typeof document.host === "string") {
      const schemes = Array.isArray(document.schemes) && document.schemes.length ? (document.schemes as string[]) : ["https"];
      const scheme = schemes.includes("https") ? "https" : schemes[0]!;
      servers.push({ name: "default", baseUrl: `${scheme}://${document.host}${typeof document.basePath === "string" ? document.basePath : ""}` });
    }
  } else if (Array.isArray(document.servers)) {
    document.servers.filter(isObj).forEach((server, index) => {
      if (typeof server.url !== "string") return;
      // Server variables take their default values.
      const variables = isObj(server.variables) ? server.variables : {};
      const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
        const variable = variables[name];
        return isObj(variable) && variable.default !== undefined ? String(variable.default) : name;
      });
      if (!/^https?:\/\//i.test(url)) return;
      const description = typeof server.description === "string" ? server.description.trim() : "";
      servers.push({ name: (description || `server ${index + 1}`).slice(0, 40), baseUrl: url.slice(0, 2048) });
    });
  }
  return {
    title: typeof info.title === "string" ? info.title.slice(0, 120) : null,
    version: typeof info.version === "string" || typeof info.version === "number" ? String(info.version).slice(0, 40) : null,
    description: typeof info.description === "string" ? info.description.slice(0, 5000) : null,
    servers: servers.slice(0, 20),
  };
}
