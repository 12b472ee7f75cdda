import type { TModelOperation } from "@/lib/core/specs/operation-model/types";

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
const hasAny = (words: string[], set: Set<string>) => words.some((word) => set.has(word));

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
