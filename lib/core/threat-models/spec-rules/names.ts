import type { TBoundedValue, TModelOperation, TSchemaField, TSecurityScheme } from "@/lib/core/specs/operation-model/types";
import { operationSchemes, requestFields } from "./operation-parts";

// The one reviewed list of names the spec rules recognise. Rules never test raw names with their
// own regular expressions: they ask these matchers, so a word added here (or a false positive
// removed) changes every rule the same way, and the tests beside this file pin each list.
// Matching is by whole words after normalisation, so "shipping" is never a "pin" and "token" in
// "tokenizer" is not a token.

/** "isAdmin", "is_admin", "is-admin", "IsAdmin", "X-Is-Admin" → ["is", "admin"]; "apiKeys[].secret" → ["api", "keys", "secret"]. Shared from a cache: never mutate the result. */
// Specs repeat the same few hundred names thousands of times; the split is cached (bounded).
const wordsCache = new Map<string, string[]>();
const MAX_CACHED_NAMES = 20_000;

export function nameWords(name: string): string[] {
  const cached = wordsCache.get(name);
  if (cached) return cached;
  const words = splitWords(name);
  if (wordsCache.size >= MAX_CACHED_NAMES) wordsCache.clear();
  wordsCache.set(name, words);
  return words;
}

function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.toLowerCase());
}

/** The words run together: "password_hash" and "passwordHash" both → "passwordhash". */
export const compactName = (name: string) => nameWords(name).join("");

const wordSet = (...words: string[]) => new Set(words);
const hasAny = (words: string[], set: ReadonlySet<string>) => words.some((word) => set.has(word));

/** The static words of a path, without parameters: "/v1/users/{id}/reset-password" → ["v1", "users", "reset", "password"]. Shared from a cache: never mutate the result. */
// Most rules ask for the words of every operation's path, several times each; cached like nameWords.
const pathWordsCache = new Map<string, string[]>();

export function pathWords(path: string): string[] {
  const cached = pathWordsCache.get(path);
  if (cached) return cached;
  const words = path
    .split("/")
    .filter((segment) => segment && !segment.startsWith("{") && !segment.includes(":"))
    .flatMap(nameWords);
  if (pathWordsCache.size >= MAX_CACHED_NAMES) pathWordsCache.clear();
  pathWordsCache.set(path, words);
  return words;
}

/** Words of the path, operationId, summary and tags: what the operation says it does. */
export function operationWords(operation: TModelOperation): string[] {
  return [...pathWords(operation.path), ...nameWords(operation.operationId ?? ""), ...nameWords(operation.summary ?? ""), ...operation.tags.flatMap(nameWords)];
}

// Privileged or server-managed properties: a caller who can write them grants itself rights,
// money or approval (OWASP API3 mass assignment: role, isAdmin, balance, price, status checks).
const PRIVILEGED_WORDS = wordSet(
  "admin",
  "administrator",
  "superuser",
  "staff",
  "role",
  "roles",
  "permission",
  "permissions",
  "privilege",
  "privileges",
  "scope",
  "scopes",
  "verified",
  "approved",
  "approval",
  "owner",
  "balance",
  "credit",
  "price",
  "cost",
  "fee",
  "fees",
  "discount",
  "salary",
  "rate",
  "quota",
  "tier",
  "internal",
  "skip",
  "bypass",
  "override",
  "trusted",
  "promoted",
  "featured",
  "decision",
  "kyc",
  "banned",
  "suspended",
  "locked",
  // Internal processing parameters (transcoding, pipeline or job settings) the server should choose.
  "params",
  "processing",
  "pipeline",
);
// Whole compact names that are privileged though no single word is ("sudo", "is_root").
const PRIVILEGED_COMPACT = wordSet("sudo", "isroot", "superadmin", "accountstatus", "paymentstatus");

