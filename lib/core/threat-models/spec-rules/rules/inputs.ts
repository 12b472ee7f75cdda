import type { TModelOperation } from "@/lib/core/specs/operation-model/types";
import {
  describesAllowlist,
  describesServerFetch,
  describesStoredOnly,
  credentialKind,
  describesMarkup,
  isMarkupFieldName,
  isPersonalFieldName,
  isSpreadsheetMediaType,
  isAuthFlowOperation,
  isBrowserTargetName,
  describesHostOrCommand,
  isCallbackDestinationName,
  isCommandInputName,
  isDisplayLinkName,
  isExpressionInputName,
  isFetchOperation,
  isFileOperation,
  isFilePathName,
  isRedirectParameterName,
  isUploadFieldName,
  isSearchTextName,
  isUrlHintName,
  isUrlInputName,
  isWeakRedirectParameterName,
  looksLikeHost,
  looksLikeUrl,
  mentionsUrl,
  nameWords,
  operationWords,
  describesCostlyQuerySyntax,
  isPromotionCodeName,
  isPromotionOperation,
} from "../names";
import { isThrottled } from "../operation-parts";
import { operationEvidence } from "../scoring";
import type { TSpecRule, TSpecRuleContext } from "../types";
import { bodyInputs, describeType, exampleValues, inputsOf, isSafeMethod, isServed, parameterInputs, successResponses, type TInput } from "./inputs-of";

// Inputs an interpreter, a fetcher, a browser redirect or the file system will act on. The spec
// cannot show whether the server escapes or validates them, so most of these are UNSURE: they say
// where to test. A documented constraint (enum, pattern, a short maxLength for free text) is taken
// as the answer to that question and the input is left out.

const isText = (input: TInput) => (input.facts.type ?? "string").split("|").includes("string") && !input.facts.enum;
const MAX_SAFE_SEARCH_LENGTH = 200;
const URL_FORMATS = new Set(["uri", "url", "iri", "uri-reference", "iri-reference", "uri-template"]);
const HOST_FORMATS = new Set(["hostname", "idn-hostname", "ipv4", "ipv6"]);

const LOOKUP_OPERATION_WORDS = new Set(["coupon", "coupons", "voucher", "vouchers", "promo", "promotion", "promotions", "gift", "redeem", "lookup", "discount", "discounts"]);
const LOOKUP_INPUT_WORDS = new Set(["code", "key", "name"]);

function expressionInputs(operation: TModelOperation): TInput[] {
  const lookupOperation = operationWords(operation).some((word) => LOOKUP_OPERATION_WORDS.has(word));
  return inputsOf(operation).filter((input) => {
    if (!isText(input) || input.location === "header" || input.location === "cookie" || input.facts.pattern || input.facts.format === "uuid") return false;
    const lookupKey = lookupOperation && nameWords(input.name).some((word) => LOOKUP_INPUT_WORDS.has(word));
    if (!lookupKey && !isExpressionInputName(input.name)) return false;
    // A bounded plain search is a question, not evidence; filters and expressions stay in.
    return !(isSearchTextName(input.name) && input.facts.maxLength !== undefined && input.facts.maxLength <= MAX_SAFE_SEARCH_LENGTH);
  });
}

const redirects = (operation: TModelOperation) => operation.statusCodes.some((status) => /^3(0[1-3]|0[78])$|^3XX$/i.test(status));

function urlEvidenceOf(input: TInput): "format" | "example" | "name" | null {
  if (input.facts.format && URL_FORMATS.has(input.facts.format)) return "format";
  if (exampleValues(input.facts).some(looksLikeUrl)) return "example";
  if (isUrlInputName(input.name) || (isUrlHintName(input.name) && mentionsUrl(input.facts.description))) return "name";
  return null;
}

type TUrlEvidence = "format" | "example" | "name" | "display-link";

