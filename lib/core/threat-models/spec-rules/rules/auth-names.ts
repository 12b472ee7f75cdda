import { nameWords, pathWords } from "../names";
import type { TScore } from "../types";
import type { TBoundedValue, TModelOperation, TSchemaField, TSecurityScheme } from "@/lib/core/specs/operation-model/types";

// Name lists and small readers the authentication and configuration rules share, beside the
// general lists of ../names.ts (to be folded into it: the two were written at the same time).

// One word splitter for every rule (camelCase, snake_case, kebab-case → words), cached in ../names.
export { nameWords, pathWords };

/** A score clamped to the 1–5 scale. */
export const raise = (score: number): TScore => Math.max(1, Math.min(5, Math.round(score))) as TScore;
/** Operations the API itself serves (not webhooks or callbacks it sends). */
export const isServed = (operation: TModelOperation) => operation.kind === "operation";

/** Path words, operationId words and summary words: what a reader sees as "what the operation does". */
export function operationWords(operation: TModelOperation): string[] {
  return [...pathWords(operation.path), ...nameWords(operation.operationId ?? ""), ...nameWords(operation.summary ?? "")];
}

const hasAny = (words: string[], list: ReadonlySet<string>) => words.some((word) => list.has(word));
const joined = (words: string[]) => ` ${words.join(" ")} `;

/** Sign-in words: where a caller proves who they are with something that can be guessed. ("pin" is left to fields: "/boards/{id}/pins" pins posts.) */
const SIGN_IN_WORDS = new Set(["login", "logon", "signin", "authenticate", "authentication", "otp", "totp", "mfa", "2fa"]);
/** "token" and "auth" issue credentials, but "POST /api-tokens" by a signed-in user creates one: they count when something is checked. */
const TOKEN_ISSUE_WORDS = new Set(["token", "tokens", "auth"]);
/** Grant fields of token endpoints (OAuth and home-grown). */
const GRANT_FIELD_WORDS = new Set(["grant", "secret", "assertion", "password", "refresh"]);
/** Two-word spellings of the same, after splitting "sign-in", "log_in". */
const SIGN_IN_PHRASES = [" sign in ", " log in ", " two factor ", " one time "];
/** What a reset or a check is about when it concerns an account's credentials. */
const CREDENTIAL_WORDS = new Set(["password", "passwords", "passphrase", "pin", "passcode", "credential", "credentials", "account", "login", "mfa", "2fa", "otp", "totp"]);
/** Proof-of-control checks: codes sent by email or SMS, pairing and confirmation codes. */
const VERIFY_WORDS = new Set(["verify", "verification", "confirm", "confirmation", "challenge", "pair", "pairing", "activate", "activation", "redeem"]);
/** "/orders/{id}/confirm" confirms an order: a check verifies a person, a device or a channel, or takes a code. */
const VERIFY_SUBJECT_WORDS = new Set([...CREDENTIAL_WORDS, "email", "phone", "mobile", "identity", "device", "devices", "user", "users", "me", "signup", "registration", "code", "codes"]);
/** Recovery: where a forgotten credential is replaced. */
const RECOVERY_WORDS = new Set(["recover", "recovery", "forgot", "forgotten"]);
/** "reset" and "lost" are recovery only next to a credential ("reset-database" is maintenance). */
const RESET_WORDS = new Set(["reset", "lost"]);
/** Sign-up: anonymous by design, abused by bulk account creation rather than guessing. */
const SIGN_UP_WORDS = new Set(["signup", "register", "registration", "registrations", "enroll", "enrol"]);
const SIGN_UP_PHRASES = [" sign up "];
/** "register" creates an account only on an account path; "/devices/register" enrols a thing. */
const ACCOUNT_SCOPE_WORDS = new Set(["auth", "account", "accounts", "user", "users", "customer", "customers", "member", "members", "me", "self", "public", "api", "identity", "signup", "register", "registration", "registrations", "enroll", "enrol", "sign", "up"]);
/** Session creation is a sign-in when it takes a password or HTTP Basic credentials. */
const SESSION_WORDS = new Set(["session", "sessions"]);
/** Ends a session or a token's life: nothing to guess. */
const NOT_A_CHECK_WORDS = new Set(["logout", "logoff", "signout", "revoke", "revocation", "introspect", "introspection", "refresh", "jwks", "keys", "wellknown", "sso", "saml", "callback", "authorize"]);
const NOT_A_CHECK_PHRASES = [" sign out ", " log out ", " well known "];

