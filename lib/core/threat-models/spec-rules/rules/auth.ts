import type { TBoundedValue, TModelOperation, TModelResponse, TSchemaField, TSecurityScheme } from "@/lib/core/specs/operation-model/types";
import type { TEvidence, TScore, TSpecRule, TSpecRuleContext } from "../types";
import {
  accountAttribute,
  adminWord,
  debugPathWord,
  credentialEndpointKind,
  isAccountIdentifierField,
  isAntiCsrfHeader,
  isExpiryField,
  isGuessableSecretField,
  isHealthLikePath,
  isAuthFlowPath,
  isInboundHookPath,
  isIssuedTokenField,
  isNonPublicField,
  isReauthenticationField,
  isUserNameParameter,
  NEVER_EXPIRES,
  nameWords,
  pathWords,
  SAYS_PUBLIC,
  type TCredentialEndpointKind,
  isOneTimeSecretField,
  namesSecondFactor,
  operationWords,
  privilegedAudienceWord,
} from "../names";
import { isServed, isThrottled, isWriteMethod, operationSchemes, quote, raise, requestFields, requestFieldsWithMedia } from "../operation-parts";

// Authentication rules (OWASP API2:2023 and the credential side of API4): where callers prove who
// they are, how the spec says tokens are issued and carried, and what an account change asks for.
// Every piece of evidence names the operation and the field, parameter, response or scheme.

const isSuccess = (response: TModelResponse) => /^2/.test(response.status);
/** Anonymous operations are reachable by anyone on the network the API is exposed to. */
const exposureLikelihood = (operation: TModelOperation, context: TSpecRuleContext, base: number) =>
  raise(base + (operation.security.anonymous ? 1 : 0) + (context.api.exposure === "INTERNET" || context.api.exposure === "PARTNER" ? 0 : -1));

// ---------------------------------------------------------------------------------------------
// Credential, code and recovery endpoints without documented throttling

const ENDPOINT_LABEL: Record<TCredentialEndpointKind, string> = {
  "sign-in": "a sign-in or token endpoint",
  verify: "a code or PIN check",
  recovery: "a recovery endpoint",
  "sign-up": "a sign-up endpoint",
};

const MISSING_THROTTLE = "documents no 429 response and no rate-limit header";

/** A reset request that takes only an address sends a message; it checks nothing an attacker could guess. */
function checksASecret(operation: TModelOperation, kind: TCredentialEndpointKind): boolean {
  if (kind !== "recovery") return true;
  const fields = requestFields(operation).filter((field) => field.path !== "$");
  const parameters = operation.parameters.filter((parameter) => parameter.location !== "header");
  const names = [...fields.map((field) => field.name), ...parameters.map((parameter) => parameter.name)];
  if (fields.some(isGuessableSecretField) || names.some((name) => nameWords(name).some((word) => ["token", "code", "otp", "answer"].includes(word)))) return true;
  return !names.every(isAccountIdentifierField) || names.length === 0;
}

const guessedField = (operation: TModelOperation) => requestFields(operation).find((field) => field.path !== "$" && isGuessableSecretField(field));

const credentialGuessing: TSpecRule = {
  id: "credential-endpoint-unthrottled",
  entryKey: "api2-credential-guessing",
  looksFor: "Sign-in, token, one-time-code, PIN and password-reset endpoints (by path, operationId or a code/PIN/password field in the body) that document no 429 response and no rate-limit header.",
  example: "POST /auth/login { username, password } → 200, 401 (no 429, no X-RateLimit-* headers)",
  answer: "YES",
  evaluate(operation, context) {
    const kind = credentialEndpointKind(operation);
    if (!kind || kind === "sign-up" || isThrottled(operation) || !checksASecret(operation, kind)) return [];
    const field = guessedField(operation);
    const what = field ? ` that takes ${quote(field.name)}` : "";
    return [
      {
        operationKey: operation.key,
        target: { kind: "operation" },
        reason: `${quote(operation.key)} is ${ENDPOINT_LABEL[kind]}${what} and ${MISSING_THROTTLE}, so guesses are not shown to be slowed down`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 3),
        impact: 4,
      },
    ];
  },
};

/** The password field a sign-in takes, when it takes one. */
const passwordField = (operation: TModelOperation) => requestFields(operation).find((field) => field.path !== "$" && isGuessableSecretField(field) && !isOneTimeSecretField(field));

