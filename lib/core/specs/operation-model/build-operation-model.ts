import { forEachOperation, HTTP_METHODS } from "../path-items";
import { createResolver } from "../refs";
import type { TSpecFormat } from "../spec-format";
import { boundText, boundValue, isObj, readExtensions, truncation, type Obj } from "./bounded";
import { flattenSchema, type TFlattenedSchema } from "./flatten-schema";
import { DEFAULT_OPERATION_MODEL_LIMITS } from "./limits";
import { classifyMediaType } from "./media-kind";
import { projectExamples } from "./project-examples";
import { isRateLimitHeader } from "./rate-limit-headers";
import { buildSchemaView, createSchemaResolver, readSchemaFacts } from "./schema-view";
import { effectiveSecurity, readSecuritySchemes } from "./security";
import { effectiveServers } from "./servers";
import {
  OPERATION_MODEL_VERSION,
  type TBoundedValue,
  type TMediaContent,
  type TModelHeader,
  type TModelOperation,
  type TModelParameter,
  type TModelResponse,
  type TOperationKind,
  type TOperationModel,
  type TOperationModelLimits,
  type TParameterLocation,
  type TRequestBody,
  type TSchemaField,
  type TTruncation,
} from "./types";

// Builds the normalised operation model from a parsed document whose references
// checkReferences has accepted. Pure and deterministic: the same document gives the same model.

const LOCATIONS = new Set<string>(["path", "query", "header", "cookie"]);
const MAX_TAGS = 20;
const MAX_SUMMARY = 500;
const MAX_EXAMPLES = 10;
const MAX_CALLBACKS_PER_OPERATION = 20;
const MAX_CALLBACKS = 1_000;

/** Status codes in reading order: 100…599 and their ranges, "default" last. */
export const compareStatus = (a: string, b: string) => {
  const rank = (code: string) => (code === "default" ? "~" : code.toUpperCase());
  return rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0;
};

type TOperationContext = { budget: number; truncations: TTruncation[] };

