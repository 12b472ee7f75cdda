import type { TModelOperation, TSecurityRequirement, TSecurityScheme } from "@/lib/core/specs/operation-model/types";
import type { TEvidence, TSpecRule, TSpecRuleContext } from "../types";
import {
  adminWord,
  cleartextHost,
  debugPathWord,
  isBrowserOnlyUrlName,
  isHealthLikePath,
  isInboundHookPath,
  isSignatureName,
  isUrlLikeField,
  MENTIONS_SIGNATURE,
  mentionsDestination,
  namesDestination,
  nameWords,
  operationWords,
  pathWords,
  SAYS_PRIVILEGED_ONLY,
  VERSION_SEGMENT,
} from "../names";
import { isServed, isWriteMethod, operationSchemes, quote, raise, reachability, requestFieldsWithMedia } from "../operation-parts";

// Configuration and inventory rules (OWASP API5, API7, API8, API9, API10 and transport): what
// the paths, servers, versions, webhooks and lint findings of a spec say about how it is deployed.

const served = (context: TSpecRuleContext) => context.model.operations.filter(isServed);

// ---------------------------------------------------------------------------------------------
// Debug and maintenance features

const debugRule = (anonymous: boolean): TSpecRule => ({
  id: anonymous ? "debug-path-anonymous" : "debug-path-authenticated",
  entryKey: "api8-debug-and-default-features",
  looksFor: anonymous
    ? "Debug, dump, environment, metrics, maintenance, seed or database-reset paths that accept callers without credentials."
    : "The same debug and maintenance paths behind authentication: whether production answers them at all is for a person to check.",
  example: anonymous ? "POST /maintenance/reset-database with security: []" : "GET /debug/config with security: [{ staffSession: [] }]",
  answer: anonymous ? "YES" : "UNSURE",
  evaluate(operation, context) {
    if (!isServed(operation) || operation.security.anonymous !== anonymous) return [];
    const word = debugPathWord(operation.path);
    if (!word) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "operation" },
        reason: anonymous
          ? `${quote(operation.key)} is a ${quote(word)} path that accepts callers without credentials`
          : `${quote(operation.key)} is a ${quote(word)} path; it requires authentication, but debug and maintenance features should not be reachable in production`,
        strength: anonymous ? "direct" : "indirect",
        likelihood: raise((anonymous ? 4 : 2) + reachability(context)),
        impact: isWriteMethod(operation.method) ? 5 : 4,
      },
    ];
  },
});

// ---------------------------------------------------------------------------------------------
// Admin functions on the ordinary callers' scheme and scopes

const requirementKey = (requirement: TSecurityRequirement) =>
  requirement.schemes
    .map(({ scheme, scopes }) => `${scheme.name}[${[...scopes].sort().join(",")}]`)
    .sort()
    .join("+");

/** What the spec shows about the operation being meant for staff: a path word, a tag, or "admins only". */
function adminSignal(operation: TModelOperation): { says: boolean; label: string } | null {
  const text = [operation.summary, operation.description].filter(Boolean).join(" ");
  const says = SAYS_PRIVILEGED_ONLY.exec(text);
  if (says) return { says: true, label: `says ${quote(says[0])}` };
  const fromPath = adminWord(pathWords(operation.path));
  if (fromPath) return { says: false, label: `has ${quote(fromPath)} in its path` };
  const tag = operation.tags.find((candidate) => adminWord(nameWords(candidate)));
  return tag ? { says: false, label: `is tagged ${quote(tag)}` } : null;
}