const privilegedSignInWithoutMfa: TSpecRule = {
  id: "privileged-sign-in-password-only",
  entryKey: "api2-no-mfa-privileged",
  looksFor:
    "Sign-in endpoints for privileged callers (staff, administrators, operators, employees, agents, moderators, by path, operationId, summary or tags) that take a password and document no second factor: no one-time code field and no OTP/MFA/WebAuthn operation anywhere in the API.",
  example: "POST /login { username, password } summary: Staff sign-in, and no /mfa or /otp operation",
  answer: "UNSURE",
  evaluate(operation, context) {
    if (credentialEndpointKind(operation) !== "sign-in") return [];
    const audience = privilegedAudienceWord(operationWords(operation));
    const password = passwordField(operation);
    if (!audience || !password) return [];
    if (requestFields(operation).some((field) => namesSecondFactor(nameWords(field.name)))) return [];
    if (context.model.operations.some((other) => namesSecondFactor(operationWords(other)))) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "request-field", mediaType: requestFieldsWithMedia(operation).find(({ field }) => field === password)?.mediaType ?? "", path: password.path, name: password.name },
        reason: `${quote(operation.key)} signs in privileged callers (${quote(audience)}) with ${quote(password.name)} alone: no one-time code field and no second-factor operation is documented`,
        strength: "indirect",
        likelihood: exposureLikelihood(operation, context, 2),
        impact: 5,
      },
    ];
  },
};

const credentialRateLimit: TSpecRule = {
  id: "credential-endpoint-no-rate-limit",
  entryKey: "api4-no-rate-limiting",
  looksFor: "Rate limiting tied to where it matters: sign-in, code checks, recovery and sign-up endpoints that document no 429 response and no rate-limit header (lists are judged by the resource rules).",
  example: "POST /password/forgot { email } → 202 (no 429, no Retry-After)",
  answer: "YES",
  evaluate(operation, context) {
    const kind = credentialEndpointKind(operation);
    if (!kind || isThrottled(operation)) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "operation" },
        reason: `${quote(operation.key)} is ${ENDPOINT_LABEL[kind]} and ${MISSING_THROTTLE}`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 3),
        impact: kind === "sign-up" ? 2 : 3,
      },
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Operations without authentication

/**
 * Anonymous by design, so not "missing authentication": credential and sign-up endpoints (the
 * throttling rules cover them), token refresh, SSO and OAuth flows, inbound webhook receivers
 * (verified by signature, see config.ts), liveness/version/API-description documents, and reads
 * the spec itself calls public.
 */
function anonymousByDesign(operation: TModelOperation): boolean {
  if (credentialEndpointKind(operation) || isAuthFlowPath(operation.path) || isInboundHookPath(operation) || isHealthLikePath(operation.path)) return true;
  const text = [operation.summary, operation.description, ...operation.tags].filter(Boolean).join(" ");
  return !isWriteMethod(operation.method) && SAYS_PUBLIC.test(text);
}

const anonymousReason = (operation: TModelOperation) =>
  operation.security.source === "operation" ? "its own `security` accepts callers without credentials" : operation.security.source === "global" ? "the document's `security` accepts callers without credentials" : "no security requirement applies to it";

/** A spec that names no security scheme at all says nothing about authentication; one API-wide reason says so instead of one per operation. */
const documentsNoScheme = (context: TSpecRuleContext) => context.model.operations.every((operation) => operation.security.alternatives.every((alternative) => alternative.schemes.length === 0));
const anonymousWrites = (context: TSpecRuleContext) => context.model.operations.filter((operation) => isServed(operation) && operation.security.anonymous && isWriteMethod(operation.method) && !anonymousByDesign(operation));