/** A property a client should not set on itself: admin flags, roles, prices, balances, approvals, internal switches. */
export function isPrivilegedFieldName(name: string): boolean {
  const words = nameWords(name);
  // "adminPin" is a credential (its own rules), not a privilege flag.
  if (credentialKind(name) !== null) return false;
  return hasAny(words, PRIVILEGED_WORDS) || PRIVILEGED_COMPACT.has(words.join(""));
}

// Fields the server sets: when a write body reuses the read model, these should be readOnly.
const SERVER_MANAGED_WORDS = wordSet("id", "uuid", "status", "state", "created", "updated", "modified", "deleted", "version", "total", "balance", "owner", "verified", "approved");

/** A field the server, not the client, normally sets (ids, timestamps, status, totals). */
export function isServerManagedFieldName(name: string): boolean {
  const words = nameWords(name);
  return hasAny(words, SERVER_MANAGED_WORDS) || isPrivilegedFieldName(name);
}

// Secrets and credentials: never fine in a response except as the caller's own, freshly issued
// credential (a login's token, an API key secret shown once at creation).
const SECRET_WORDS = wordSet("secret", "secrets", "token", "tokens", "apikey", "private", "credential", "credentials", "seed");
// Credentials that no response should ever carry, not even the caller's own.
const CREDENTIAL_WORDS = wordSet("password", "passwd", "passphrase", "pwd", "hash", "hashed", "cvv", "cvc", "cvv2", "pin", "ssn");
const CREDENTIAL_COMPACT = wordSet(
  "cardnumber",
  "creditcardnumber",
  "pan",
  "nationalid",
  "nationalidnumber",
  "nationalinsurancenumber",
  "socialsecuritynumber",
  "taxid",
  "passportnumber",
  "privatekey",
  "mfasecret",
  "otpsecret",
  "totpsecret",
);
const CREDENTIAL_SUFFIXES = [...CREDENTIAL_COMPACT];
// Words that say a value is shown masked or only in part ("last4", "maskedPan").
const MASKED_WORDS = wordSet("masked", "mask", "last4", "lastfour", "four", "suffix", "hint", "truncated", "redacted", "obfuscated", "length", "expires", "expiry", "type", "url", "at", "id");

export type TCredentialKind = "credential" | "secret";

/**
 * "credential" for passwords, hashes, card numbers, CVVs, PINs and national ids (no response should
 * carry them); "secret" for tokens, API key secrets and private keys (fine once, to their owner).
 */
export function credentialKind(name: string): TCredentialKind | null {
  const words = nameWords(name);
  if (!words.length || hasAny(words, MASKED_WORDS)) return null;
  const compact = words.join("");
  if (hasAny(words, CREDENTIAL_WORDS) || CREDENTIAL_COMPACT.has(compact) || CREDENTIAL_SUFFIXES.some((key) => compact.endsWith(key))) return "credential";
  if (hasAny(words, SECRET_WORDS) || compact.endsWith("apikey") || (words.at(-1) === "key" && words.length > 1 && ["api", "access", "signing", "private", "secret"].includes(words.at(-2) ?? ""))) return "secret";
  return null;
}

// Personal data whose exposure harms a person other than the caller (contact details,
// birth dates, network identity, money details).
const PERSONAL_WORDS = wordSet("email", "phone", "mobile", "birth", "dob", "birthdate", "ip", "address", "iban", "salary", "income", "diagnosis", "gender");
const PERSONAL_COMPACT = wordSet("dateofbirth", "accountnumber", "sortcode", "homeaddress", "lastloginip");

/** A field that carries personal data about someone. */
export function isPersonalFieldName(name: string): boolean {
  const words = nameWords(name);
  if (hasAny(words, MASKED_WORDS)) return false;
  return hasAny(words, PERSONAL_WORDS) || PERSONAL_COMPACT.has(words.join(""));
}

