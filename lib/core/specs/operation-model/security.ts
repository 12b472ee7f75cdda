import type { TSpecFormat } from "../spec-format";
import { boundText, isObj, type Obj } from "./bounded";
import type { TEffectiveSecurity, TOAuthFlow, TOperationModelLimits, TSecurityRequirement, TSecurityScheme, TSecuritySchemeType } from "./types";

// Security requirements resolved to what the schemes are, so a rule can tell a JWT bearer header
// from a session cookie without looking the scheme name up.

const SCHEME_TYPES: TSecuritySchemeType[] = ["http", "apiKey", "oauth2", "openIdConnect", "mutualTLS"];
const FLOWS_3 = ["implicit", "password", "clientCredentials", "authorizationCode"] as const;
// Swagger 2.0 names the same four flows differently.
const FLOWS_2: Record<string, TOAuthFlow["flow"]> = { implicit: "implicit", password: "password", application: "clientCredentials", accessCode: "authorizationCode" };

const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim().slice(0, 2048) : undefined);
const scopeNames = (scopes: unknown) => (isObj(scopes) ? Object.keys(scopes) : []);

function readFlow(flow: TOAuthFlow["flow"], node: Obj): TOAuthFlow {
  const result: TOAuthFlow = { flow, scopes: scopeNames(node.scopes) };
  for (const key of ["authorizationUrl", "tokenUrl", "refreshUrl"] as const) {
    const url = text(node[key]);
    if (url) result[key] = url;
  }
  return result;
}

function readScheme(name: string, node: Obj, format: TSpecFormat, limits: TOperationModelLimits): TSecurityScheme {
  const declared = typeof node.type === "string" ? node.type : "";
  const scheme: TSecurityScheme = { name, type: "unknown" };
  if (format === "swagger-2.0" && declared === "basic") {
    scheme.type = "http";
    scheme.scheme = "basic";
  } else if ((SCHEME_TYPES as string[]).includes(declared)) {
    scheme.type = declared as TSecuritySchemeType;
  }
  if (scheme.type === "http" && !scheme.scheme && typeof node.scheme === "string") scheme.scheme = node.scheme.trim().toLowerCase();
  const bearerFormat = text(node.bearerFormat);
  if (scheme.type === "http" && bearerFormat) scheme.bearerFormat = bearerFormat;
  if (scheme.type === "apiKey") {
    if (node.in === "header" || node.in === "query" || node.in === "cookie") scheme.in = node.in;
    const parameterName = text(node.name);
    if (parameterName) scheme.parameterName = parameterName;
  }
  if (scheme.type === "oauth2") {
    if (format === "swagger-2.0") {
      const flow = typeof node.flow === "string" ? FLOWS_2[node.flow] : undefined;
      scheme.flows = flow ? [readFlow(flow, node)] : [];
    } else {
      const flows = isObj(node.flows) ? node.flows : {};
      scheme.flows = FLOWS_3.filter((flow) => isObj(flows[flow])).map((flow) => readFlow(flow, flows[flow] as Obj));
    }
  }
  const url = text(node.openIdConnectUrl);
  if (scheme.type === "openIdConnect" && url) scheme.openIdConnectUrl = url;
  const description = boundText(node.description, limits.maxTextLength);
  if (description) scheme.description = description;
  return scheme;
}

/** The document's security schemes by name. */
export function readSecuritySchemes(document: Obj, format: TSpecFormat, resolve: (node: unknown) => unknown, limits: TOperationModelLimits): Map<string, TSecurityScheme> {
  const definitions = format === "swagger-2.0" ? document.securityDefinitions : isObj(document.components) ? document.components.securitySchemes : undefined;
  const schemes = new Map<string, TSecurityScheme>();
  if (!isObj(definitions)) return schemes;
  for (const [name, raw] of Object.entries(definitions)) {
    const node = resolve(raw);
    if (isObj(node)) schemes.set(name, readScheme(name, node, format, limits));
  }
  return schemes;
}

/**
 * Operation-level security replaces the document's; `security: []` or an empty `{}` alternative
 * accepts anonymous callers. The same reading as extractOperations' requiresAuth.
 */
export function effectiveSecurity(operationSecurity: unknown, globalSecurity: unknown, schemes: Map<string, TSecurityScheme>): TEffectiveSecurity {
  const source = operationSecurity !== undefined ? "operation" : globalSecurity !== undefined ? "global" : "none";
  const security = operationSecurity !== undefined ? operationSecurity : globalSecurity;
  const requirements = Array.isArray(security) ? security.filter(isObj) : [];
  const alternatives: TSecurityRequirement[] = requirements.map((requirement) => ({
    schemes: Object.entries(requirement).map(([name, scopes]) => ({
      scheme: schemes.get(name) ?? { name, type: "unknown", undeclared: true },
      scopes: Array.isArray(scopes) ? [...new Set(scopes.filter((scope): scope is string => typeof scope === "string"))] : [],
    })),
  }));
  const anonymous = alternatives.length === 0 || alternatives.some((alternative) => alternative.schemes.length === 0);
  return { source, anonymous, alternatives };
}