const unauthenticatedWrite: TSpecRule = {
  id: "unauthenticated-state-change",
  entryKey: "api2-unauthenticated-operations",
  looksFor:
    "Operations that change state (POST, PUT, PATCH, DELETE) and accept callers without credentials; sign-in, sign-up, recovery, token, SSO and webhook receivers are anonymous by design and left out. A spec that declares no security scheme at all gets one API-wide reason instead.",
  example: "DELETE /orders/{orderId} with security: []",
  answer: "YES",
  evaluateApi(context) {
    const writes = anonymousWrites(context);
    if (!documentsNoScheme(context) || !writes.length) return [];
    return [
      {
        operationKey: null,
        target: { kind: "api", detail: "no security scheme" },
        reason: `the spec declares no security requirement for any operation, yet ${writes.length} of them change state (${writes.slice(0, 3).map((operation) => quote(operation.key)).join(", ")}${writes.length > 3 ? "…" : ""})`,
        strength: "indirect",
        likelihood: 3,
        impact: 4,
      },
    ];
  },
  evaluate(operation, context) {
    if (!isServed(operation) || !operation.security.anonymous || !isWriteMethod(operation.method) || anonymousByDesign(operation) || documentsNoScheme(context)) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "operation" },
        reason: `${quote(operation.key)} changes state and ${anonymousReason(operation)}`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 4),
        impact: 4,
      },
    ];
  },
};

/** The first personal, financial or credential field a success response returns. */
function nonPublicResponseField(operation: TModelOperation) {
  for (const response of operation.responses) {
    if (!/^2/.test(response.status)) continue;
    for (const content of response.content) {
      const field = content.fields.find((candidate) => candidate.path !== "$" && !candidate.writeOnly && isNonPublicField(candidate.name));
      if (field) return { status: response.status, mediaType: content.mediaType, field };
    }
  }
  return null;
}

const unauthenticatedRead: TSpecRule = {
  id: "unauthenticated-read",
  entryKey: "api2-unauthenticated-operations",
  looksFor:
    "Reads that accept callers without credentials and return personal, financial or credential-looking fields (email, phone, address, balance, card, token…). Catalogue-like reads without such fields, health/version documents and reads the spec calls public are left out: they are public by design.",
  example: "GET /customers/{customerId}/statements → 200 { iban, balance } with no security requirement",
  answer: "UNSURE",
  evaluate(operation, context) {
    if (!isServed(operation) || !operation.security.anonymous || isWriteMethod(operation.method) || anonymousByDesign(operation) || documentsNoScheme(context)) return [];
    const found = nonPublicResponseField(operation);
    // Debug and staff paths serve the operator's data whatever their fields are called.
    const internalWord = debugPathWord(operation.path) ?? adminWord(pathWords(operation.path));
    if (!found && internalWord) {
      return [
        {
          operationKey: operation.key,
          target: { kind: "operation" },
          reason: `${quote(operation.key)} is a ${quote(internalWord)} path and ${anonymousReason(operation)}`,
          strength: "direct",
          likelihood: exposureLikelihood(operation, context, 3),
          impact: 4,
        },
      ];
    }
    if (!found) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "response-field", status: found.status, mediaType: found.mediaType, path: found.field.path, name: found.field.name },
        reason: `${quote(operation.key)} returns ${quote(found.field.name)} in its ${found.status} response and ${anonymousReason(operation)}; the spec does not say the data is public`,
        strength: "indirect",
        likelihood: exposureLikelihood(operation, context, 3),
        impact: 3,
      },
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Account changes without re-authentication

/**
 * Path words of self-service account operations. Collection nouns (users, customers, patients)
 * are left out: a record update that happens to carry an email is a data change, not a takeover path.
 */
const ACCOUNT_PATH_WORDS = new Set(["me", "self", "my", "account", "profile", "password", "email", "phone", "contact", "settings", "credentials", "mfa", "security", "login"]);
const CHANGE_WORDS = new Set(["change", "update", "email", "phone", "password", "mfa", "factor", "reset", "contact", "replace", "set"]);

type TAccountChange = { fields: { field: TSchemaField; mediaType: string }[] };