// Path words that mean "the caller's own record": its data is not exposure of other people's.
const SELF_WORDS = wordSet("me", "self", "my", "mine", "current", "myself", "whoami", "profile", "account", "session", "userinfo");
/** "/me", "/users/me/…", "/my/orders", "/session": the operation acts on the caller itself. */
export function isOwnDataPath(path: string): boolean {
  const segments = path.split("/").filter(Boolean);
  return segments.some((segment) => ["me", "self", "my", "mine", "current", "myself", "whoami", "userinfo"].includes(segment.toLowerCase())) || (segments.length === 1 && SELF_WORDS.has((segments[0] ?? "").toLowerCase()));
}

// Names that are not references to stored objects, though they end in "id".
const NON_OBJECT_ID_WORDS = wordSet("request", "correlation", "trace", "span", "idempotency", "nonce", "client", "session", "transaction", "device", "message", "event");
const ID_WORDS = wordSet("id", "ids", "uuid", "guid", "oid");

/** An opaque or numeric object reference: "id", "accountId", "account_ids", "userUuid" (but not "requestId" or "idempotencyKey"). */
export function isObjectIdName(name: string): boolean {
  const words = nameWords(name);
  if (!words.length || !ID_WORDS.has(words.at(-1) ?? "")) return false;
  if (words.length === 2 && NON_OBJECT_ID_WORDS.has(words[0] ?? "")) return false;
  return !(words.length > 2 && words[0] === "x");
}

// Natural keys: values people can read, guess or enumerate (user names, e-mail addresses,
// account, record, serial and order numbers, slugs, titles), used as object references.
const NATURAL_KEY_LAST_WORDS = wordSet("username", "login", "handle", "slug", "email", "number", "no", "num", "serial", "mrn", "nhs", "iban", "sku", "reference", "ref", "code");
const NATURAL_KEY_PATH_ONLY = wordSet("name", "title", "user", "key", "label");

/**
 * A guessable natural key. In paths, names and titles count too ("/groups/{groupName}"); in
 * bodies and queries they are data, so only numbers, user names and record keys count there.
 */
export function isNaturalKeyName(name: string, where: "path" | "other"): boolean {
  const words = nameWords(name);
  const last = words.at(-1) ?? "";
  if (words.join("") === "username" || words.join("") === "accountnumber") return true;
  if (where === "other" && (last === "code" || last === "email" || last === "reference" || last === "ref")) return false;
  if (NATURAL_KEY_LAST_WORDS.has(last)) return true;
  return where === "path" && NATURAL_KEY_PATH_ONLY.has(last);
}

// Expression-like inputs the server turns into a query: filter and sort expressions, query
// languages, raw SQL, lookup and coupon codes (OWASP injection: untrusted data sent to an interpreter).
const EXPRESSION_LAST_WORDS = wordSet("filter", "filters", "where", "query", "sql", "criteria", "condition", "conditions", "predicate", "sort", "having", "search", "q", "lookup", "jql", "cql", "odata", "jsonpath", "xpath", "selector", "expr");
const EXPRESSION_COMPACT = wordSet("orderby", "sortby", "groupby", "sortorder", "order", "sortfield", "orderfield");
// Codes whose lookup the server answers differently when they exist (and which are often typed in).
const LOOKUP_WORDS = wordSet("coupon", "voucher", "promo", "promocode");
/** "filter", "sortBy", "where", "q", "couponCode", "groupBy": a value an interpreter may evaluate (the last word decides: "sortCode" is a bank code). */
export function isExpressionInputName(name: string): boolean {
  const words = nameWords(name);
  if (!words.length || isObjectIdName(name)) return false;
  return EXPRESSION_LAST_WORDS.has(words.at(-1) ?? "") || EXPRESSION_COMPACT.has(words.join("")) || hasAny(words, LOOKUP_WORDS);
}
/** Plain free-text search, which a bounded length makes at most a question. */
export const isSearchTextName = (name: string) => ["q", "search", "term", "keyword", "keywords", "text", "searchterm", "searchtext"].includes(compactName(name));