/** A requirement an ordinary caller also meets: the same schemes with no scope the ordinary operations lack. */
function sharedWithOrdinary(operation: TModelOperation, ordinary: TModelOperation[]): string | null {
  if (operation.security.anonymous) return "accepts callers without credentials";
  const ordinaryKeys = new Set(ordinary.flatMap((other) => other.security.alternatives.map(requirementKey)));
  const ordinaryScopes = new Map<string, Set<string>>();
  for (const other of ordinary) for (const alternative of other.security.alternatives) for (const { scheme, scopes } of alternative.schemes) {
    const known = ordinaryScopes.get(scheme.name) ?? new Set<string>();
    scopes.forEach((scope) => known.add(scope));
    ordinaryScopes.set(scheme.name, known);
  }
  for (const alternative of operation.security.alternatives) {
    const key = requirementKey(alternative);
    const coveredByOrdinary = alternative.schemes.every(({ scheme, scopes }) => ordinaryScopes.has(scheme.name) && scopes.every((scope) => ordinaryScopes.get(scheme.name)?.has(scope)));
    if (ordinaryKeys.has(key) || coveredByOrdinary) {
      const schemes = alternative.schemes.map(({ scheme, scopes }) => (scopes.length ? `${quote(scheme.name)} (${scopes.map(quote).join(", ")})` : quote(scheme.name))).join(" and ");
      return `is called with ${schemes}, which ordinary operations use too`;
    }
  }
  return null;
}

const adminRule = (saysOnly: boolean): TSpecRule => ({
  id: saysOnly ? "admin-only-on-user-scopes" : "admin-path-on-user-scopes",
  entryKey: "api5-admin-functions",
  looksFor: saysOnly
    ? "Operations whose summary or description says they are for administrators, staff or managers only, yet whose security requirement ordinary operations share (or which accept anonymous callers)."
    : "Operations with admin-looking path words or tags (admin, staff, internal, impersonate…) on the security scheme and scopes ordinary operations use.",
  example: saysOnly ? 'summary: "Close a customer account (back-office staff only)" with security: [{ customerAuth: [accounts] }]' : "POST /admin/users/{id}/roles with the same bearerAuth as GET /orders",
  answer: saysOnly ? "YES" : "UNSURE",
  evaluate(operation, context) {
    if (!isServed(operation) || isHealthLikePath(operation.path)) return [];
    const signal = adminSignal(operation);
    if (!signal) return [];
    // An anonymous admin-looking operation is direct evidence whatever it says about itself.
    if (signal.says !== saysOnly && !(saysOnly && operation.security.anonymous)) return [];
    if (!saysOnly && operation.security.anonymous) return [];
    const ordinary = served(context).filter((other) => !adminSignal(other) && !other.security.anonymous);
    const shared = sharedWithOrdinary(operation, ordinary);
    if (!shared || (!operation.security.anonymous && !ordinary.length)) return [];
    const [firstScheme] = operationSchemes(operation);
    return [
      {
        operationKey: operation.key,
        target: firstScheme && !operation.security.anonymous ? { kind: "security", scheme: firstScheme.name } : { kind: "operation" },
        reason: `${quote(operation.key)} ${signal.label} but ${shared}`,
        strength: saysOnly ? "direct" : "indirect",
        likelihood: raise((saysOnly ? 3 : 2) + (operation.security.anonymous ? 1 : 0) + reachability(context)),
        impact: isWriteMethod(operation.method) ? 5 : 4,
      },
    ];
  },
});

// ---------------------------------------------------------------------------------------------
// Inventory: version siblings and deprecated operations

/** "/v1/otp/verify" → "/{version}/otp/verify" and the version "v1"; null without a version segment. */
function versionless(path: string): { shape: string; version: string } | null {
  const segments = path.split("/");
  const index = segments.findIndex((segment) => VERSION_SEGMENT.test(segment));
  if (index < 0) return null;
  return { shape: [...segments.slice(0, index), "{version}", ...segments.slice(index + 1)].join("/").replace(/\{[^}]+\}/g, "{}"), version: segments[index] ?? "" };
}

const versionSiblings: TSpecRule = {
  id: "version-siblings-live",
  entryKey: "api9-deprecated-still-live",
  looksFor: "The same method and path under two version segments (/v1/… and /v2/…), none of them deprecated: the old version still answers. Links every sibling.",
  example: "POST /v1/otp/verify and POST /v2/otp/verify, neither deprecated",
  answer: "YES",
  evaluate: () => [],
  evaluateApi(context) {
    const groups = new Map<string, { operation: TModelOperation; version: string }[]>();
    for (const operation of served(context)) {
      const shape = versionless(operation.path);
      if (!shape || operation.deprecated) continue;
      const key = `${operation.method} ${shape.shape}`;
      groups.set(key, [...(groups.get(key) ?? []), { operation, version: shape.version }]);
    }
    const evidence: TEvidence[] = [];
    for (const members of groups.values()) {
      const versions = new Set(members.map((member) => member.version.toLowerCase()));
      if (versions.size < 2) continue;
      for (const { operation, version } of members) {
        const others = members.filter((member) => member.operation !== operation).map((member) => quote(member.operation.key));
        evidence.push({
          operationKey: operation.key,
          target: { kind: "operation" },
          reason: `${quote(operation.key)} (${version}) and ${others.join(", ")} are the same operation in two versions, none marked deprecated; the path differs only by its version segment`,
          strength: "direct",
          likelihood: raise(3 + reachability(context)),
          impact: 3,
        });
      }
    }
    return evidence;
  },
};