function accountChange(operation: TModelOperation): TAccountChange | null {
  if (!isServed(operation) || !["PUT", "PATCH", "POST"].includes(operation.method)) return null;
  const kind = credentialEndpointKind(operation);
  if (kind === "sign-up" || kind === "sign-in") return null;
  const words = pathWords(operation.path);
  if (!words.some((word) => ACCOUNT_PATH_WORDS.has(word))) return null;
  // A POST to a collection creates an account (an invitation, an admin creating a user); it changes no one's.
  if (operation.method === "POST" && !words.some((word) => CHANGE_WORDS.has(word))) return null;
  const all = requestFieldsWithMedia(operation).filter(({ field }) => field.path !== "$" && !field.readOnly);
  // In a recovery request the email or phone names the account; only a new password changes it.
  const changed = all.filter(({ field }) => {
    const attribute = accountAttribute(field.name);
    return attribute && (kind !== "recovery" || attribute === "password") && !isReauthenticationField(field.name) && (field.type === null || field.type.includes("string"));
  });
  if (!changed.length) return null;
  // A current password, an existing factor's code, or a reset token sent to the verified channel is the proof.
  const proof =
    all.some(({ field }) => isReauthenticationField(field.name) || (kind === "recovery" && nameWords(field.name).some((word) => ["token", "code", "otp"].includes(word)))) ||
    operation.parameters.some((parameter) => isReauthenticationField(parameter.name) || (kind === "recovery" && nameWords(parameter.name).some((word) => ["token", "code"].includes(word))));
  return proof ? null : { fields: changed };
}

const changedNames = (change: TAccountChange) => [...new Set(change.fields.map(({ field }) => quote(field.name)))].slice(0, 3).join(", ");

const accountChangeWithoutProof: TSpecRule = {
  id: "account-change-without-reauth",
  entryKey: "api2-account-recovery-and-changes",
  looksFor: "Operations on an account or profile that change its password, email, phone or second factor and take no current password, existing factor code or reset token.",
  example: "PATCH /me { email, phone } (no currentPassword)",
  answer: "YES",
  evaluate(operation, context) {
    const change = accountChange(operation);
    const first = change?.fields[0];
    if (!change || !first) return [];
    const { field, mediaType } = first;
    return [
      {
        operationKey: operation.key,
        target: { kind: "request-field", mediaType, path: field.path, name: field.name },
        reason: `${quote(operation.key)} changes ${changedNames(change)} and its body asks for no current password, existing factor or reset token`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 3),
        impact: 5,
      },
    ];
  },
};

const accountChangeByUserName: TSpecRule = {
  id: "account-change-keyed-by-user-name",
  entryKey: "api2-account-recovery-and-changes",
  looksFor: "The same account changes addressed by a user name, login or email in the path: the caller names whose account changes.",
  example: "PUT /users/{username}/email { email }",
  answer: "YES",
  evaluate(operation, context) {
    const change = accountChange(operation);
    const parameter = change && operation.parameters.find((candidate) => candidate.location === "path" && isUserNameParameter(candidate.name));
    if (!change || !parameter) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "parameter", location: "path", name: parameter.name },
        reason: `${quote(operation.key)} changes ${changedNames(change)} of the account named by path parameter ${quote(parameter.name)}, without proof of control`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 4),
        impact: 5,
      },
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Tokens: JWT schemes, example tokens, issued tokens without expiry

type TJwt = { alg: string | null; hasExp: boolean };
const JWT_SHAPE = /^(?:Bearer\s+)?(eyJ[A-Za-z0-9_-]+)\.(eyJ[A-Za-z0-9_-]*|[A-Za-z0-9_-]+)\.([A-Za-z0-9_-]*)$/;