// Inputs that become part of a command line, a host to contact, a template or code.
const COMMAND_WORDS = wordSet("command", "cmd", "exec", "execute", "shell", "script", "bash", "powershell", "eval", "template", "expression", "formula", "snippet", "host", "hostname", "ping", "traceroute", "args", "argv", "arguments");
/** "command", "shellScript", "template", "host", "evalExpression": input that may reach a shell, a template engine or an interpreter. */
export function isCommandInputName(name: string): boolean {
  const words = nameWords(name);
  // "code" is usually an OTP, coupon, country or PKCE code; only source code counts.
  if (["sourcecode", "scriptcode", "programcode", "codesnippet"].includes(words.join(""))) return true;
  return hasAny(words, COMMAND_WORDS);
}

/** The description says the value is a host, an address or part of a command ("host name the device pings"). */
export const describesHostOrCommand = (description: string | undefined) =>
  Boolean(description) && /\b(host ?names?|ip address(es)?|hosts? to (ping|reach|contact|check)|pings?|traceroute|nslookup|shell|command[- ]line|executed|evaluated)\b/i.test(description ?? "");

// Names of inputs that carry a URL the server may fetch.
const URL_WORDS = wordSet("url", "uri", "urls", "uris", "href", "link", "links", "endpoint", "feed", "webpage");
/** "url", "imageUri", "feedUrl", "sourceLink", "endpoint": the name alone says URL. */
export const isUrlInputName = (name: string) => hasAny(nameWords(name), URL_WORDS) && !isObjectIdName(name);
// Names that carry a URL only sometimes ("source": a URL or "web"); a value or description must confirm.
const URL_HINT_WORDS = wordSet("source", "src", "target", "location", "origin", "import", "remote", "download", "address", "destination", "server", "proxy", "upstream");
export const isUrlHintName = (name: string) => hasAny(nameWords(name), URL_HINT_WORDS) && !isObjectIdName(name);
/** The text speaks of a URL or web address. */
export const mentionsUrl = (text: string | undefined) => Boolean(text) && /(url|uri|web address|https?:\/\/|link)\b/i.test(text ?? "");
/** Webhook and callback destinations: the auth/config rules answer these (api7-webhook-destinations). */
export function isCallbackDestinationName(name: string): boolean {
  const words = nameWords(name);
  return words.includes("webhook") || words.includes("callback") || words.includes("hook") || words.includes("notify");
}
// Links that are typically stored and shown to a browser, never fetched by the server.
const DISPLAY_LINK_WORDS = wordSet("image", "avatar", "logo", "icon", "photo", "picture", "banner", "thumbnail", "homepage", "website", "profile", "twitter", "github", "linkedin", "blog");
export const isDisplayLinkName = (name: string) => hasAny(nameWords(name), DISPLAY_LINK_WORDS);
// Operations whose purpose is to fetch what the caller points at (link previews, imports, proxies).
const FETCH_OPERATION_WORDS = wordSet("fetch", "preview", "previews", "unfurl", "import", "imports", "crawl", "scrape", "proxy", "screenshot", "render", "download", "mirror", "ingest");
export const isFetchOperation = (operation: TModelOperation) => hasAny(operationWords(operation), FETCH_OPERATION_WORDS);

/** The field's description says the value is stored or shown, not fetched by the server ("stored as given; the server never downloads it"). */
export const describesStoredOnly = (description: string | undefined) =>
  Boolean(description) &&
  /\b(only stored|stored only|stored as (given|is|provided)|stored and (displayed|shown)|(never|not|does not|doesn't|won't|will not)\s+(\w+\s+)?(fetch|download|request|retriev|call|load|visit|open|follow|contact)\w*|(the )?(browser|client|user agent|apps?|frontend)s? (follows?|loads?|opens?|fetch(es)?|display)|displayed (by|in) the (browser|client|app))/i.test(description ?? "");
/** The description says the server fetches, downloads or calls the value (and does not say it never does). */
export const describesServerFetch = (description: string | undefined) =>
  Boolean(description) && !describesStoredOnly(description) && /\b(fetch(es|ed)?|download(s|ed)?|retriev(es|ed)|crawl(s|ed)?|import(s|ed)? from|(server|we|service) (loads|calls|requests|reads|renders))\b/i.test(description ?? "");

