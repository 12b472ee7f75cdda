import type { AuthScheme, DataClassification, DataFlag, Exposure, Lifecycle } from "@/lib/generated/prisma/enums";
import { RULE_ENTRY_KEYS } from "./catalog-schema";

// What the inventory already tells: each rule looks at the API's recorded facts, its operations
// (from the imported spec) and the spec's lint findings, and may pre-answer one checklist entry,
// always with a reason a person can verify. Users can override every pre-answer.

export type TRuleOperation = {
  id: string;
  method: string;
  path: string;
  requiresAuth: boolean;
  deprecated: boolean;
  flags: string[];
  sensitiveFields: string[];
};

export type TRuleFinding = { ruleId: string; operationId: string | null };

export type TRuleContext = {
  api: {
    exposure: Exposure;
    lifecycle: Lifecycle;
    authSchemes: AuthScheme[];
    dataClassification: DataClassification;
    dataFlags: DataFlag[];
    environments: { name: string; baseUrl: string }[];
  };
  /** Operations of the latest spec (removed ones excluded). */
  operations: TRuleOperation[];
  findings: TRuleFinding[];
};

export type TRuleAnswerValue = "YES" | "UNSURE" | "NO";

export type TRuleAnswer = {
  entryKey: string;
  answer: TRuleAnswerValue;
  reason: string;
  operationIds: string[];
  /** LINT when only Spectral's findings led to the answer. */
  source: "RULE" | "LINT";
};

type TRule = {
  entryKey: string;
  /** One line for the rules page and the code reader. */
  summary: string;
  evaluate: (context: TRuleContext) => Omit<TRuleAnswer, "entryKey"> | null;
};

const name = (operation: TRuleOperation) => `${operation.method} ${operation.path}`;