function decodePart(part: string): Record<string, unknown> | null {
  try {
    const base64 = part.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(part.length / 4) * 4, "=");
    const parsed: unknown = JSON.parse(atob(base64));
    return parsed && typeof parsed === "object" && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** A string that decodes as a JWT: its header's `alg` and whether its payload has `exp`. */
export function decodeJwt(value: string): TJwt | null {
  const match = JWT_SHAPE.exec(value.trim());
  if (!match) return null;
  const header = decodePart(match[1] ?? "");
  const payload = decodePart(match[2] ?? "");
  if (!header || !payload) return null;
  return { alg: typeof header.alg === "string" ? header.alg : null, hasExp: typeof payload.exp === "number" };
}

type TFoundJwt = { jwt: TJwt; where: TEvidence["target"]; label: string };

const stringsIn = (value: TBoundedValue | undefined, found: { path: string; value: string }[], path: string, depth = 0) => {
  if (value === undefined || value === null || depth > 8 || found.length > 50) return;
  if (typeof value === "string") found.push({ path, value });
  else if (Array.isArray(value)) value.forEach((item) => stringsIn(item, found, `${path}[]`, depth + 1));
  else if (typeof value === "object" && !("truncated" in value && value.truncated === true)) for (const [key, item] of Object.entries(value)) stringsIn(item, found, `${path}.${key}`, depth + 1);
};

// Every JWT rule reads every operation's examples; the model does not change during a run, so each is decoded once.
const jwtsByOperation = { all: new WeakMap<TModelOperation, TFoundJwt[]>(), responses: new WeakMap<TModelOperation, TFoundJwt[]>() };

/** Example tokens anywhere a reader of the spec sees one: response fields and examples, request fields, parameters, headers. Shared from a cache: never mutate the result. */
function exampleJwts(operation: TModelOperation, responsesOnly: boolean): TFoundJwt[] {
  const cache = responsesOnly ? jwtsByOperation.responses : jwtsByOperation.all;
  let found = cache.get(operation);
  if (!found) {
    found = readExampleJwts(operation, responsesOnly);
    cache.set(operation, found);
  }
  return found;
}

function readExampleJwts(operation: TModelOperation, responsesOnly: boolean): TFoundJwt[] {
  const found: TFoundJwt[] = [];
  const valuesOf = (facts: { example?: TBoundedValue; examples?: TBoundedValue[]; default?: TBoundedValue }) => [facts.example, ...(facts.examples ?? []), facts.default];
  const check = (value: string, where: TEvidence["target"], label: string) => {
    const jwt = decodeJwt(value);
    if (jwt && !found.some((earlier) => earlier.label === label)) found.push({ jwt, where, label });
  };
  for (const response of operation.responses) {
    if (!isSuccess(response)) continue;
    for (const content of response.content) {
      for (const field of content.fields) {
        for (const value of valuesOf(field)) if (typeof value === "string") check(value, { kind: "response-field", status: response.status, mediaType: content.mediaType, path: field.path, name: field.name }, `response field ${quote(field.name)}`);
      }
      const strings: { path: string; value: string }[] = [];
      content.examples.forEach((example) => stringsIn(example, strings, "$"));
      for (const { path, value } of strings) {
        const name = path.split(".").pop()?.replace(/\[\]$/, "") || "$";
        check(value, { kind: "response-field", status: response.status, mediaType: content.mediaType, path, name }, `response field ${quote(name)}`);
      }
    }
    for (const header of response.headers) for (const value of valuesOf(header)) if (typeof value === "string") check(value, { kind: "response", status: response.status }, `response header ${quote(header.name)}`);
  }
  if (responsesOnly) return found;
  for (const parameter of operation.parameters) for (const value of valuesOf(parameter)) if (typeof value === "string") check(value, { kind: "parameter", location: parameter.location, name: parameter.name }, `${parameter.location} parameter ${quote(parameter.name)}`);
  for (const { field, mediaType } of requestFieldsWithMedia(operation)) for (const value of valuesOf(field)) if (typeof value === "string") check(value, { kind: "request-field", mediaType, path: field.path, name: field.name }, `request field ${quote(field.name)}`);
  return found;
}

const isJwtBearer = (scheme: TSecurityScheme) => scheme.type === "http" && scheme.scheme === "bearer" && /jwt/i.test(scheme.bearerFormat ?? "");

const jwtBearerScheme: TSpecRule = {
  id: "jwt-bearer-scheme",
  entryKey: "api2-token-validation",
  looksFor: "Bearer schemes with bearerFormat JWT: the API verifies signatures itself, so algorithm, expiry, issuer and audience checks are worth asking about.",
  example: "securitySchemes: { customerJwt: { type: http, scheme: bearer, bearerFormat: JWT } }",
  answer: "UNSURE",
  evaluate: () => [],
  evaluateApi(context) {
    const schemes = new Map<string, TSecurityScheme>();
    for (const operation of context.model.operations) if (isServed(operation)) for (const scheme of operationSchemes(operation)) if (isJwtBearer(scheme)) schemes.set(scheme.name, scheme);
    return [...schemes.values()].map((scheme) => ({
      operationKey: null,
      target: { kind: "security", scheme: scheme.name },
      reason: `security scheme ${quote(scheme.name)} is a bearer scheme with bearerFormat ${quote(scheme.bearerFormat ?? "JWT")}: the API checks the token's signature, algorithm and expiry itself`,
      strength: "indirect",
      likelihood: 2,
      impact: 4,
    }));
  },
};

const jwtExampleRule = (id: string, answer: "YES" | "UNSURE", looksFor: string, example: string, matches: (jwt: TJwt) => boolean, describe: (jwt: TJwt) => string, impact: TScore): TSpecRule => ({
  id,
  entryKey: "api2-token-validation",
  looksFor,
  example,
  answer,
  evaluate(operation, context) {
    if (operation.kind === "callback") return [];
    return exampleJwts(operation, false)
      .filter(({ jwt }) => matches(jwt))
      .map(({ jwt, where, label }) => ({
        operationKey: operation.key,
        target: where,
        reason: `the example of ${label} in ${quote(operation.key)} decodes to a JWT ${describe(jwt)}`,
        strength: answer === "YES" ? "direct" : "indirect",
        likelihood: exposureLikelihood(operation, context, answer === "YES" ? 3 : 2),
        impact,
      }));
  },
});

const jwtUnsigned = jwtExampleRule(
  "jwt-example-unsigned",
  "YES",
  "Example tokens (in fields, examples, parameters or headers) that decode as JWTs with alg none: the issuer produces unsigned tokens, or the API documents accepting them.",
  'access_token: "eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0."',
  (jwt) => (jwt.alg ?? "").toLowerCase() === "none",
  () => "with `alg: none` (unsigned)",
  5,
);

const jwtSymmetric = jwtExampleRule(
  "jwt-example-symmetric",
  "UNSURE",
  "Example tokens that decode as JWTs signed with a shared secret (HS256/384/512): the secret's strength and the accepted algorithms are worth asking about.",
  'token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig"',
  (jwt) => /^HS\d+$/i.test(jwt.alg ?? ""),
  (jwt) => `signed with ${quote(jwt.alg ?? "HS256")} (a shared secret)`,
  4,
);

const jwtWithoutExp: TSpecRule = {
  id: "jwt-example-without-exp",
  entryKey: "api2-token-lifetime-revocation",
  looksFor: "Tokens an operation issues (success responses) whose example decodes as a JWT without an exp claim.",
  example: 'POST /auth/login → 200 { access_token: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig" }',
  answer: "YES",
  evaluate(operation, context) {
    if (operation.kind === "callback") return [];
    return exampleJwts(operation, true)
      .filter(({ jwt }) => !jwt.hasExp)
      .map(({ where, label }) => ({
        operationKey: operation.key,
        target: where,
        reason: `the example of ${label} that ${quote(operation.key)} issues decodes to a JWT without an \`exp\` claim`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 3),
        impact: 4,
      }));
  },
};