// Redirect targets: where an operation sends the browser next (OWASP / CWE-601). The strong names
// say redirect whatever the operation; the weak ones ("next", "to") are also page cursors and
// recipients, so a rule needs the operation to redirect (a 3xx) or the value to be a URL.
const REDIRECT_COMPACT = wordSet("redirect", "redirecturi", "redirecturl", "redirectto", "returnto", "returnurl", "returnuri", "returnpath", "continue", "continueurl", "goto", "forward", "forwardurl", "nexturl", "successurl", "cancelurl", "failureurl", "errorurl", "backurl", "redir", "rurl", "targeturl", "destinationurl");
const WEAK_REDIRECT_COMPACT = wordSet("next", "to", "dest", "destination", "return", "target", "url", "u", "r", "link");
// The weak names that mean "go there next" rather than "fetch this" on a GET.
const BROWSER_TARGET_COMPACT = wordSet("next", "to", "dest", "return", "u", "r");
export const isBrowserTargetName = (name: string) => BROWSER_TARGET_COMPACT.has(compactName(name));
/** "redirect_uri", "returnTo", "continue", "goto". */
export const isRedirectParameterName = (name: string) => REDIRECT_COMPACT.has(compactName(name));
/** "next", "to", "url": a redirect target only when the operation redirects or the value is a URL. */
export const isWeakRedirectParameterName = (name: string) => WEAK_REDIRECT_COMPACT.has(compactName(name));
const AUTH_FLOW_WORDS = wordSet("login", "logout", "signin", "signout", "sso", "oauth", "authorize", "authorise", "auth", "callback", "session", "saml", "oidc", "consent", "return", "redirect", "out", "go", "away", "exit");
/** Sign-in, sign-out, SSO and "leave the site" operations, where redirect targets live. */
export const isAuthFlowOperation = (operation: TModelOperation) => hasAny(operationWords(operation), AUTH_FLOW_WORDS);
/** "the redirect_uri must match one registered for the client": an allowlist, not an open redirect. */
export const describesAllowlist = (description: string | undefined) =>
  Boolean(description) && /\b(must (exactly )?match|registered|allow-?list(ed)?|white-?list(ed)?|pre-?configured|same[- ]origin|relative path only|only relative)\b/i.test(description ?? "");

// File and path inputs: joined to a directory on the server (CWE-22).
const FILE_NAME_COMPACT = wordSet("file", "filename", "filepath", "path", "filepathname", "dir", "directory", "folder", "document", "doc", "attachment", "key", "object", "objectkey", "name", "logname", "template", "resource");
const FILE_WORDS = wordSet("file", "filename", "filepath", "path", "dir", "directory", "folder");
/** "file", "fileName", "path", "dir": always file-ish; bare "name", "key" or "document" only on file operations. */
export function isFilePathName(name: string, onFileOperation: boolean): boolean {
  const words = nameWords(name);
  if (hasAny(words, FILE_WORDS)) return !isObjectIdName(name);
  return onFileOperation && FILE_NAME_COMPACT.has(words.join(""));
}
// Operations that hand out or read files.
const FILE_OPERATION_WORDS = wordSet("download", "downloads", "file", "files", "export", "exports", "log", "logs", "document", "documents", "attachment", "attachments", "report", "reports", "payslip", "payslips", "statement", "statements", "backup", "backups", "archive", "media", "asset", "assets", "static", "raw");
// In a multipart body, a string field with one of these names is the uploaded file itself.
const UPLOAD_FIELD_WORDS = wordSet("file", "files", "attachment", "attachments", "upload", "document", "image", "photo", "picture", "content", "blob", "data", "payload", "evidence", "scan");
export const isUploadFieldName = (name: string) => hasAny(nameWords(name), UPLOAD_FIELD_WORDS) && !isObjectIdName(name) && !nameWords(name).some((word) => ["name", "path", "url", "type", "size"].includes(word));
export const isFileOperation = (operation: TModelOperation) => hasAny(operationWords(operation), FILE_OPERATION_WORDS);

