import type { TModelOperation, TSchemaField } from "@/lib/core/specs/operation-model/types";
import { credentialKind, isPersonalFieldName, isPrivilegedFieldName, nameWords, operationWords } from "./names";
import type { TEvidence, TScore, TSpecRuleContext } from "./types";

// Scores from evidence, so a missing page size no longer weighs the same as password hashes in an
// anonymous response. Likelihood: how reachable the operation is (exposure, anonymous callers) and
// how directly the spec shows the flaw. Impact: the worst thing the operation touches.

const clamp = (value: number): TScore => Math.max(1, Math.min(5, Math.round(value))) as TScore;

const EXPOSURE_BASE = { INTERNET: 3, PARTNER: 2, INTERNAL: 1 } as const;

/** Internet 3, partner 2, internal 1; +1 anonymous; +1 direct evidence; -1 for an indirect hint on an authenticated operation. */
export function scoreLikelihood(context: TSpecRuleContext, operation: TModelOperation | null, strength: TEvidence["strength"]): TScore {
  let score: number = EXPOSURE_BASE[context.api.exposure];
  const anonymous = operation?.security.anonymous ?? false;
  if (anonymous) score += 1;
  if (strength === "direct") score += 1;
  else if (!anonymous) score -= 1;
  return clamp(score);
}

const MONEY_WORDS = new Set(["payment", "payments", "payout", "payouts", "transfer", "transfers", "refund", "refunds", "order", "orders", "checkout", "invoice", "invoices", "card", "cards", "wallet", "balance", "loan", "loans", "payroll", "salary", "price", "prices", "coupon", "coupons", "gift", "capture", "charge", "charges"]);
const ADMIN_WORDS = new Set(["admin", "admins", "administrator", "internal", "debug", "maintenance", "role", "roles", "permission", "permissions", "impersonate", "staff", "ops", "system", "config"]);
const CREDENTIAL_OPERATION_WORDS = new Set(["login", "signin", "token", "tokens", "password", "otp", "mfa", "secret", "secrets", "key", "keys", "credential", "credentials", "reset", "recover", "recovery"]);

export type TImpactTouch = "credentials" | "personal" | "money" | "admin" | "ordinary";

/** What the operation touches, worst first: its own words and the fields of its bodies and responses. */
const touchesCache = new WeakMap<TModelOperation, { context: TSpecRuleContext; touches: TImpactTouch[] }>();

export function impactTouches(operation: TModelOperation, context: TSpecRuleContext): TImpactTouch[] {
  const cached = touchesCache.get(operation);
  if (cached && cached.context === context) return cached.touches;
  const touches = readTouches(operation, context);
  touchesCache.set(operation, { context, touches });
  return touches;
}

function readTouches(operation: TModelOperation, context: TSpecRuleContext): TImpactTouch[] {
  const touches = new Set<TImpactTouch>();
  const words = operationWords(operation);
  const fields: TSchemaField[] = [...(operation.requestBody?.content ?? []), ...operation.responses.flatMap((response) => response.content)].flatMap((content) => content.fields);
  if (words.some((word) => CREDENTIAL_OPERATION_WORDS.has(word)) || fields.some((field) => credentialKind(field.name) === "credential")) touches.add("credentials");
  if (fields.some((field) => isPersonalFieldName(field.name)) || context.api.dataFlags.some((flag) => flag === "PII" || flag === "PHI")) touches.add("personal");
  if (words.some((word) => MONEY_WORDS.has(word)) || context.api.dataFlags.includes("PCI")) touches.add("money");
  if (words.some((word) => ADMIN_WORDS.has(word)) || fields.some((field) => isPrivilegedFieldName(field.name) && nameWords(field.name).includes("admin"))) touches.add("admin");
  if (!touches.size) touches.add("ordinary");
  return [...touches];
}

const TOUCH_IMPACT: Record<TImpactTouch, number> = { credentials: 5, admin: 4, money: 4, personal: 4, ordinary: 2 };

/** The worst touch, raised one step for restricted data; `floor` lets a rule say its evidence is at least that bad. */
export function scoreImpact(operation: TModelOperation | null, context: TSpecRuleContext, floor: TScore = 1): TScore {
  const touches = operation ? impactTouches(operation, context) : ["ordinary" as const];
  let score = Math.max(...touches.map((touch) => TOUCH_IMPACT[touch]));
  if (context.api.dataClassification === "RESTRICTED" && score < 5) score += 1;
  return clamp(Math.max(score, floor));
}

/** One piece of operation evidence with its scores filled in from the operation and the API. */
export function operationEvidence(
  operation: TModelOperation,
  context: TSpecRuleContext,
  evidence: Pick<TEvidence, "target" | "reason" | "strength"> & { impactFloor?: TScore; impactCap?: TScore; likelihoodDelta?: number },
): TEvidence {
  const likelihood = clamp(scoreLikelihood(context, operation, evidence.strength) + (evidence.likelihoodDelta ?? 0));
  const impact = clamp(Math.min(scoreImpact(operation, context, evidence.impactFloor), evidence.impactCap ?? 5));
  return { operationKey: operation.key, target: evidence.target, reason: evidence.reason, strength: evidence.strength, likelihood, impact };
}