type TIssuedToken = { status: string; mediaType: string; field: TSchemaField; siblings: TSchemaField[] };

/** Token fields in success responses that look issued (not a list of sessions), with the fields beside them. */
function issuedTokens(operation: TModelOperation): TIssuedToken[] {
  const tokens: TIssuedToken[] = [];
  for (const response of operation.responses) {
    if (!isSuccess(response)) continue;
    for (const content of response.content) {
      for (const field of content.fields) {
        if (field.path.includes("[]") || !isIssuedTokenField(field.name) || (field.type !== null && !field.type.includes("string"))) continue;
        tokens.push({ status: response.status, mediaType: content.mediaType, field, siblings: content.fields });
      }
    }
  }
  return tokens;
}

const DESCRIBES_LIFETIME = /\b(expire[sd]?|expiry|expiration|valid (for|until)|lifetime|ttl|lives? for)\b/i;

const tokenNeverExpires: TSpecRule = {
  id: "token-documented-without-expiry",
  entryKey: "api2-token-lifetime-revocation",
  looksFor: "Issued tokens, sessions or keys whose description says they do not expire.",
  example: 'deviceToken: { type: string, description: "Does not expire; replaced when the device re-registers." }',
  answer: "YES",
  evaluate(operation, context) {
    if (operation.kind === "callback") return [];
    return issuedTokens(operation)
      .filter(({ field }) => NEVER_EXPIRES.test(field.description ?? ""))
      .map(({ status, mediaType, field }) => ({
        operationKey: operation.key,
        target: { kind: "response-field", status, mediaType, path: field.path, name: field.name },
        reason: `${quote(operation.key)} issues ${quote(field.name)} in its ${status} response, which the spec says does not expire`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 3),
        impact: 4,
      }));
  },
};