// Operations that receive a provider's callbacks or webhooks: machine-to-machine, verified (or not) by signature.
const RECEIVER_WORDS = wordSet("callback", "callbacks", "webhook", "webhooks", "hooks", "hook", "ipn", "notifications");
export const isInboundReceiver = (operation: TModelOperation) => operation.method === "POST" && hasAny(pathWords(operation.path), RECEIVER_WORDS);

// Query parameters that bound a list page.
const LIMIT_COMPACT = wordSet("limit", "pagesize", "perpage", "size", "top", "first", "last", "max", "maxresults", "maxitems", "count", "take", "pagelimit", "rows", "num");
export const isLimitParameterName = (name: string) => LIMIT_COMPACT.has(compactName(name));
const PAGE_COMPACT = wordSet("page", "offset", "cursor", "after", "before", "skip", "start", "pagetoken", "nextpagetoken", "continuationtoken", "startingafter", "endingbefore", "pagenumber", "from");
export const isPageParameterName = (name: string, format?: string) => PAGE_COMPACT.has(compactName(name)) && format !== "date" && format !== "date-time";
/** Array fields that carry the page of a collection response. */
export const COLLECTION_FIELD_NAMES = wordSet("data", "items", "results", "records", "entries", "list", "values", "rows", "content", "hits", "elements", "nodes", "edges");

// Numbers that multiply the work one request causes (OWASP API4: a repeat count of 1,000,000).
const MULTIPLIER_WORDS = wordSet("repeat", "repeats", "repetition", "repetitions", "retry", "retries", "attempts", "copies", "times", "iterations", "rounds", "batch", "concurrency", "parallelism", "replicas", "workers", "recipients", "fanout", "multiplier", "loops", "reminder", "reminders", "resend", "resends", "reruns");
/** "repeat", "retryCount", "captureRetries", "copies", "batchSize". */
export const isWorkMultiplierName = (name: string) => hasAny(nameWords(name), MULTIPLIER_WORDS);

// Markup a field keeps: rendered later, it is stored XSS unless encoded.
export const describesMarkup = (text: string | undefined) => Boolean(text) && /\b(html|markup|rich[- ]text|markdown|wysiwyg|svg)\b/i.test(text ?? "");
const MARKUP_WORDS = wordSet("html", "markup", "markdown", "richtext", "rich", "wysiwyg");
export const isMarkupFieldName = (name: string) => hasAny(nameWords(name), MARKUP_WORDS);

// Spreadsheet-like exports, where a value starting with = + - @ becomes a formula.
export const isSpreadsheetMediaType = (mediaType: string) => /^(text\/(csv|tab-separated-values)|application\/(vnd\.ms-excel|vnd\.openxmlformats-officedocument\.spreadsheetml\.sheet|vnd\.oasis\.opendocument\.spreadsheet|csv))/i.test(mediaType);

// Binary media types an upload body may use.
export const isBinaryMediaType = (mediaType: string) => /^(application\/(octet-stream|pdf|zip|x-tar|gzip)|image\/|video\/|audio\/)/i.test(mediaType);
/** The text documents a size limit ("at most 10 MB", "max 5MB", "up to 2 GB", "1048576 bytes"). */
export const describesSizeLimit = (text: string | undefined) => Boolean(text) && /\b(\d+(\.\d+)?\s*(k|m|g)i?b\b|\d+\s*(kilo|mega|giga)?bytes\b|max(imum)?\s+(file\s+)?size|size limit)/i.test(text ?? "");

// Values: what an example says about a field whatever its name.
export const looksLikeUrl = (value: unknown) => typeof value === "string" && /^(https?|ftp|file|gopher):\/\/\S+$/i.test(value.trim());
export const looksLikeHost = (value: unknown) =>
  typeof value === "string" && !looksLikeUrl(value) && !value.includes("@") && (/^(\d{1,3}\.){3}\d{1,3}$/.test(value) || /^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$/i.test(value));