const deprecatedDocumented: TSpecRule = {
  id: "deprecated-operation-documented",
  entryKey: "api9-deprecated-still-live",
  looksFor: "Operations marked deprecated that the spec still documents: whether they still answer in production, and until when, is for a person to check.",
  example: "GET /v1/orders/{orderNumber} with deprecated: true",
  answer: "UNSURE",
  evaluate(operation, context) {
    if (!isServed(operation) || !operation.deprecated) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "operation" },
        reason: `${quote(operation.key)} is marked \`deprecated\` but still documented${operation.security.anonymous ? " and accepts callers without credentials" : ""}`,
        strength: "indirect",
        likelihood: raise(2 + (operation.security.anonymous ? 1 : 0) + reachability(context)),
        impact: 3,
      },
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Cleartext servers

const PRIVATE_ADDRESS = /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/;
const DEVELOPMENT = /\b(local|development|dev|developer|mock|testing)\b/i;

/** Server URLs on plain http, each once, with the hosts only development uses left out. */
function cleartextServers(context: TSpecRuleContext): { url: string; host: string }[] {
  const found = new Map<string, string>();
  for (const operation of served(context)) {
    for (const server of operation.servers) {
      const host = cleartextHost(server.url);
      // A private address the spec calls a development or local server is a developer's machine, not a deployment.
      if (host && PRIVATE_ADDRESS.test(host) && DEVELOPMENT.test(server.description ?? "")) continue;
      if (host && !found.has(server.url)) found.set(server.url, host);
    }
  }
  return [...found.entries()].map(([url, host]) => ({ url, host }));
}

const cleartextServer: TSpecRule = {
  id: "cleartext-server",
  entryKey: "transport-cleartext-http",
  looksFor: "Server URLs (or Swagger 2.0 schemes) on plain http://, except localhost, loopback addresses and reserved example hosts (example.com/.org/.net, *.test, *.example, *.invalid, *.localhost).",
  example: "servers: [{ url: http://ingest.acme.io/v1 }]",
  answer: "YES",
  evaluate: () => [],
  evaluateApi(context) {
    return cleartextServers(context).map(({ url, host }) => ({
      operationKey: null,
      target: { kind: "api", detail: `server ${url}` },
      reason: `server ${quote(url)} serves the API over plain HTTP on ${quote(host)}`,
      strength: "direct",
      likelihood: raise(3 + reachability(context)),
      impact: 4,
    }));
  },
};

// ---------------------------------------------------------------------------------------------
// Lint findings whose meaning matches an entry

/**
 * Only Spectral OWASP rules that say what the entry asks. Left out on purpose: the rate-limit rules
 * (they flag every operation; throttling is judged on credential endpoints), the inventory rules
 * (they read `x-internal`, which says nothing about old versions still live), and
 * short-lived-access-tokens (it asks for an OAuth refresh URL, not about token lifetimes).
 */
const saysJwt = (scheme: TSecurityScheme) => /\bjwts?\b/i.test(`${scheme.bearerFormat ?? ""} ${scheme.description ?? ""}`);