const tokenWithoutLifetime: TSpecRule = {
  id: "token-response-without-expiry",
  entryKey: "api2-token-lifetime-revocation",
  looksFor: "Success responses that issue a token (access_token, token, sessionToken…) with no expires_in/expiresAt-like field beside it and no lifetime in its description, and no JWT example with exp.",
  example: "POST /sessions → 200 { token } (no expires_in)",
  answer: "UNSURE",
  evaluate(operation, context) {
    if (operation.kind === "callback") return [];
    const jwtWithExp = exampleJwts(operation, true).some(({ jwt }) => jwt.hasExp);
    if (jwtWithExp) return [];
    return issuedTokens(operation)
      .filter(({ field, siblings }) => !siblings.some((sibling) => isExpiryField(sibling.name)) && !DESCRIBES_LIFETIME.test(field.description ?? ""))
      .slice(0, 1)
      .map(({ status, mediaType, field }) => ({
        operationKey: operation.key,
        target: { kind: "response-field", status, mediaType, path: field.path, name: field.name },
        reason: `${quote(operation.key)} issues ${quote(field.name)} in its ${status} response with no expiry field (expires_in, expiresAt) beside it`,
        strength: "indirect",
        likelihood: exposureLikelihood(operation, context, 2),
        impact: 3,
      }));
  },
};

// ---------------------------------------------------------------------------------------------
// Cookie sessions on state-changing operations

/** A scheme that documents SameSite=Strict or Lax cookies has the browser-side protection the entry asks about. */
const SAME_SITE = /\bsame-?site\s*[=:]?\s*(strict|lax)\b/i;
const cookieSchemes = (operation: TModelOperation) => operationSchemes(operation).filter((scheme) => scheme.type === "apiKey" && scheme.in === "cookie" && !SAME_SITE.test(scheme.description ?? ""));