/** "GET /a, POST /b and 3 more" */
export function listOperations(operations: TRuleOperation[], max = 3): string {
  const names = operations.slice(0, max).map(name);
  const rest = operations.length - names.length;
  if (rest > 0) return `${names.join(", ")} and ${rest} more`;
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;
const isWebhook = (operation: TRuleOperation) => operation.flags.includes("webhook");
const served = (context: TRuleContext) => context.operations.filter((operation) => !isWebhook(operation));
const lintFor = (context: TRuleContext, pattern: RegExp) => context.findings.filter((finding) => pattern.test(finding.ruleId));
const ids = (operations: TRuleOperation[]) => operations.map((operation) => operation.id);

function lintOnly(context: TRuleContext, pattern: RegExp, label: string, answer: TRuleAnswerValue = "YES"): Omit<TRuleAnswer, "entryKey"> | null {
  const findings = lintFor(context, pattern);
  if (!findings.length) return null;
  const rules = [...new Set(findings.map((finding) => finding.ruleId))];
  return {
    answer,
    reason: `the spec's lint reported ${plural(findings.length, "finding")} of ${rules.join(", ")} (${label})`,
    operationIds: [...new Set(findings.map((finding) => finding.operationId).filter((id): id is string => Boolean(id)))],
    source: "LINT",
  };
}

/** Credentials first, then financial and identity numbers, then contact details: the reason names the worst. */
function sensitivityRank(field: string): number {
  // Whole words of the last path segment (camelCase and snake_case split), so "shipping" is not a "pin".
  const last = field.split(".").pop() ?? field;
  const words = last.split(/[_\-\s]+|(?<=[a-z0-9])(?=[A-Z])/).map((word) => word.toLowerCase());
  const has = (...candidates: string[]) => words.some((word) => candidates.includes(word));
  if (has("password", "passwd", "passphrase", "secret", "token", "apikey", "key", "private", "pin", "otp", "cvv", "cvc")) return 0;
  if (has("card", "pan", "iban", "account", "ssn", "social", "passport", "tax", "national", "creditcard")) return 1;
  return 2;
}

const ADMIN_PATH = /(^|\/)(admin|administrator|administration|internal|manage|management|ops|superuser|sudo|impersonat\w*|roles?|permissions?|privileges?)(\/|$|\{)/i;

export const RULES: TRule[] = [
  {
    entryKey: RULE_ENTRY_KEYS.objectIdInPath,
    summary: "An id-like path parameter → API1; YES without authentication, UNSURE with it.",
    evaluate(context) {
      const withId = served(context).filter((operation) => operation.flags.includes("id-path-param"));
      const open = withId.filter((operation) => !operation.requiresAuth);
      if (open.length) {
        return {
          answer: "YES",
          reason: `${listOperations(open)} ${open.length === 1 ? "has" : "have"} an id path parameter and no security requirement`,
          operationIds: ids(open),
          source: "RULE",
        };
      }
      if (withId.length) {
        return {
          answer: "UNSURE",
          reason: `${listOperations(withId)} take${withId.length === 1 ? "s" : ""} an object id in the path; they require authentication, but whether each object is checked against the caller cannot be seen in a spec`,
          operationIds: ids(withId),
          source: "RULE",
        };
      }
      return lintOnly(context, /^owasp:api1:/, "object ids");
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.unauthenticatedOperations,
    summary: "Operations without a security requirement, or 'None' as a recorded scheme → API2.",
    evaluate(context) {
      const open = served(context).filter((operation) => !operation.requiresAuth);
      if (open.length) {
        return {
          answer: "YES",
          reason: `${listOperations(open)} ${open.length === 1 ? "has" : "have"} no security requirement in the spec`,
          operationIds: ids(open),
          source: "RULE",
        };
      }
      if (context.api.authSchemes.includes("NONE")) {
        return { answer: "YES", reason: "the inventory records 'None' among the API's authentication schemes", operationIds: [], source: "RULE" };
      }
      const all = served(context);
      if (all.length) {
        return { answer: "NO", reason: `every one of the ${plural(all.length, "operation")} in the spec requires authentication`, operationIds: [], source: "RULE" };
      }
      return null;
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.weakAuthScheme,
    summary: "HTTP Basic or API keys (internet-facing: YES, otherwise UNSURE), or credentials in URLs → API2.",
    evaluate(context) {
      const weak = context.api.authSchemes.filter((scheme) => scheme === "BASIC" || scheme === "API_KEY");
      if (weak.length) {
        const label = weak.map((scheme) => (scheme === "BASIC" ? "HTTP Basic" : "static API keys")).join(" and ");
        const internet = context.api.exposure === "INTERNET";
        return {
          answer: internet ? "YES" : "UNSURE",
          reason: `the API accepts ${label}${internet ? " and is exposed to the internet" : ""}`,
          operationIds: [],
          source: "RULE",
        };
      }
      return lintOnly(context, /^owasp:api2:2023-(no-credentials-in-url|auth-insecure-schemes|no-http-basic|no-api-keys-in-url)/, "credentials or weak schemes");
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.sensitiveFieldsInResponses,
    summary: "Sensitive-looking fields in responses → API3; recorded PII/PCI/PHI without such fields → UNSURE.",
    evaluate(context) {
      // Webhook "responses" come from subscribers, not from this API.
      const leaking = served(context).filter((operation) => operation.sensitiveFields.some((field) => field.startsWith("response.")));
      if (leaking.length) {
        const fields = [...new Set(leaking.flatMap((operation) => operation.sensitiveFields.filter((field) => field.startsWith("response.")).map((field) => field.slice("response.".length))))].sort(
          (a, b) => sensitivityRank(a) - sensitivityRank(b),
        );
        return {
          answer: "YES",
          reason: `the responses of ${listOperations(leaking)} include ${fields.slice(0, 4).join(", ")}${fields.length > 4 ? ` and ${plural(fields.length - 4, "more field")}` : ""}`,
          operationIds: ids(leaking),
          source: "RULE",
        };
      }
      const personal = context.api.dataFlags.filter((flag) => flag !== "CREDENTIALS");
      if (personal.length) {
        return { answer: "UNSURE", reason: `the inventory says the API handles ${personal.join(", ")} data`, operationIds: [], source: "RULE" };
      }
      return lintOnly(context, /^owasp:api3:/, "object properties");
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.noRateLimiting,
    summary: "Internet exposure with unbounded lists or no rate-limit headers in the spec → API4.",
    evaluate(context) {
      if (context.api.exposure !== "INTERNET") return null;
      const unbounded = served(context).filter((operation) => operation.flags.includes("unbounded-list"));
      const rateLint = lintFor(context, /^owasp:api4:2023-rate-limit/);
      if (unbounded.length) {
        return {
          answer: "YES",
          reason: `the API is exposed to the internet and ${listOperations(unbounded)} return${unbounded.length === 1 ? "s" : ""} lists without a limit or page parameter`,
          operationIds: ids(unbounded),
          source: "RULE",
        };
      }
      if (rateLint.length) {
        const operationIds = [...new Set(rateLint.map((finding) => finding.operationId).filter((id): id is string => Boolean(id)))];
        return {
          answer: "YES",
          reason: `the API is exposed to the internet and its spec documents no rate limiting (${plural(rateLint.length, "lint finding")} of the OWASP rate-limit rules)`,
          operationIds,
          source: "RULE",
        };
      }
      return { answer: "UNSURE", reason: "the API is exposed to the internet and nothing on record shows rate limiting", operationIds: [], source: "RULE" };
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.unboundedLists,
    summary: "Operations returning arrays without a limit/page parameter → API4.",
    evaluate(context) {
      const unbounded = served(context).filter((operation) => operation.flags.includes("unbounded-list"));
      if (unbounded.length) {
        return {
          answer: "YES",
          reason: `${listOperations(unbounded)} return${unbounded.length === 1 ? "s" : ""} a list with no limit or page parameter and no maximum size`,
          operationIds: ids(unbounded),
          source: "RULE",
        };
      }
      return lintOnly(context, /^owasp:api4:2023-array-limit/, "arrays without maxItems", "UNSURE");
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.fileUploads,
    summary: "Operations that accept files → API4 (size, type, storage).",
    evaluate(context) {
      const uploads = served(context).filter((operation) => operation.flags.includes("file-upload"));
      if (!uploads.length) return null;
      return { answer: "YES", reason: `${listOperations(uploads)} accept${uploads.length === 1 ? "s" : ""} file uploads`, operationIds: ids(uploads), source: "RULE" };
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.adminFunctions,
    summary: "Admin-looking paths (admin, internal, roles, permissions…) → API5; YES without authentication.",
    evaluate(context) {
      const admin = served(context).filter((operation) => ADMIN_PATH.test(operation.path));
      if (!admin.length) return null;
      const open = admin.filter((operation) => !operation.requiresAuth);
      if (open.length) {
        return { answer: "YES", reason: `${listOperations(open)} look${open.length === 1 ? "s" : ""} administrative and require${open.length === 1 ? "s" : ""} no authentication`, operationIds: ids(open), source: "RULE" };
      }
      return {
        answer: "UNSURE",
        reason: `${listOperations(admin)} look${admin.length === 1 ? "s" : ""} administrative; whether only privileged roles can call ${admin.length === 1 ? "it" : "them"} cannot be seen in the spec`,
        operationIds: ids(admin),
        source: "RULE",
      };
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.urlInputs,
    summary: "Operations taking URL-typed input (format uri, url/callback/webhook/redirect names) → API7.",
    evaluate(context) {
      const urls = served(context).filter((operation) => operation.flags.includes("url-input"));
      if (urls.length) {
        return { answer: "YES", reason: `${listOperations(urls)} take${urls.length === 1 ? "s" : ""} a URL as input`, operationIds: ids(urls), source: "RULE" };
      }
      return lintOnly(context, /^owasp:api7:/, "server-side requests");
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.deprecatedStillLive,
    summary: "Deprecated operations still in the spec, or a deprecated API with environments → API9.",
    evaluate(context) {
      const deprecated = served(context).filter((operation) => operation.deprecated);
      if (deprecated.length) {
        return {
          answer: "YES",
          reason: `${listOperations(deprecated)} ${deprecated.length === 1 ? "is" : "are"} marked deprecated but still in the spec`,
          operationIds: ids(deprecated),
          source: "RULE",
        };
      }
      if (context.api.lifecycle === "DEPRECATED" && context.api.environments.length) {
        return { answer: "YES", reason: `the API is deprecated yet still has ${plural(context.api.environments.length, "environment")} on record`, operationIds: [], source: "RULE" };
      }
      return lintOnly(context, /^owasp:api9:/, "inventory", "UNSURE");
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.cleartextTransport,
    summary: "An environment or server on plain http:// (other than localhost) → cleartext transport.",
    evaluate(context) {
      const plain = context.api.environments.filter((environment) => /^http:\/\/(?!(localhost|127\.0\.0\.1)(:|\/|$))/i.test(environment.baseUrl));
      if (plain.length) {
        return { answer: "YES", reason: `${plain.map((environment) => `${environment.name} (${environment.baseUrl})`).join(", ")} ${plain.length === 1 ? "uses" : "use"} plain HTTP`, operationIds: [], source: "RULE" };
      }
      return lintOnly(context, /^owasp:api8:2023-no-server-http/, "servers on http");
    },
  },
  {
    entryKey: RULE_ENTRY_KEYS.sensitiveDataProtection,
    summary: "Restricted/confidential data or PCI/PHI/credentials on record → UNSURE about protection at rest.",
    evaluate(context) {
      const flags = context.api.dataFlags.filter((flag) => flag === "PCI" || flag === "PHI" || flag === "CREDENTIALS");
      const classified = context.api.dataClassification === "RESTRICTED" || context.api.dataClassification === "CONFIDENTIAL";
      if (!flags.length && !classified) return null;
      const parts = [classified ? `the data is classified ${context.api.dataClassification.toLowerCase()}` : null, flags.length ? `it handles ${flags.join(", ")}` : null].filter(Boolean);
      return { answer: "UNSURE", reason: `${parts.join(" and ")}`, operationIds: [], source: "RULE" };
    },
  },
];

/** Every rule that has something to say, one answer per checklist entry. */
export function evaluateRules(context: TRuleContext): TRuleAnswer[] {
  return RULES.flatMap((rule) => {
    const result = rule.evaluate(context);
    return result ? [{ entryKey: rule.entryKey, ...result }] : [];
  });
}
