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

let spectral: InstanceType<typeof Spectral> | undefined;

function linter() {
  if (!spectral) {
    spectral = new Spectral();
    spectral.setRuleset(owaspRuleset as Parameters<InstanceType<typeof Spectral>["setRuleset"]>[0]);
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

export async function lintSpec(text: string): Promise<TLintFinding[]> {
  const results = await linter().run(new Document(text, Yaml, "spec"), { ignoreUnknownFormat: true });
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