export function buildOperationModel(document: Obj, format: TSpecFormat, limits: TOperationModelLimits = DEFAULT_OPERATION_MODEL_LIMITS): TOperationModel {
  const resolveNode = createResolver(document);
  const resolveObj = (node: unknown): Obj | undefined => {
    const resolved = resolveNode(node);
    return isObj(resolved) ? resolved : undefined;
  };
  const resolveSchema = createSchemaResolver(document);
  const schemes = readSecuritySchemes(document, format, resolveNode, limits);
  // Specs share models between many operations; each model is walked once.
  const flattened = new Map<object | string, TFlattenedSchema>();
  const operations: TModelOperation[] = [];
  let callbackCount = 0;
  let modelBudget = limits.maxFieldsPerModel;

  const note = (context: TOperationContext, cut: TTruncation) => {
    // Past the model's cap every body is cut for the same reason; once per operation says it.
    if (cut.reason === "model-field-cap" && context.truncations.some((earlier) => earlier.reason === "model-field-cap")) return;
    if (context.truncations.length < limits.maxListItems) context.truncations.push(cut);
  };
  const capList = <T>(items: T[], what: string, context: TOperationContext): T[] => {
    if (items.length <= limits.maxListItems) return items;
    note(context, truncation("list-cap", `${items.length} ${what}; the first ${limits.maxListItems} are kept.`));
    return items.slice(0, limits.maxListItems);
  };

  const fieldsOf = (schema: unknown, rootRequired: boolean, where: string, context: TOperationContext): { fields: TSchemaField[]; truncation?: TTruncation } => {
    if (!isObj(schema)) return { fields: [] };
    // `{ $ref: X }` written out in every operation is the same schema each time.
    const cacheKey = typeof schema.$ref === "string" && Object.keys(schema).length === 1 ? schema.$ref : schema;
    let result = flattened.get(cacheKey);
    if (!result) {
      result = flattenSchema(schema, resolveSchema, limits);
      flattened.set(cacheKey, result);
    }
    let fields = result.fields;
    let cut = result.truncation;
    if (fields.length > modelBudget) {
      cut = truncation("model-field-cap", `The spec's operations have more than ${limits.maxFieldsPerModel} fields together.`);
      fields = fields.slice(0, modelBudget);
    }
    if (fields.length > context.budget) {
      cut = truncation("operation-field-cap", `The operation's bodies and responses have more than ${limits.maxFieldsPerOperation} fields; ${where} is cut.`);
      fields = fields.slice(0, context.budget);
    }
    context.budget -= fields.length;
    modelBudget -= fields.length;
    if (cut) note(context, { ...cut, detail: `${where}: ${cut.detail}` });
    for (const field of fields) if (field.truncation) note(context, { ...field.truncation, detail: `${where}: ${field.truncation.detail}` });
    // The cached list is shared between operations; only the root's `required` differs.
    if (fields[0] && fields[0].required !== rootRequired) fields = [{ ...fields[0], required: rootRequired }, ...fields.slice(1)];
    else if (fields === result.fields) fields = fields.slice();
    return cut ? { fields, truncation: cut } : { fields };
  };

  /** The `example` and `examples` values of a media type or parameter, as written. */
  const examplesOf = (node: Obj): unknown[] => {
    const values: unknown[] = [];
    if (node.example !== undefined) values.push(node.example);
    if (isObj(node.examples)) {
      for (const raw of Object.values(node.examples)) {
        const example = resolveObj(raw);
        if (example && example.value !== undefined) values.push(example.value);
      }
    }
    return values.slice(0, MAX_EXAMPLES);
  };
  const bounded = (values: unknown[]): TBoundedValue[] => values.map((value) => boundValue(value, limits.maxValueChars) ?? null);

  const mediaContent = (mediaType: string, schema: unknown, examples: unknown[], rootRequired: boolean, where: string, context: TOperationContext): TMediaContent => {
    const { fields, truncation: cut } = fieldsOf(schema, rootRequired, `${where} ${mediaType}`, context);
    const content: TMediaContent = { mediaType, kind: classifyMediaType(mediaType), fields: projectExamples(fields, examples), examples: bounded(examples) };
    const ref = resolveSchema(schema)?.ref;
    if (ref) content.schemaRef = ref;
    if (cut) content.truncation = cut;
    return content;
  };

  const contentOf = (node: unknown, rootRequired: boolean, where: string, context: TOperationContext): TMediaContent[] => {
    if (!isObj(node)) return [];
    return capList(Object.entries(node), `media types in ${where}`, context).map(([mediaType, raw]) => {
      const media = isObj(raw) ? raw : {};
      return mediaContent(mediaType, media.schema, examplesOf(media), rootRequired, where, context);
    });
  };

  /** Swagger 2.0 lists media types once per operation (or document) for every body or response. */
  const swaggerMediaTypes = (operation: Obj, keyword: "consumes" | "produces"): string[] => {
    const own = operation[keyword];
    const list = Array.isArray(own) ? own : document[keyword];
    const types = Array.isArray(list) ? list.filter((type): type is string => typeof type === "string") : [];
    return types.length ? [...new Set(types)] : ["application/json"];
  };

  const readParameter = (param: Obj): TModelParameter | undefined => {
    if (typeof param.name !== "string" || typeof param.in !== "string" || !LOCATIONS.has(param.in)) return undefined;
    const location = param.in as TParameterLocation;
    // Swagger 2.0 puts the schema keywords on the parameter itself; 3.x may use `content` instead of `schema`.
    let schema: unknown = format === "swagger-2.0" ? param : param.schema;
    if (schema === undefined && isObj(param.content)) {
      const first = Object.values(param.content).find(isObj);
      schema = first?.schema;
    }
    const view = buildSchemaView(schema === undefined ? [] : [schema], resolveSchema);
    const { readOnly: _readOnly, writeOnly: _writeOnly, ...facts } = readSchemaFacts(view, limits);
    const parameter: TModelParameter = { name: param.name, location, required: param.required === true || location === "path", ...facts };
    const description = boundText(param.description, limits.maxTextLength);
    if (description) parameter.description = description;
    if (param.deprecated === true) parameter.deprecated = true;
    // Swagger 2.0 has no parameter examples; `x-example` is the common stand-in.
    const example = boundValue(format === "swagger-2.0" ? param["x-example"] : param.example, limits.maxValueChars);
    if (example !== undefined) parameter.example = example;
    if (format !== "swagger-2.0") {
      const examples = bounded(examplesOf({ examples: param.examples }));
      if (examples.length) parameter.examples = examples;
    }
    if (view.items.length) {
      const itemsType = readSchemaFacts(buildSchemaView(view.items, resolveSchema), limits).type;
      if (itemsType) parameter.itemsType = itemsType;
    }
    return parameter;
  };

  const swaggerRequestBody = (params: Obj[], operation: Obj, context: TOperationContext): TRequestBody | null => {
    const body = params.find((param) => param.in === "body");
    if (body) {
      const description = boundText(body.description, limits.maxTextLength);
      const content = swaggerMediaTypes(operation, "consumes").map((mediaType) => mediaContent(mediaType, body.schema, [], body.required === true, "request body", context));
      return { required: body.required === true, ...(description ? { description } : {}), content };
    }
    const formFields = params.filter((param) => param.in === "formData" && typeof param.name === "string");
    if (!formFields.length) return null;
    // Form parameters are the fields of one form body; as an object schema they flatten like any other.
    const properties: Obj = {};
    const required: string[] = [];
    for (const { name, in: _in, required: isRequired, ...schema } of formFields) {
      properties[name as string] = schema;
      if (isRequired === true) required.push(name as string);
    }
    const formSchema = { type: "object", properties, required };
    const declared = swaggerMediaTypes(operation, "consumes").filter((type) => ["form", "multipart"].includes(classifyMediaType(type)));
    const hasFile = formFields.some((param) => param.type === "file");
    const mediaTypes = declared.length ? declared : [hasFile ? "multipart/form-data" : "application/x-www-form-urlencoded"];
    return { required: required.length > 0, content: mediaTypes.map((mediaType) => mediaContent(mediaType, formSchema, [], required.length > 0, "request body", context)) };
  };

  const readHeaders = (node: unknown, where: string, context: TOperationContext): TModelHeader[] => {
    if (!isObj(node)) return [];
    const headers: TModelHeader[] = [];
    for (const [name, raw] of capList(Object.entries(node), `headers in ${where}`, context)) {
      const header = resolveObj(raw);
      if (!header) continue;
      let schema: unknown = format === "swagger-2.0" ? header : header.schema;
      if (schema === undefined && isObj(header.content)) schema = Object.values(header.content).find(isObj)?.schema;
      const { readOnly: _readOnly, writeOnly: _writeOnly, ...facts } = readSchemaFacts(buildSchemaView(schema === undefined ? [] : [schema], resolveSchema), limits);
      const entry: TModelHeader = { name, required: header.required === true, ...facts };
      const description = boundText(header.description, limits.maxTextLength);
      if (description) entry.description = description;
      if (header.deprecated === true) entry.deprecated = true;
      headers.push(entry);
    }
    return headers;
  };

  const readResponses = (operation: Obj, context: TOperationContext): TModelResponse[] => {
    const responses = isObj(operation.responses) ? operation.responses : {};
    const entries = Object.entries(responses).sort(([a], [b]) => compareStatus(a, b));
    return capList(entries, "responses", context).map(([status, raw]) => {
      const response = resolveObj(raw) ?? {};
      const where = `response ${status}`;
      let content: TMediaContent[];
      if (format === "swagger-2.0") {
        const examples = isObj(response.examples) ? response.examples : {};
        content =
          response.schema === undefined
            ? []
            : swaggerMediaTypes(operation, "produces").map((mediaType) => {
                const example = examples[mediaType];
                return mediaContent(mediaType, response.schema, example === undefined ? [] : [example], false, where, context);
              });
      } else {
        content = contentOf(response.content, false, where, context);
      }
      const entry: TModelResponse = { status, content, headers: readHeaders(response.headers, where, context) };
      const description = boundText(response.description, limits.maxTextLength);
      if (description) entry.description = description;
      return entry;
    });
  };

  const readOperation = (kind: TOperationKind, method: string, path: string, pathItem: Obj, operation: Obj, callback?: TModelOperation["callback"]) => {
    const context: TOperationContext = { budget: limits.maxFieldsPerOperation, truncations: [] };
    const byLocation = new Map<string, Obj>();
    for (const source of [pathItem.parameters, operation.parameters]) {
      if (!Array.isArray(source)) continue;
      for (const raw of source) {
        const param = resolveObj(raw);
        // An operation's parameter replaces the path item's of the same name and location.
        if (param && typeof param.name === "string" && typeof param.in === "string") byLocation.set(`${param.in}:${param.name}`, param);
      }
    }
    const params = [...byLocation.values()];
    const parameters = capList(
      params.map(readParameter).filter((parameter): parameter is TModelParameter => parameter !== undefined),
      "parameters",
      context,
    );

    let requestBody: TRequestBody | null = null;
    if (format === "swagger-2.0") {
      requestBody = swaggerRequestBody(params, operation, context);
    } else {
      const body = resolveObj(operation.requestBody);
      if (body) {
        const required = body.required === true;
        const description = boundText(body.description, limits.maxTextLength);
        requestBody = { required, ...(description ? { description } : {}), content: contentOf(body.content, required, "request body", context) };
      }
    }
    const responses = readResponses(operation, context);

    const rateLimitHeaders = new Map<string, string>();
    for (const response of responses) {
      for (const header of response.headers) if (isRateLimitHeader(header.name) && !rateLimitHeaders.has(header.name.toLowerCase())) rateLimitHeaders.set(header.name.toLowerCase(), header.name);
    }
    const statusCodes = responses.map((response) => response.status);
    const upperMethod = method.toUpperCase();
    const key = `${upperMethod} ${path}`;
    const summary = boundText(operation.summary, MAX_SUMMARY);
    const description = boundText(operation.description, limits.maxTextLength);
    const model: TModelOperation = {
      key,
      kind,
      method: upperMethod,
      path,
      ...(callback ? { callback } : {}),
      ...(typeof operation.operationId === "string" ? { operationId: operation.operationId.slice(0, MAX_SUMMARY) } : {}),
      ...(summary ? { summary } : {}),
      ...(description ? { description } : {}),
      tags: Array.isArray(operation.tags) ? [...new Set(operation.tags.filter((tag): tag is string => typeof tag === "string"))].slice(0, MAX_TAGS) : [],
      deprecated: operation.deprecated === true,
      extensions: readExtensions(operation, limits.maxValueChars),
      pathExtensions: readExtensions(pathItem, limits.maxValueChars),
      servers: effectiveServers(document, pathItem, operation, format, kind !== "operation", limits),
      // Webhooks and callbacks inherit the document's security too, as extractOperations reads them.
      security: effectiveSecurity(operation.security, document.security, schemes),
      parameters,
      requestBody,
      responses,
      statusCodes,
      documents429: statusCodes.includes("429"),
      rateLimitHeaders: [...rateLimitHeaders.values()].sort(),
      truncations: context.truncations,
    };
    operations.push(model);

    // Callbacks are requests the API sends to the client; their own callbacks are not followed.
    if (kind === "operation" && isObj(operation.callbacks)) {
      const found: [string, string, Obj, string, Obj][] = [];
      for (const [name, rawCallback] of Object.entries(operation.callbacks)) {
        const expressions = resolveObj(rawCallback);
        if (!expressions) continue;
        for (const [expression, rawItem] of Object.entries(expressions)) {
          const item = resolveObj(rawItem);
          if (!item || expression.startsWith("x-")) continue;
          for (const callbackMethod of HTTP_METHODS) {
            const callbackOperation = resolveObj(item[callbackMethod]);
            if (callbackOperation) found.push([name, expression, item, callbackMethod, callbackOperation]);
          }
        }
      }
      // One shared callback $ref'd from thousands of operations must not multiply the model.
      const room = Math.max(0, Math.min(MAX_CALLBACKS_PER_OPERATION, MAX_CALLBACKS - callbackCount));
      if (found.length > room) note(context, truncation("list-cap", `${found.length} callback operations; ${room} are kept (at most ${MAX_CALLBACKS_PER_OPERATION} per operation, ${MAX_CALLBACKS} per spec).`));
      for (const [name, expression, item, callbackMethod, callbackOperation] of found.slice(0, room)) {
        callbackCount++;
        readOperation("callback", callbackMethod, `callback:${key}:${name}:${expression}`, item, callbackOperation, { parentKey: key, name, expression });
      }
    }
  };

  forEachOperation(document, format, resolveObj, (method, key, pathItem, operation, isWebhook) => readOperation(isWebhook ? "webhook" : "operation", method, key, pathItem, operation));
  return { modelVersion: OPERATION_MODEL_VERSION, format, operations };
}