function fetchedUrlInputs(operation: TModelOperation): { input: TInput; by: TUrlEvidence }[] {
  return inputsOf(operation).flatMap((input): { input: TInput; by: TUrlEvidence }[] => {
    if (input.location === "header" || input.location === "cookie" || input.facts.enum) return [];
    if (isCallbackDestinationName(input.name) || isRedirectParameterName(input.name)) return [];
    // "next" or "to" on a GET or a redirecting operation is where the browser goes, not a fetch.
    if (isWeakRedirectParameterName(input.name) && (redirects(operation) || (isSafeMethod(operation) && isBrowserTargetName(input.name)))) return [];
    const by = urlEvidenceOf(input);
    if (!by) return [];
    // Links the spec says are only stored or shown (an avatar the browser loads) are not fetched by the server.
    const description = input.facts.description;
    if (describesStoredOnly(description) || describesAllowlist(description)) return [];
    // An image or homepage link the spec says nothing about is a weaker hint: fetched only if the server makes thumbnails or previews.
    if (isDisplayLinkName(input.name) && !describesServerFetch(description) && !isFetchOperation(operation)) return [{ input, by: "display-link" }];
    return [{ input, by }];
  });
}


function redirectInputs(operation: TModelOperation): TInput[] {
  const flow = isAuthFlowOperation(operation);
  return inputsOf(operation).filter((input) => {
    if (!isText(input) || input.location === "header" || input.location === "cookie" || describesAllowlist(input.facts.description)) return false;
    const urlValue = urlEvidenceOf(input) !== null && urlEvidenceOf(input) !== "name";
    if (isRedirectParameterName(input.name)) return isSafeMethod(operation) || flow || redirects(operation);
    if (isWeakRedirectParameterName(input.name)) return (redirects(operation) || flow) && (urlValue || input.location === "query" || isUrlInputName(input.name));
    return redirects(operation) && urlValue;
  });
}

function commandInputs(operation: TModelOperation): { input: TInput; host: boolean }[] {
  return inputsOf(operation).flatMap((input) => {
    if (!isText(input) || input.location === "header" || input.location === "cookie") return [];
    const host = (input.facts.format !== undefined && HOST_FORMATS.has(input.facts.format)) || exampleValues(input.facts).some(looksLikeHost) || describesHostOrCommand(input.facts.description);
    if (isCommandInputName(input.name)) return [{ input, host }];
    return host && !isCallbackDestinationName(input.name) ? [{ input, host }] : [];
  });
}

const BINARY_FORMATS = new Set(["binary", "byte", "base64"]);
function filePathInputs(operation: TModelOperation): TInput[] {
  const fileOperation = isFileOperation(operation);
  return inputsOf(operation).filter((input) => {
    if (!isText(input) || input.location === "header" || input.location === "cookie") return false;
    if ((input.facts.format && (BINARY_FORMATS.has(input.facts.format) || input.facts.format === "uuid")) || input.facts.type === "file") return false;
    // In a multipart body, `file` is the uploaded content, not a path.
    if (input.mediaType && /multipart|octet-stream/i.test(input.mediaType) && isUploadFieldName(input.name)) return false;
    // A bare "name" in a create body is a display name; on a read of files it picks the file.
    const bareNameAllowed = fileOperation && (isSafeMethod(operation) || input.location !== "body");
    return isFilePathName(input.name, bareNameAllowed);
  });
}

const URL_REASONS: Record<TUrlEvidence, string> = {
  format: ", a URL (its schema says so) the server may fetch",
  example: ", whose example is a URL the server may fetch",
  name: ", named like a URL the server may fetch",
  "display-link": ", an image or page link the spec does not say is only stored; if the server fetches it (thumbnails, previews) it can be pointed at internal hosts",
};

const evidenceFor = (operation: TModelOperation, context: TSpecRuleContext, input: TInput, reason: string, strength: "direct" | "indirect") =>
  operationEvidence(operation, context, { target: input.target, reason: `\`${operation.key}\` takes ${input.label} ${describeType(input.facts)}${reason}`, strength });

/** What an engine evaluates as a pattern language (wildcards, regular expressions, a query syntax), by description or `format: regex`. */
const costlyQueryInputs = (operation: TModelOperation) =>
  inputsOf(operation).filter((input) => isText(input) && input.location !== "header" && input.location !== "cookie" && (input.facts.format === "regex" || describesCostlyQuerySyntax(input.facts.description)));