const cookieCsrf: TSpecRule = {
  id: "cookie-session-state-change",
  entryKey: "auth-cookie-csrf",
  looksFor: "State-changing operations (POST, PUT, PATCH, DELETE) a browser's cookie authenticates (an apiKey scheme in a cookie) that document no anti-CSRF header (X-CSRF-Token, X-XSRF-Token, X-Requested-With).",
  example: "POST /orders/{id}/cancel with security: [{ sessionCookie: [] }] and no X-CSRF-Token header",
  answer: "YES",
  evaluate(operation, context) {
    if (!isServed(operation) || !isWriteMethod(operation.method)) return [];
    const [scheme] = cookieSchemes(operation);
    if (!scheme) return [];
    if (operation.parameters.some((parameter) => parameter.location === "header" && isAntiCsrfHeader(parameter.name))) return [];
    return [
      {
        operationKey: operation.key,
        target: { kind: "security", scheme: scheme.name },
        reason: `${quote(operation.key)} changes state, is authenticated by cookie ${quote(scheme.parameterName ?? scheme.name)} (scheme ${quote(scheme.name)}) and documents no anti-CSRF header`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 3),
        impact: 4,
      },
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Account enumeration from distinct documented responses

const UNKNOWN_ACCOUNT = /\b((user|account|customer|member|email|username|login|operator|employee|address) (was |is )?not found|no (such )?(user|account|customer|member|operator|employee)|unknown (user|account|email|username|customer|login)|not registered|(is not|isn't|no longer) (registered|known)|does not exist|doesn't exist|no .{0,30} is registered)\b/i;
/** A description that says the failure is the same for both cases is the fix, not the flaw. */
const SAME_ANSWER = /\b(same|identical|single|one|generic) (answer|response|error|message|status)\b|\bwhether or not\b|\bregardless\b|\bfor (both|either|every|all)\b/i;
const ALREADY_TAKEN = /\b(already (registered|exists|taken|in use|used)|is taken|in use by another)\b/i;

const accountEnumeration: TSpecRule = {
  id: "distinct-unknown-account-response",
  entryKey: "api2-account-enumeration",
  looksFor: "Sign-in, code-check and recovery endpoints documenting a response for an unknown account (404, or a description such as 'user not found') apart from the one for a wrong secret; sign-up documenting 'already registered'.",
  example: "POST /auth/login → 401 'The password is wrong', 404 'No customer is registered with this username'",
  answer: "YES",
  evaluate(operation, context) {
    const kind = credentialEndpointKind(operation);
    if (!kind) return [];
    const failures = operation.responses.filter((response) => /^4\d\d$/.test(response.status) && response.status !== "429" && !SAME_ANSWER.test(response.description ?? ""));
    const telling =
      kind === "sign-up"
        ? failures.find((response) => ALREADY_TAKEN.test(response.description ?? ""))
        : failures.find((response) => UNKNOWN_ACCOUNT.test(response.description ?? "") || (kind !== "verify" && response.status === "404" && !/\b(path|route|endpoint)\b/i.test(response.description ?? "")));
    if (!telling) return [];
    const other = failures.find((response) => response !== telling);
    // A lone 404 on a reset or code check is the answer to every wrong input; the tell is a second, different failure.
    if (kind !== "sign-up" && !other && !UNKNOWN_ACCOUNT.test(telling.description ?? "")) return [];
    const said = telling.description ? ` ${quote(telling.description.slice(0, 80))}` : "";
    return [
      {
        operationKey: operation.key,
        target: { kind: "response", status: telling.status },
        reason:
          kind === "sign-up"
            ? `${quote(operation.key)} documents ${telling.status}${said} for an address that already has an account, telling which addresses are registered`
            : `${quote(operation.key)} documents ${telling.status}${said} for an unknown account${other ? ` apart from ${other.status}` : ""}, telling which accounts exist`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 3),
        impact: 2,
      },
    ];
  },
};

// ---------------------------------------------------------------------------------------------
// Weak schemes: HTTP Basic and API keys in the query string

type TWeakness = { scheme: TSecurityScheme; why: string };
function weakness(scheme: TSecurityScheme): TWeakness | null {
  if (scheme.type === "http" && scheme.scheme === "basic") return { scheme, why: "HTTP Basic, which sends the password itself with every request" };
  if (scheme.type === "apiKey" && scheme.in === "query") return { scheme, why: `an API key in query parameter ${quote(scheme.parameterName ?? scheme.name)}, which ends up in logs, proxies and browser history` };
  return null;
}

const weakScheme: TSpecRule = {
  id: "weak-auth-scheme",
  entryKey: "api2-weak-auth-scheme",
  looksFor: "HTTP Basic and API keys in the query string: each such scheme is reported once for the API, and an operation whose own security requirement uses one is linked too.",
  example: "GET /partner/export?api_key=… (securitySchemes: { partnerKey: { type: apiKey, in: query } })",
  answer: "YES",
  evaluate(operation, context) {
    if (!isServed(operation) || operation.security.source !== "operation") return [];
    return operationSchemes(operation)
      .map(weakness)
      .filter((found): found is TWeakness => found !== null)
      .map(({ scheme, why }) => ({
        operationKey: operation.key,
        target: { kind: "security", scheme: scheme.name },
        reason: `${quote(operation.key)} is authenticated by ${quote(scheme.name)}, ${why}`,
        strength: "direct",
        likelihood: exposureLikelihood(operation, context, 3),
        impact: 4,
      }));
  },
  evaluateApi(context) {
    const found = new Map<string, TWeakness>();
    for (const operation of context.model.operations) {
      if (!isServed(operation)) continue;
      for (const scheme of operationSchemes(operation)) {
        const weak = weakness(scheme);
        if (weak) found.set(scheme.name, weak);
      }
    }
    return [...found.values()].map(({ scheme, why }) => ({
      operationKey: null,
      target: { kind: "security", scheme: scheme.name },
      reason: `security scheme ${quote(scheme.name)} is ${why}`,
      strength: "direct",
      likelihood: context.api.exposure === "INTERNET" ? 4 : 3,
      impact: 4,
    }));
  },
};

export const AUTH_RULES: TSpecRule[] = [
  credentialGuessing,
  credentialRateLimit,
  privilegedSignInWithoutMfa,
  unauthenticatedWrite,
  unauthenticatedRead,
  accountChangeWithoutProof,
  accountChangeByUserName,
  jwtBearerScheme,
  jwtUnsigned,
  jwtSymmetric,
  jwtWithoutExp,
  tokenNeverExpires,
  tokenWithoutLifetime,
  cookieCsrf,
  accountEnumeration,
  weakScheme,
];