export type TCredentialEndpointKind = "sign-in" | "verify" | "recovery" | "sign-up";

// Five rules ask for every operation's kind; the model does not change during a run, so each is read once.
const endpointKinds = new WeakMap<TModelOperation, TCredentialEndpointKind | null>();

/** What kind of credential endpoint the operation is, from its path, operationId and summary; null for none. */
export function credentialEndpointKind(operation: TModelOperation): TCredentialEndpointKind | null {
  let kind = endpointKinds.get(operation);
  if (kind === undefined) {
    kind = readCredentialEndpointKind(operation);
    endpointKinds.set(operation, kind);
  }
  return kind;
}

function readCredentialEndpointKind(operation: TModelOperation): TCredentialEndpointKind | null {
  if (operation.kind !== "operation" || operation.method === "OPTIONS") return null;
  // A read checks nothing, unless it takes the secret in its query ("GET /user/login?username=&password=").
  if ((operation.method === "GET" || operation.method === "HEAD") && !operation.parameters.some((parameter) => parameter.location === "query" && isGuessableSecretField(parameter))) return null;
  const words = [...pathWords(operation.path), ...nameWords(operation.operationId ?? "")];
  const text = joined(words);
  if (hasAny(words, NOT_A_CHECK_WORDS) || NOT_A_CHECK_PHRASES.some((phrase) => text.includes(phrase))) return null;
  const literal = pathWords(operation.path).filter((word) => !/^v\d+$/.test(word));
  if ((hasAny(words, SIGN_UP_WORDS) || SIGN_UP_PHRASES.some((phrase) => text.includes(phrase))) && literal.every((word) => ACCOUNT_SCOPE_WORDS.has(word))) return "sign-up";
  if (hasAny(words, RECOVERY_WORDS) || (hasAny(words, RESET_WORDS) && hasAny(words, CREDENTIAL_WORDS))) return "recovery";
  if (hasAny(words, SIGN_IN_WORDS) || SIGN_IN_PHRASES.some((phrase) => text.includes(phrase))) return "sign-in";
  const inputs = [...requestFields(operation).map((field) => field.name), ...operation.parameters.filter((parameter) => parameter.location !== "header").map((parameter) => parameter.name)];
  const takesPassword = inputs.some((name) => nameWords(name).includes("password"));
  const basic = operationSchemes(operation).some((scheme) => scheme.type === "http" && scheme.scheme === "basic");
  if (hasAny(words, SESSION_WORDS) && (takesPassword || basic)) return "sign-in";
  if (hasAny(words, TOKEN_ISSUE_WORDS) && (operation.security.anonymous || basic || inputs.some((name) => hasAny(nameWords(name), GRANT_FIELD_WORDS)))) return "sign-in";
  if (hasAny(words, VERIFY_WORDS) && (hasAny(words, VERIFY_SUBJECT_WORDS) || inputs.some((name) => hasAny(nameWords(name), new Set(["code", "otp", "pin", "token"]))))) return "verify";
  // A POST whose body carries a one-time code or PIN is a check whatever the path is called;
  // a password alone is not (sign-up and settings set one), and PUT/PATCH store values.
  if (operation.method === "POST" && requestFields(operation).some((field) => isOneTimeSecretField(field))) return "verify";
  return null;
}

/** Secrets a caller types in and an attacker can enumerate: passwords, PINs, one-time codes. */
const GUESSABLE_SECRET_WORDS = new Set(["password", "passwd", "passphrase", "pin", "otp", "totp", "passcode"]);
/** A field named just "code" is a one-time code only when it looks like one (country and coupon codes are not). */
const SHORT_CODE = /^\^?(\\d|\[0-9\])(\{\d+(,\d+)?\}|\+)?\$?$/;

/** PINs and one-time codes: values whose only purpose is to be checked. */
export function isOneTimeSecretField(field: { name: string } & Partial<TSchemaField>): boolean {
  const words = nameWords(field.name);
  return isGuessableSecretField(field) && !words.some((word) => ["password", "passwd", "passphrase"].includes(word)) && (words.some((word) => ["pin", "otp", "totp", "passcode"].includes(word)) || joined(words).includes(" verification code ") || joined(words).includes(" confirmation code ") || joined(words).includes(" pairing code "));
}