/** Promotion codes a script can try or reuse at will: a write that applies one and documents no throttling. */
const promotionCodeInputs = (operation: TModelOperation) =>
  !isServed(operation) || isSafeMethod(operation) || !isPromotionOperation(operation) || isThrottled(operation) ? [] : inputsOf(operation).filter((input) => isText(input) && input.location !== "header" && input.location !== "cookie" && isPromotionCodeName(input.name));

export const INPUT_RULES: TSpecRule[] = [
  {
    id: "costly-query-syntax",
    entryKey: "api4-expensive-queries",
    looksFor: "Inputs whose description says the server evaluates wildcards, regular expressions or a query syntax (or whose format is regex): one request can cost far more than a lookup.",
    example: "GET /search?query=… described as \"wildcards, regular expressions (/re/), field:value\"",
    answer: "UNSURE",
    evaluate: (operation, context) =>
      costlyQueryInputs(operation).map((input) => evidenceFor(operation, context, input, ", which the spec says accepts wildcards, regular expressions or a query syntax; such queries can be made arbitrarily expensive", "indirect")),
  },
  {
    id: "promotion-code-unthrottled",
    entryKey: "api6-signup-and-promotion-abuse",
    looksFor: "Writes that apply a coupon, voucher, promo, discount or referral code and document no 429 response or rate-limit header: a script can try codes or reuse one at will.",
    example: "POST /cart/coupon { code } → 200, 404 (no 429)",
    answer: "UNSURE",
    evaluate: (operation, context) =>
      promotionCodeInputs(operation).map((input) => evidenceFor(operation, context, input, ", a promotion code, and documents no 429 response or rate-limit header: scripts can try codes or redeem one repeatedly", "indirect")),
  },
  {
    id: "injection-expression-input",
    entryKey: "inj-sql-nosql",
    looksFor: "Free string inputs that an interpreter may evaluate: filter, where, sort and group-by expressions, query languages, raw SQL, coupon and lookup codes, without an enum or pattern (a plain search with a short maxLength is left out).",
    example: "GET /transactions?filter=amount gt 100 and payee eq 'x'",
    answer: "UNSURE",
    evaluate: (operation, context) =>
      expressionInputs(operation).map((input) => evidenceFor(operation, context, input, ", a query expression or lookup key with no enum or pattern; a query built from it may be injectable", "indirect")),
  },
  {
    id: "xml-request-body",
    entryKey: "inj-xml-deserialization",
    looksFor: "Operations that accept an XML request body, where external entities and entity expansion must be switched off.",
    example: "POST /imports with content application/xml",
    answer: "UNSURE",
    evaluate: (operation, context) => {
      if (operation.kind !== "operation") return [];
      const xml = (operation.requestBody?.content ?? []).find((content) => content.kind === "xml" || /xml/i.test(content.mediaType));
      if (!xml) return [];
      return [
        operationEvidence(operation, context, {
          target: { kind: "request-field", mediaType: xml.mediaType, path: "$", name: "" },
          reason: `\`${operation.key}\` accepts an XML request body (\`${xml.mediaType}\`); the parser must refuse external entities and DTDs`,
          strength: "direct",
        }),
      ];
    },
  },
  {
    id: "command-template-or-host-input",
    entryKey: "inj-command-template-code",
    looksFor: "String inputs named like commands, scripts, templates or expressions, or that carry a host name or IP address (format hostname/ipv4 or such an example).",
    example: "POST /diagnostics { host: \"10.0.0.7\" } or { template: \"Dear {{name}}\" }",
    answer: "UNSURE",
    evaluate: (operation, context) =>
      commandInputs(operation).map(({ input, host }) =>
        evidenceFor(operation, context, input, host ? ", a host name or address; passed to a network tool or shell it allows command injection" : ", named like a command, script, template or expression the server may run", "indirect"),
      ),
  },
  {
    id: "ssrf-url-input",
    entryKey: "api7-url-inputs",
    looksFor: "Inputs that carry a URL the server may fetch: format uri, an example that is a URL, or a URL-like name; links the spec says are only stored or shown (image, avatar, homepage), redirect targets and webhook destinations are left to their own rules.",
    example: "POST /link-previews { target: \"https://example.com/page\" }",
    answer: "YES",
    evaluate: (operation, context) =>
      fetchedUrlInputs(operation).map(({ input, by }) =>
        evidenceFor(
          operation,
          context,
          input,
          URL_REASONS[by],
          by === "format" || by === "example" ? "direct" : "indirect",
        ),
      ),
  },
  {
    id: "open-redirect-parameter",
    entryKey: "inj-open-redirect",
    looksFor: "Redirect targets chosen by the caller (redirect, return_to, next, continue, url, to) on GET operations, sign-in and sign-out flows or operations that answer with a redirect, unless the spec says the target must match a registered value.",
    example: "GET /out?to=https://… answering 302",
    answer: "UNSURE",
    evaluate: (operation, context) =>
      redirectInputs(operation).map((input) => evidenceFor(operation, context, input, ", a redirect target the caller chooses; nothing in the spec limits it to known destinations", redirects(operation) ? "direct" : "indirect")),
  },
  {
    id: "path-traversal-file-input",
    entryKey: "inj-path-traversal",
    looksFor: "File names and paths from the caller (file, fileName, path, dir; on download, export and log operations also name or key) without an enum.",
    example: "GET /statements/download?file=2026-11.pdf",
    answer: "UNSURE",
    evaluate: (operation, context) =>
      filePathInputs(operation).map((input) => evidenceFor(operation, context, input, ", a file name or path; joined to a directory, ../ sequences can reach other files", "indirect")),
  },
  {
    id: "sensitive-data-in-url",
    entryKey: "data-sensitive-in-urls",
    looksFor: "Personal data, credentials or secrets in the URL (path or query parameters, API keys in the query string), where logs, proxies and browser history keep them.",
    example: "GET /patients?birthDate=1980-02-01 or an apiKey security scheme `in: query`",
    answer: "YES",
    evaluate: (operation, context) => {
      if (!isServed(operation)) return [];
      const inUrl = parameterInputs(operation).filter((input) => (input.location === "query" || input.location === "path") && (isPersonalFieldName(input.name) || credentialKind(input.name) !== null));
      const evidence = inUrl.map((input) => evidenceFor(operation, context, input, ", personal data or a credential in the URL, which logs and proxies keep", "direct"));
      for (const alternative of operation.security.alternatives) {
        for (const { scheme } of alternative.schemes) {
          if (scheme.type !== "apiKey" || scheme.in !== "query") continue;
          evidence.push(
            operationEvidence(operation, context, {
              target: { kind: "security", scheme: scheme.name },
              reason: `\`${operation.key}\` takes its credential in the query string (security scheme \`${scheme.name}\`, parameter \`${scheme.parameterName ?? "?"}\`), where logs and proxies keep it`,
              strength: "direct",
            }),
          );
        }
      }
      return evidence;
    },
  },
  {
    id: "stored-markup-input",
    entryKey: "xss-stored-content",
    looksFor: "Write bodies with text fields that keep HTML, Markdown or rich text (by name, format or description), rendered later to other users.",
    example: "POST /reviews { body: string, description: \"basic HTML is kept\" }",
    answer: "UNSURE",
    evaluate: (operation, context) => {
      if (!isServed(operation) || isSafeMethod(operation)) return [];
      return bodyInputs(operation)
        .filter((input) => isText(input) && (isMarkupFieldName(input.name) || describesMarkup(input.facts.description) || describesMarkup(input.facts.format)))
        .map((input) => evidenceFor(operation, context, input, ", text that keeps markup; shown to other users it must be sanitised or encoded", "indirect"));
    },
  },
  {
    id: "spreadsheet-export",
    entryKey: "xss-export-formula-injection",
    looksFor: "Operations that return CSV or spreadsheet files, where values that start with = + - @ run as formulas when opened.",
    example: "GET /exports/{id} → text/csv",
    answer: "UNSURE",
    evaluate: (operation, context) => {
      if (!isServed(operation)) return [];
      for (const response of successResponses(operation)) {
        const sheet = response.content.find((content) => isSpreadsheetMediaType(content.mediaType));
        if (!sheet) continue;
        return [
          operationEvidence(operation, context, {
            target: { kind: "response", status: response.status },
            reason: `\`${operation.key}\` returns ${sheet.mediaType} in its ${response.status} response; values users typed must be escaped so none runs as a formula`,
            strength: "indirect",
          }),
        ];
      }
      return [];
    },
  },
];