const lintRule = (id: string, entryKey: string, ruleIds: string[], answer: "YES" | "UNSURE", looksFor: string, accept: (message: string, context: TSpecRuleContext) => boolean = () => true): TSpecRule => ({
  id,
  entryKey,
  looksFor,
  example: ruleIds.join(", "),
  answer,
  evaluate: () => [],
  evaluateApi(context) {
    const byRule = new Map<string, string[]>();
    for (const finding of context.findings) {
      if (!ruleIds.includes(finding.ruleId) || !accept(finding.message, context)) continue;
      byRule.set(finding.ruleId, [...(byRule.get(finding.ruleId) ?? []), finding.message]);
    }
    return [...byRule.entries()].map(([ruleId, messages]) => ({
      operationKey: null,
      target: { kind: "api", detail: `lint ${ruleId}` },
      reason: `the spec's lint reported ${ruleId} ${messages.length === 1 ? "once" : `${messages.length} times`}: ${quote((messages[0] ?? "").slice(0, 120))}`,
      strength: "indirect",
      likelihood: 2,
      impact: 3,
    }));
  },
});

const lintRules: TSpecRule[] = [
  lintRule(
    "lint-weak-auth-scheme",
    "api2-weak-auth-scheme",
    ["owasp:api2:2023-no-http-basic", "owasp:api2:2023-no-api-keys-in-url", "owasp:api2:2023-no-credentials-in-url", "owasp:api2:2023-auth-insecure-schemes"],
    "YES",
    "Spectral OWASP findings about HTTP Basic, API keys or credentials in URLs, and insecure auth schemes.",
  ),
  lintRule(
    "lint-jwt-best-practices",
    "api2-token-validation",
    ["owasp:api2:2023-jwt-best-practices"],
    "UNSURE",
    "The Spectral OWASP finding that a JWT scheme does not state it follows RFC 8725, counted only when a scheme the operations use says it carries JWTs (bearerFormat or description).",
    // The lint flags every OAuth 2 scheme, JWT or not; an opaque-token OAuth server has nothing to validate locally.
    (_message, context) => context.model.operations.some((operation) => operationSchemes(operation).some(saysJwt)),
  ),
  lintRule("lint-admin-security-unique", "api5-admin-functions", ["owasp:api5:2023-admin-security-unique"], "UNSURE", "The Spectral OWASP finding that admin operations share their security scheme with the others."),
  lintRule(
    "lint-cleartext-server",
    "transport-cleartext-http",
    ["owasp:api8:2023-no-server-http", "owasp:api8:2023-no-scheme-http"],
    "YES",
    "Spectral OWASP findings about http servers or schemes, counted only when the spec lists an http server that is not localhost or a reserved example host.",
    // The lint does not know development hosts; the model's servers decide.
    (_message, context) => cleartextServers(context).length > 0,
  ),
];

// ---------------------------------------------------------------------------------------------
// Webhooks and callbacks

/** "{$request.body#/statusCallback}" → "statusCallback"; the field whose value the callback is sent to. */
const callbackField = (expression: string) => /\$request\.body#\/([^}]+)/.exec(expression)?.[1]?.split("/").pop() ?? null;

const callerChosenDestination: TSpecRule = {
  id: "caller-chosen-callback-url",
  entryKey: "api7-webhook-destinations",
  looksFor: "Write operations that take a URL (format uri, URL name or URL example) the API later calls: named or described as a webhook, callback, notification or alert destination, or the target of a documented callback. Browser-only links (success, return, image) are left out.",
  example: "POST /subscriptions { eventsEndpoint: https://hooks.partner.io/in }",
  answer: "YES",
  evaluate(operation, context) {
    if (!isServed(operation) || !isWriteMethod(operation.method) || operation.method === "DELETE") return [];
    const evidence: TEvidence[] = [];
    const seen = new Set<string>();
    const callbackTargets = new Map(context.model.operations.filter((other) => other.callback?.parentKey === operation.key).map((other) => [callbackField(other.callback?.expression ?? ""), other.callback?.name ?? ""]));
    const aboutDestinations = mentionsDestination(operationWords(operation));
    for (const { field, mediaType } of requestFieldsWithMedia(operation)) {
      if (field.path === "$" || field.readOnly || seen.has(field.name)) continue;
      const callbackName = callbackTargets.get(field.name);
      const isDestination = callbackName !== undefined || (isUrlLikeField(field) && !isBrowserOnlyUrlName(field.name) && (namesDestination(field.name) || aboutDestinations));
      if (!isDestination) continue;
      seen.add(field.name);
      evidence.push({
        operationKey: operation.key,
        target: { kind: "request-field", mediaType, path: field.path, name: field.name },
        reason:
          callbackName !== undefined
            ? `${quote(operation.key)} takes ${quote(field.name)} in its body, the address its ${quote(callbackName)} callback is sent to`
            : `${quote(operation.key)} takes ${quote(field.name)}${field.format ? ` (format ${field.format})` : ""} in its body, a destination the API will call later`,
        strength: "direct",
        likelihood: raise(3 + reachability(context)),
        impact: 4,
      });
    }
    return evidence;
  },
};