export function isGuessableSecretField(field: { name: string } & Partial<TSchemaField>): boolean {
  const words = nameWords(field.name);
  if (hasAny(words, GUESSABLE_SECRET_WORDS)) return true;
  const last = words[words.length - 1];
  if (last !== "code") return false;
  if (words.some((word) => ["verification", "confirmation", "otp", "mfa", "security", "pairing", "reset", "auth", "sms", "email"].includes(word))) return true;
  if (field.pattern && SHORT_CODE.test(field.pattern)) return true;
  return typeof field.example === "string" && /^\d{4,8}$/.test(field.example);
}

/** Identifiers of an account (who is signing in or recovering): a reset request that takes only these sends a message, it checks nothing. */
const ACCOUNT_ID_WORDS = new Set(["email", "username", "login", "phone", "mobile", "msisdn", "user", "account", "handle"]);
export const isAccountIdentifierField = (name: string) => nameWords(name).some((word) => ACCOUNT_ID_WORDS.has(word));

/** The current password or another proof the caller controls the account. */
const REAUTH_PHRASES = [" current password ", " old password ", " existing password ", " previous password ", " current pin ", " password confirmation ", " otp ", " mfa code ", " totp ", " verification code ", " confirmation code ", " reauth ", " step up "];
export const isReauthenticationField = (name: string) => {
  const text = joined(nameWords(name));
  return REAUTH_PHRASES.some((phrase) => text.includes(phrase)) || text === " password ";
};

/** What an account change replaces: the password, the address a reset is sent to, the second factor. */
export type TAccountAttribute = "password" | "email" | "phone" | "second factor";
export function accountAttribute(name: string): TAccountAttribute | null {
  const words = nameWords(name);
  if (words.includes("password") || words.includes("passphrase")) return "password";
  if (words.includes("email") || words.includes("mail")) return "email";
  if (words.some((word) => ["phone", "mobile", "msisdn"].includes(word))) return "phone";
  if (words.some((word) => ["mfa", "totp", "2fa", "authenticator"].includes(word))) return "second factor";
  return null;
}

/** Path parameters that name a user by something other people know. */
const USER_NAME_PARAM_WORDS = new Set(["username", "user", "login", "email", "handle", "nickname", "screen"]);
export const isUserNameParameter = (name: string) => {
  const words = nameWords(name);
  if (words.includes("id") || words.includes("uuid")) return false;
  return words.some((word) => USER_NAME_PARAM_WORDS.has(word)) || joined(words).includes(" user name ");
};

/** Fields that carry an issued credential. */
const TOKEN_WORDS = new Set(["token", "jwt"]);
const NOT_TOKEN_WORDS = new Set(["type", "count", "url", "uri", "id", "hint", "name", "kind", "expires", "expiry", "expiration", "ttl", "lifetime", "secret", "endpoint", "format"]);
export const isIssuedTokenField = (name: string) => {
  const words = nameWords(name);
  return words.some((word) => TOKEN_WORDS.has(word)) && !words.some((word) => NOT_TOKEN_WORDS.has(word));
};