// ---- Authentication and configuration names: credential endpoints, tokens, account changes,
// anti-CSRF headers, signatures, destinations, debug paths, staff functions, placeholder hosts.

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
const ACCOUNT_CREDENTIAL_WORDS = new Set(["password", "passwords", "passphrase", "pin", "passcode", "credential", "credentials", "account", "login", "mfa", "2fa", "otp", "totp"]);
/** Proof-of-control checks: codes sent by email or SMS, pairing and confirmation codes. */
const VERIFY_WORDS = new Set(["verify", "verification", "confirm", "confirmation", "challenge", "pair", "pairing", "activate", "activation", "redeem"]);
/** "/orders/{id}/confirm" confirms an order: a check verifies a person, a device or a channel, or takes a code. */
const VERIFY_SUBJECT_WORDS = new Set([...ACCOUNT_CREDENTIAL_WORDS, "email", "phone", "mobile", "identity", "device", "devices", "user", "users", "me", "signup", "registration", "code", "codes"]);
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
  if (hasAny(words, RECOVERY_WORDS) || (hasAny(words, RESET_WORDS) && hasAny(words, ACCOUNT_CREDENTIAL_WORDS))) return "recovery";
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
export function isUrlLikeField(field: { name: string; format?: string; example?: TBoundedValue; type: string | null }): boolean {
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
const ANONYMOUS_AUTH_FLOW_WORDS = new Set(["oauth", "oauth2", "oidc", "sso", "saml", "authorize", "refresh", "logout", "logoff", "signout", "jwks"]);
export const isAuthFlowPath = (path: string) => hasAny(pathWords(path), ANONYMOUS_AUTH_FLOW_WORDS);

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

// ---- Devices and edge gateways (the IoT entries of the catalogue).

/** Words of device-side operations and credentials: the caller is a machine, not a person. ("gateway", "machine" and "edge" are left out: payment gateways, cloud machines and CDN edges are not devices.) */
const DEVICE_WORDS = new Set(["device", "devices", "thing", "things", "sensor", "sensors", "iot", "telemetry", "firmware", "ota"]);
export const hasDeviceWord = (words: string[]) => hasAny(words, DEVICE_WORDS);
/** A credential meant for devices: its scheme's name or description says so ("deviceToken", "Token issued to the sensor"). */
export const isDeviceScheme = (scheme: TSecurityScheme) => hasDeviceWord([...nameWords(scheme.name), ...nameWords(scheme.parameterName ?? ""), ...nameWords(scheme.description ?? "")]);
/** Identifiers a device is known by: serial numbers, hardware addresses, device ids. */
export const isDeviceIdentifierName = (name: string) => {
  const words = nameWords(name);
  if (words.some((word) => ["serial", "imei", "iccid", "eui", "deveui", "mac", "hwid"].includes(word))) return true;
  return hasAny(words, DEVICE_WORDS) && words.some((word) => ["id", "uid", "uuid", "number", "code"].includes(word));
};
/** Paths and operations where a device enrols: the identifier it sends is what it claims to be. */
const ENROL_WORDS = new Set(["register", "registration", "enroll", "enrol", "enrollment", "enrolment", "provision", "provisioning", "onboard", "onboarding"]);
/** "POST /devices/register", "POST /enroll"; not "/events/{id}/register", which signs someone up for an existing object. */
export const isEnrolmentOperation = (operation: TModelOperation) =>
  operation.method === "POST" && !operation.path.includes("{") && hasAny([...pathWords(operation.path), ...nameWords(operation.operationId ?? "")], ENROL_WORDS);
/** A scheme description that says one secret is shared by many devices. */
export const DESCRIBES_SHARED_DEVICE_SECRET = /\b(factory|provisioning|manufactur(ing|er)|burn(ed|t)? in(to)?|baked in(to)?|shared (by|across|between)|same (key|secret|token) for|(every|all|each) (device|unit|sensor|gateway|machine)s? of (a|the|one) (model|batch|type|fleet)|fleet-?wide)\b/i;
/** Firmware and over-the-air update operations. */
const FIRMWARE_WORDS = new Set(["firmware", "ota", "bootloader"]);
export const isFirmwareOperation = (operation: TModelOperation) => hasAny([...pathWords(operation.path), ...nameWords(operation.operationId ?? "")], FIRMWARE_WORDS);
/** Checksums: they catch a corrupted download, not a forged one from the same source. */
const DIGEST_WORDS = new Set(["sha1", "sha256", "sha384", "sha512", "md5", "checksum", "hash", "digest", "crc", "crc32"]);
export const isDigestName = (name: string) => hasAny(nameWords(name), DIGEST_WORDS);
/** Hosts of a local network interface (a gateway on the installation Wi-Fi): private and link-local addresses and mDNS names. */
export const isLocalNetworkHost = (hostname: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.|169\.254\.)/.test(hostname) || /\.(local|lan|home\.arpa)$/i.test(hostname);

// ---- Who signs in: privileged audiences, and second factors.

/** Callers whose accounts reach other people's data or the system itself: a stolen password alone is worth more there. */
const PRIVILEGED_AUDIENCE_WORDS = new Set(["staff", "admin", "admins", "administrator", "administrators", "operator", "operators", "employee", "employees", "agent", "agents", "moderator", "moderators", "superuser", "backoffice", "console", "clinician", "clinicians"]);
export const privilegedAudienceWord = (words: string[]) => words.find((word) => PRIVILEGED_AUDIENCE_WORDS.has(word)) ?? null;
/** A second factor step or field: one-time codes, authenticator apps, security keys. */
const SECOND_FACTOR_WORDS = new Set(["otp", "totp", "hotp", "mfa", "2fa", "webauthn", "fido", "fido2", "passkey", "passkeys", "authenticator"]);
export const namesSecondFactor = (words: string[]) => hasAny(words, SECOND_FACTOR_WORDS) || [" two factor ", " multi factor ", " second factor ", " security key "].some((phrase) => joined(words).includes(phrase));

// ---- Costly query syntax and promotion codes.

/** An input description that says the server evaluates a pattern language: each such query can cost far more than a lookup. */
export const describesCostlyQuerySyntax = (text: string | undefined) =>
  Boolean(text) && /\b(wildcards?|regular expressions?|regex(es|ps?)?|glob patterns?|fuzzy (match(ing)?|search)|query (syntax|language)|lucene)\b/i.test(text ?? "");
/** Operations that apply a promotion: coupons, vouchers, promo and referral codes (gift cards are stored value, judged as credentials). */
const PROMOTION_WORDS = new Set(["coupon", "coupons", "voucher", "vouchers", "promo", "promos", "promotion", "promotions", "discount", "discounts", "referral", "referrals"]);
export const isPromotionOperation = (operation: TModelOperation) => hasAny(operationWords(operation), PROMOTION_WORDS);
/** The code a caller types to get the promotion. */
export const isPromotionCodeName = (name: string) => hasAny(nameWords(name), new Set(["code", ...PROMOTION_WORDS]));

/** A price or cost of the thing itself ("price", "unitPrice", "costPrice"); fees, rates and discounts are not. */
export const isPriceFieldName = (name: string) => hasAny(nameWords(name), new Set(["price", "cost"]));

/** A business's own commercial figures (what it pays, what it earns on each sale): confidential to it, not to its customers or partners. */
const COMMERCIAL_WORDS = new Set(["margin", "margins", "profit", "wholesale", "markup"]);
const COMMERCIAL_COMPACT = new Set(["costprice", "unitcost", "purchaseprice", "supplierprice", "suppliercost", "buyprice", "landedcost", "costofgoods"]);
export const isInternalCommercialFieldName = (name: string) => hasAny(nameWords(name), COMMERCIAL_WORDS) || COMMERCIAL_COMPACT.has(compactName(name));
