import { createRequire } from "node:module";

// Spectral with the OWASP API Security ruleset, run in this process. The ruleset is JavaScript
// shipped in the npm package, so nothing is fetched at lint time.
const require = createRequire(import.meta.url);
const { Spectral, Document } = require("@stoplight/spectral-core") as typeof import("@stoplight/spectral-core");
const { Yaml } = require("@stoplight/spectral-parsers") as typeof import("@stoplight/spectral-parsers");
const owaspModule = require("@stoplight/spectral-owasp-ruleset") as { default?: unknown };
const owaspRuleset = owaspModule.default ?? owaspModule;

export type TLintSeverity = "ERROR" | "WARN" | "INFO" | "HINT";

export type TLintFinding = {
  ruleId: string;
  severity: TLintSeverity;
  message: string;
  /** JSON pointer of the finding. */
  path: string;
  /** 1-based. */
  line: number | null;
  /** "GET /pets/{id}" when the finding sits inside an operation. */
  operationKey: string | null;
};

const SEVERITY: TLintSeverity[] = ["ERROR", "WARN", "INFO", "HINT"];
const METHODS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

type TRulesetDefinition = { rules: Record<string, Record<string, unknown>> } & Record<string, unknown>;

/**
 * Rules that walk every schema (`$..[?(@.type == "string")]` and the like) and then read only the
 * matched schema's own keywords (maxLength, format, maxItems, additionalProperties…). On the resolved
 * document Spectral walks each shared component once per reference, maps every hit back to the
 * component and deduplicates: on a 1,000-operation spec that was most of the lint time
 * (docs/PERFORMANCE.md). The document as written holds every schema exactly once, so linting it
 * unresolved finds the same locations; lint-spec.parity.test.ts runs both and requires identical
 * findings on the corpus and on the generated bench spec.
 */
export const UNRESOLVED_SCHEMA_RULES = [
  "owasp:api3:2023-no-additionalProperties",
  "owasp:api3:2023-constrained-additionalProperties",
  "owasp:api3:2023-no-unevaluatedProperties",
  "owasp:api3:2023-constrained-unevaluatedProperties",
  "owasp:api4:2023-array-limit",
  "owasp:api4:2023-string-limit",
  "owasp:api4:2023-string-restricted",
  "owasp:api4:2023-integer-limit",
  "owasp:api4:2023-integer-limit-legacy",
  "owasp:api4:2023-integer-format",
] as const;

/** The OWASP ruleset as shipped, for the parity test. */
export const stockRuleset = owaspRuleset as TRulesetDefinition;

export function tunedRuleset(stock: TRulesetDefinition = stockRuleset): TRulesetDefinition {
  const rules = { ...stock.rules };
  for (const id of UNRESOLVED_SCHEMA_RULES) {
    const rule = rules[id];
    if (!rule) throw new Error(`The OWASP ruleset has no rule ${id} any more; review UNRESOLVED_SCHEMA_RULES.`);
    rules[id] = { ...rule, resolved: false };
  }
  return { ...stock, rules };
}

type TSpectral = InstanceType<typeof Spectral>;
const linters = new Map<TRulesetDefinition, TSpectral>();
let tuned: TRulesetDefinition | undefined;

function linter(ruleset?: TRulesetDefinition): TSpectral {
  const chosen = ruleset ?? (tuned ??= tunedRuleset());
  let spectral = linters.get(chosen);
  if (!spectral) {
    spectral = new Spectral();
    spectral.setRuleset(chosen as Parameters<TSpectral["setRuleset"]>[0]);
    linters.set(chosen, spectral);
  }
  return spectral;
}

function pointerOf(path: readonly (string | number)[]): string {
  return path.map((part) => `/${String(part).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

function operationKeyOf(path: readonly (string | number)[]): string | null {
  const [root, route, method] = path;
  if ((root === "paths" || root === "webhooks") && typeof route === "string" && typeof method === "string" && METHODS.has(method)) {
    return `${method.toUpperCase()} ${root === "webhooks" ? `webhook:${route}` : route}`;
  }
  return null;
}

/**
 * A `$ref` with sibling keywords (allowed in OpenAPI 3.1) is where the two readings part: resolved,
 * Spectral also reports the referenced schema at the reference's own location. Such documents are
 * linted with the ruleset as shipped.
 */
export function hasRefWithSiblings(document: unknown): boolean {
  const pending: unknown[] = [document];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!node || typeof node !== "object") continue;
    if (Array.isArray(node)) {
      pending.push(...node);
      continue;
    }
    const keys = Object.keys(node);
    if (keys.length > 1 && typeof (node as Record<string, unknown>).$ref === "string") return true;
    for (const key of keys) pending.push((node as Record<string, unknown>)[key]);
  }
  return false;
}

/**
 * `document` is the spec already parsed from `text`: it decides whether the tuned ruleset applies.
 * `ruleset` is for the parity test.
 */
export async function lintSpec(text: string, options: { document?: unknown; ruleset?: TRulesetDefinition } = {}): Promise<TLintFinding[]> {
  const ruleset = options.ruleset ?? (options.document !== undefined && !hasRefWithSiblings(options.document) ? undefined : stockRuleset);
  const results = await linter(ruleset).run(new Document(text, Yaml, "spec"), { ignoreUnknownFormat: true });
  return results
    .filter((result) => !String(result.code).startsWith("parser"))
    .map((result) => ({
      ruleId: String(result.code),
      severity: SEVERITY[result.severity] ?? "INFO",
      message: result.message.slice(0, 1000),
      path: pointerOf(result.path),
      line: result.range ? result.range.start.line + 1 : null,
      operationKey: operationKeyOf(result.path),
    }));
}