/** Fields that tell when an issued credential stops working. */
const EXPIRY_WORDS = new Set(["expires", "expiry", "expiration", "exp", "ttl", "lifetime", "expire", "expired", "validity"]);
const EXPIRY_PHRASES = [" valid until ", " max age ", " not after "];
export const isExpiryField = (name: string) => {
  const words = nameWords(name);
  const text = joined(words);
  return words.some((word) => EXPIRY_WORDS.has(word)) || EXPIRY_PHRASES.some((phrase) => text.includes(phrase));
};
/** A description that says outright that the credential never expires. */
export const NEVER_EXPIRES = /\b(never|does not|doesn't|do not|don't|will not|won't)\s+(expire|time out)|\bno expiry\b|\bwithout expiry\b|\bnon-expiring\b|\bindefinitely\b/i;

/** Request headers browsers cannot set cross-site without CORS approval: their presence is the anti-CSRF check. */
const CSRF_HEADER_WORDS = new Set(["csrf", "xsrf"]);
export const isAntiCsrfHeader = (name: string) => {
  const words = nameWords(name);
  return words.some((word) => CSRF_HEADER_WORDS.has(word)) || joined(words) === " x requested with ";
};

/** Signatures a receiver checks on a webhook or callback. */
const SIGNATURE_WORDS = new Set(["signature", "signed", "hmac", "sig"]);
export const isSignatureName = (name: string) => nameWords(name).some((word) => SIGNATURE_WORDS.has(word));
export const MENTIONS_SIGNATURE = /\b(signature|signed|hmac|sign(s|ing)? (the|each|every)|verif(y|ied) (the|with|using) (shared )?secret)\b/i;

/** Inbound webhook receivers: a provider calls these. */
const INBOUND_HOOK_WORDS = new Set(["webhook", "webhooks", "hook", "hooks", "callback", "callbacks", "ipn"]);
/** "/webhook-endpoints", "/webhooks/subscriptions": where customers register destinations, not where providers deliver. */
const HOOK_REGISTRATION_WORDS = new Set(["endpoint", "endpoints", "subscription", "subscriptions", "destination", "destinations", "settings", "config", "configs", "configuration"]);
export const isInboundHookPath = (operation: TModelOperation) => {
  const words = pathWords(operation.path);
  return operation.kind === "operation" && operation.method === "POST" && hasAny(words, INBOUND_HOOK_WORDS) && !hasAny(words, HOOK_REGISTRATION_WORDS);
};

/** Destinations the API later calls: webhook, callback and notification targets. */
const DESTINATION_CONTEXT_WORDS = new Set(["webhook", "webhooks", "hook", "hooks", "callback", "callbacks", "notify", "notification", "notifications", "alert", "alerts", "subscription", "subscriptions", "subscriber", "destination", "destinations", "listener", "postback"]);
/** A field name may say so more loosely than an operation ("eventsEndpoint"); an operation "testing an endpoint" is not a registration. */
const DESTINATION_FIELD_WORDS = new Set([...DESTINATION_CONTEXT_WORDS, "endpoint", "events"]);
export const mentionsDestination = (words: string[]) => hasAny(words, DESTINATION_CONTEXT_WORDS);
export const namesDestination = (name: string) => hasAny(nameWords(name), DESTINATION_FIELD_WORDS);
/** Words of the UI to send a person's browser somewhere: the browser follows these, the server does not call them. */
const BROWSER_ONLY_WORDS = new Set(["success", "cancel", "return", "redirect", "image", "avatar", "logo", "icon", "banner", "photo", "picture", "homepage", "website", "thumbnail", "next"]);
export const isBrowserOnlyUrlName = (name: string) => nameWords(name).some((word) => BROWSER_ONLY_WORDS.has(word));

const URL_VALUE = /^https?:\/\/[^\s]+$/i;
/** Typed, named or exemplified as a URL. */
export function looksLikeUrl(field: { name: string; format?: string; example?: TBoundedValue; type: string | null }): boolean {
  if (field.type !== null && !field.type.split("|").includes("string")) return false;
  if (field.format && ["uri", "url", "iri", "uri-reference"].includes(field.format)) return true;
  const words = nameWords(field.name);
  if (words.some((word) => ["url", "uri", "href", "link"].includes(word))) return true;
  return typeof field.example === "string" && URL_VALUE.test(field.example);
}

/** Literal path segments of debug and maintenance features that production APIs should not answer. */
const DEBUG_SEGMENT_WORDS = new Set([
  "debug",
  "dump",
  "heapdump",
  "threaddump",
  "env",
  "environment",
  "phpinfo",
  "actuator",
  "maintenance",
  "seed",
  "sysinfo",
  "diagnostics",
  "diag",
  "profiler",
  "pprof",
  "trace",
  "console",
  "metrics",
  "jolokia",
  "phpmyadmin",
  "graphiql",
  "playground",
  "flush",
  "purge",
  "truncate",
]);
const DEBUG_PHRASES = [" reset db ", " reset database ", " drop database ", " system info ", " server info ", " config dump ", " test data ", " cache flush ", " flush cache "];
export function debugPathWord(path: string): string | null {
  // "/devices/{id}/diagnostics" is a feature of one record; the server's own debug features sit above any record.
  const words = pathWords(path.split("{")[0] ?? path);
  const found = words.find((word) => DEBUG_SEGMENT_WORDS.has(word));
  if (found) return found;
  const text = joined(words);
  const phrase = DEBUG_PHRASES.find((candidate) => text.includes(candidate));
  return phrase ? phrase.trim() : null;
}

/** Path segments and tags of staff functions. */
const ADMIN_WORDS = new Set(["admin", "admins", "administrator", "administration", "backoffice", "staff", "superuser", "sudo", "impersonate", "impersonation", "internal", "ops", "moderator"]);
export const adminWord = (words: string[]) => words.find((word) => ADMIN_WORDS.has(word)) ?? null;
/** What a summary or description says when only privileged callers may use an operation. */
export const SAYS_PRIVILEGED_ONLY = /\b(admins?|administrators?|staff|managers?|supervisors?|operators?|superusers?|moderators?|back[- ]office)\b[^.]{0,30}\bonly\b|\bonly\b[^.]{0,30}\b(admins?|administrators?|staff|managers?|superusers?|moderators?)\b|\brequires? (an? )?(admin|administrator|staff|manager)\b/i;

/** Sign-in flows the caller enters without a credential: token refresh, single sign-on, OAuth and logout. */
const AUTH_FLOW_WORDS = new Set(["oauth", "oauth2", "oidc", "sso", "saml", "authorize", "refresh", "logout", "logoff", "signout", "jwks"]);
export const isAuthFlowPath = (path: string) => hasAny(pathWords(path), AUTH_FLOW_WORDS);

/** Response fields that make a read non-public: personal, financial and credential data. */
const NON_PUBLIC_FIELD_WORDS = new Set(["email", "phone", "mobile", "address", "birth", "birthdate", "dob", "ssn", "passport", "national", "iban", "bic", "balance", "salary", "card", "cvv", "password", "secret", "token", "diagnosis", "medication", "ip", "location", "latitude", "longitude", "income", "tax"]);
export const isNonPublicField = (name: string) => hasAny(nameWords(name), NON_PUBLIC_FIELD_WORDS);

/** Public by design: liveness, version and API description documents. */
const HEALTH_WORDS = new Set(["health", "healthz", "healthcheck", "ping", "status", "livez", "readyz", "ready", "alive", "liveness", "readiness", "version", "openapi", "swagger", "docs", "metadata", "wellknown", "jwks"]);
const HEALTH_PHRASES = [" well known ", " api docs "];
export const isHealthLikePath = (path: string) => {
  const words = pathWords(path);
  return words.length > 0 && words.length <= 3 && (hasAny(words.slice(-1), HEALTH_WORDS) || HEALTH_PHRASES.some((phrase) => joined(words).includes(phrase)));
};
/** A read the spec itself calls public (a catalogue, a directory, published content). */
export const SAYS_PUBLIC = /\b(public(ly)?|anonymous(ly)?|unauthenticated|no (sign[- ]in|login|authentication) (is )?(required|needed))\b/i;

/** "/v1/orders" and "/v2/orders" are siblings; the version segment is what differs. */
export const VERSION_SEGMENT = /^v\d+(\.\d+)*$/i;

/** Hosts that are never a deployed API: loopback and the names RFC 2606/6761 reserve for examples and tests. */
export function isPlaceholderHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost") || host === "::1" || host === "0.0.0.0" || /^127\./.test(host)) return true;
  if (["example.com", "example.org", "example.net"].some((domain) => host === domain || host.endsWith(`.${domain}`))) return true;
  return [".test", ".example", ".invalid", ".local"].some((suffix) => host.endsWith(suffix)) || ["test", "example", "invalid"].includes(host);
}