/** Where the spec documents that deliveries are signed: a header, a field, a scheme or words. */
function documentsSignature(operation: TModelOperation): boolean {
  if (operation.parameters.some((parameter) => parameter.location === "header" && isSignatureName(parameter.name))) return true;
  if (requestFieldsWithMedia(operation).some(({ field }) => isSignatureName(field.name))) return true;
  if (operationSchemes(operation).some((scheme) => isSignatureName(scheme.name) || isSignatureName(scheme.parameterName ?? "") || scheme.type === "mutualTLS")) return true;
  return MENTIONS_SIGNATURE.test([operation.summary, operation.description].filter(Boolean).join(" "));
}

/** What an unsigned delivery carries that the receiver would act on: its top-level body fields and headers, a few by name. */
function unsignedPayload(operation: TModelOperation): string {
  const headers = operation.parameters.filter((parameter) => parameter.location === "header").map((parameter) => parameter.name);
  const fields = requestFieldsWithMedia(operation).filter(({ field }) => /^\$\.[^.[\]]+$/.test(field.path)).map(({ field }) => field.name);
  const named = [...new Set([...fields, ...headers])].slice(0, 3).map(quote);
  if (named.length) return `, so anyone can send ${named.join(", ")}${fields.length + headers.length > named.length ? " and more" : ""}`;
  const media = operation.requestBody?.content[0]?.mediaType;
  return media ? `, so anyone can send its ${quote(media)} body` : "";
}

const inboundUnsigned: TSpecRule = {
  id: "inbound-webhook-unsigned",
  entryKey: "api10-unverified-inbound-webhooks",
  looksFor: "Operations that receive webhooks or callbacks from a provider (POST on a webhook/callback/notification path) with no signature header, signature field, signing scheme or mention of signature checks.",
  example: "POST /callbacks/acquirer { paymentId, status: settled } with no X-Signature header",
  answer: "YES",
  evaluate(operation, context) {
    if (!isInboundHookPath(operation) || documentsSignature(operation)) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "operation" },
        reason: `${quote(operation.key)} receives webhooks or callbacks and documents no signature header, signed field or signing scheme to verify them by${unsignedPayload(operation)}`,
        strength: "direct",
        likelihood: raise(3 + (operation.security.anonymous ? 1 : 0) + reachability(context)),
        impact: 4,
      },
    ];
  },
};

const outboundUnsigned: TSpecRule = {
  id: "outgoing-webhook-unsigned",
  entryKey: "data-unsigned-payloads-and-artifacts",
  looksFor: "Webhooks the API sends (OpenAPI 3.1 `webhooks`) that document no signature header: the receivers have nothing to verify deliveries by.",
  example: "webhooks: { payout.paid: { post: { parameters: [] } } } while others carry Webhook-Signature",
  answer: "UNSURE",
  evaluate(operation, context) {
    if (operation.kind !== "webhook" || documentsSignature(operation)) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "operation" },
        reason: `${quote(operation.key)} is a webhook the API sends and documents no signature header, so receivers cannot tell real deliveries from forged ones${unsignedPayload(operation).replace(", so anyone can send", " carrying")}`,
        strength: "indirect",
        likelihood: raise(2 + reachability(context)),
        impact: 3,
      },
    ];
  },
};

export const CONFIG_RULES: TSpecRule[] = [
  debugRule(true),
  debugRule(false),
  adminRule(true),
  adminRule(false),
  versionSiblings,
  deprecatedDocumented,
  cleartextServer,
  ...lintRules,
  callerChosenDestination,
  inboundUnsigned,
  outboundUnsigned,
];