/** The host of an absolute http:// URL worth reporting, or null (https, relative, templated or placeholder hosts). */
export function cleartextHost(url: string): string | null {
  const match = /^http:\/\/([^/?#]+)/i.exec(url.trim());
  if (!match) return null;
  const authority = (match[1] ?? "").replace(/^[^@]*@/, "");
  if (authority.includes("{")) return null;
  const host = authority.startsWith("[") ? authority.slice(0, authority.indexOf("]") + 1) : authority.replace(/:\d+$/, "");
  return isPlaceholderHost(host) ? null : host;
}

/** Every request body field of every media type, with the media type a reason names. */
export const requestFieldsWithMedia = (operation: TModelOperation) => operation.requestBody?.content.flatMap((content) => content.fields.map((field) => ({ field, mediaType: content.mediaType }))) ?? [];
export const requestFields = (operation: TModelOperation) => requestFieldsWithMedia(operation).map(({ field }) => field);

/** Each scheme the operation can be called with, once. */
export function operationSchemes(operation: TModelOperation): TSecurityScheme[] {
  const byName = new Map<string, TSecurityScheme>();
  for (const alternative of operation.security.alternatives) for (const { scheme } of alternative.schemes) byName.set(scheme.name, scheme);
  return [...byName.values()];
}

export const isWriteMethod = (method: string) => ["POST", "PUT", "PATCH", "DELETE"].includes(method);
export const quote = (text: string) => `\`${text}\``;
