import { syncBuiltinCatalog } from "@/lib/db/catalog-sync";
import type { DbClient } from "@/lib/db/client";
import type { AuthScheme, DataClassification, DataFlag, Exposure, Lifecycle, MitigationStatus, Role, Severity, ThreatModelStatus, ThreatStatus } from "@/lib/generated/prisma/enums";
import { OPERATION_FLAGS } from "@/lib/core/specs/extract-operations";
import type { TGeneratedThreatEntry } from "@/lib/core/threat-models/generated-threat";
import { severityOf } from "@/lib/core/threats/risk";
import type { TRuleAnswer } from "@/lib/core/threat-models/rules";
import { slaDays } from "@/lib/core/mitigations/sla";
import { buildPlan, mondayOf, ruleAnswersAt, type TBuildOrg, type TPlan } from "./build";
import { rng, weighted } from "./inventory";
import type { TApiSpec, TMitSpec, TOpSpec, TThreatSpec } from "./scenario";
import { loadCatalogue, loadOrg, writePlan, type TTable } from "./write";

// The portfolio scenario: the generator (build.ts) at any scale, for bench:seed and the benchmarks
// (2,000 APIs → 20,000 operations, ~4,000 model versions, 40,000 threats, ~60,000 mitigations).
// This file only tells the story (each API's spec, versions, threats, work, and when); the rows
// and every product rule come from buildPlan, exactly as for the demo. Risk is skewed: exposure,
// data classification and a heavy-tailed factor make a few APIs carry many times the threats of
// a typical one. Every threat has one timeline (found → resolved) shared by its copies in later
// versions; an archived copy shows its status on the day it was archived. Deterministic for a
// given seed (except the ids).

const DAY = 86_400_000;
const HOUR = 3_600_000;
const OPEN_WORK: MitigationStatus[] = ["PROPOSED", "PLANNED", "IN_PROGRESS"];
const SNAPSHOT_WEEKS = 26;
const TIME_TO_VERIFY: Record<Severity, number> = { CRITICAL: 6, HIGH: 21, MEDIUM: 45, LOW: 75 };
const PRIORITY: Record<Severity, [number, number][]> = { CRITICAL: [[1, 85], [2, 15]], HIGH: [[1, 20], [2, 60], [3, 20]], MEDIUM: [[2, 20], [3, 60], [4, 20]], LOW: [[3, 20], [4, 50], [5, 30]] };

export type GenerateRiskOptions = {
  orgId: string;
  /** Members who author, review, answer and get assigned work. */
  userIds: string[];
  /** APIs to fill; default every API of the organisation without threat models or operations. */
  apiIds?: string[];
  now?: Date;
  seed?: number;
  operationsPerApi?: number;
  /** Threat rows over all versions, per API. */
  threatsPerApi?: number;
  /** Share of the APIs left without any threat model. */
  unmodelledShare?: number;
  /** Share of open mitigations past their SLA due date. */
  overdueShare?: number;
  /** APIs per transaction: bounds the advisory locks the rollup triggers take in one transaction. */
  batchApis?: number;
  log?: (line: string) => void;
};

export type GenerateRiskResult = {
  apis: number;
  skippedApis: number;
  counts: Record<TTable, number>;
  timingsMs: Record<string, number>;
  verification: { sampled: number; rollupMismatches: number; snapshotMismatches: number; details: string[] };
};

export type ApiFacts = {
  id: string;
  name: string;
  system: string | null;
  exposure: Exposure;
  dataClassification: DataClassification;
  dataFlags: DataFlag[];
  lifecycle: Lifecycle;
  authSchemes: AuthScheme[];
  technicalOwnerId: string | null;
};
type Random = () => number;
/** An operation of the scenario; its id is its "METHOD /path" (what threat specs link by). */
type Op = TOpSpec & { id: string };
type Model = { index: number; status: ThreatModelStatus; createdAt: number; submittedAt: number | null; approvedAt: number | null; archivedAt: number | null; authorId: string; reviewerId: string | null; share: number };
/** Work on a threat, with its times in ms (the spec's days are derived from them). */
type Work = { ref: string; title: string; description: string; status: MitigationStatus; mc: number; verifiedAt: number | null; assignedAt: number | null; due: number | null; spec: Omit<TMitSpec, "created" | "status"> };
/** One threat's timeline, copied into every version from `intro` on. */
type Identity = {
  key: string | null;
  manual?: TThreatSpec["manual"];
  intro: number;
  createdAt: number;
  by: string;
  fromRule: boolean;
  answer: "YES" | "UNSURE";
  /** Likelihood and impact per version, from `intro` on. */
  scores: [number, number][];
  status: ThreatStatus;
  resolvedAt: number | null;
  justification: string | null;
  expiresAt: number | null;
  ops: string[];
  work: Work[];
  /** Refs of other threats' mitigations that also answer this one. */
  extraLinks: string[];
};
/** What is decided for all APIs at once, so totals can be calibrated. */
type Profile = { api: ApiFacts; operations: number; weight: number; tilt: number; versions: number; latest: ThreatModelStatus; shrink: number[]; sizes: number[]; entryKeys: string[] };
type TStory = {
  orgKey: string;
  random: Random;
  now: number;
  writers: string[];
  approvers: string[];
  everyone: string[];
  other: (pool: string[], not: string | null) => string | null;
  entries: Map<string, TGeneratedThreatEntry>;
  pairs: Record<Severity, [number, number][]>;
  categories: string[];
  org: TBuildOrg;
};

const uniform = (random: Random, low: number, high: number) => low + (high - low) * random();
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const lognormal = (random: Random, median: number, sigma: number) => median * Math.exp(sigma * Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random()));
/** Weighted order without replacement (Efraimidis–Spirakis): the heaviest items tend to come first. */
const weightedOrder = <T>(random: Random, items: T[], weight: (item: T) => number): T[] =>
  items
    .map((item) => ({ item, key: Math.pow(random(), 1 / Math.max(weight(item), 1e-6)) }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.item);
function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
/** Days before `now` (the scenario's clock). */
const days = (now: number, ms: number) => (now - ms) / DAY;

// ---------------------------------------------------------------------------------------------
// Vocabulary

const RESOURCES: Record<string, string[]> = {
  payments: ["payments", "refunds", "payouts", "disputes", "wallets"],
  orders: ["orders", "carts", "returns", "invoices", "fulfilments"],
  customers: ["customers", "addresses", "consents", "preferences", "segments"],
  identity: ["users", "sessions", "tokens", "roles", "devices"],
  ledger: ["accounts", "entries", "balances", "journals", "settlements"],
  catalog: ["products", "categories", "prices", "images", "bundles"],
  shipping: ["shipments", "parcels", "labels", "carriers", "rates"],
  risk: ["scores", "rules", "cases", "alerts", "blocklists"],
  reports: ["reports", "exports", "schedules", "dashboards", "datasets"],
  search: ["indexes", "queries", "synonyms", "suggestions", "documents"],
  billing: ["invoices", "subscriptions", "plans", "credits", "usages"],
  notifications: ["messages", "templates", "channels", "subscriptions", "deliveries"],
  partners: ["partners", "contracts", "webhooks", "keys", "payouts"],
  inventory: ["items", "warehouses", "stocks", "reservations", "transfers"],
  pricing: ["prices", "discounts", "quotes", "tiers", "coupons"],
};
const FALLBACK_RESOURCES = ["items", "records", "events", "jobs", "settings"];
const ACTIONS = ["approve", "cancel", "archive", "retry", "verify", "close"];
const SCHEME_NAMES: Record<AuthScheme, string> = { OAUTH2_OIDC: "oauth2", JWT: "bearerAuth", API_KEY: "apiKey", MTLS: "mutualTLS", BASIC: "basicAuth", NONE: "none" };
const SENSITIVE_FIELDS: Partial<Record<DataFlag, string[]>> = {
  PII: ["response.email", "response.phone", "response.date_of_birth", "response.address"],
  PCI: ["response.card_number", "response.cvv", "response.iban"],
  PHI: ["response.diagnosis", "response.insurance_number"],
  CREDENTIALS: ["response.password_hash", "response.api_key", "response.refresh_token"],
};

const MANUAL_THREATS: NonNullable<TThreatSpec["manual"]>[] = [
  { title: "Tenant id taken from the request body", category: "object-authorization", owaspApiId: "API1", stride: ["E", "I"], description: "The handler trusts a tenantId field in the payload instead of the caller's token." },
  { title: "Replay of signed webhook deliveries", category: "business-flows", owaspApiId: "API6", stride: ["S", "T"], description: "Signatures carry no timestamp, so a captured delivery can be sent again." },
  { title: "Verbose stack traces in error responses", category: "configuration", owaspApiId: "API8", stride: ["I"], description: "500 responses include framework stack traces and internal host names." },
  { title: "Refund callable twice for the same order", category: "business-flows", owaspApiId: "API6", stride: ["T"], description: "No idempotency key: a retried request issues a second refund." },
  { title: "Service account with wildcard scopes", category: "function-authorization", owaspApiId: "API5", stride: ["E"], description: "The batch job's client credentials grant every scope of the API." },
  { title: "Bulk export without a row limit", category: "resource-consumption", owaspApiId: "API4", stride: ["D", "I"], description: "One request can export every record of a tenant and exhaust the database." },
  { title: "Partner callback URL not validated", category: "ssrf", owaspApiId: "API7", stride: ["S", "I"], description: "Partners register any URL, including internal addresses, as their callback." },
  { title: "One API key shared by all partner integrations", category: "authentication", owaspApiId: "API2", stride: ["S", "R"], description: "A leaked key cannot be traced to a partner or revoked without breaking all of them." },
  { title: "Audit log misses administrative actions", category: "logging-and-monitoring", owaspApiId: null, stride: ["R"], description: "Role changes and manual corrections leave no audit trail." },
  { title: "Third-party SDK sends telemetry with personal data", category: "third-party-apis", owaspApiId: "API10", stride: ["I"], description: "The analytics SDK forwards request bodies, including e-mail addresses." },
  { title: "Role field writable on profile update", category: "property-authorization", owaspApiId: "API3", stride: ["E", "T"], description: "PATCH accepts a role property that should be read-only (mass assignment)." },
  { title: "Search filter passed into the backend query", category: "injection", owaspApiId: null, stride: ["T", "I"], description: "The filter parameter is concatenated into the search engine's query DSL." },
  { title: "Old mobile app version bypasses new checks", category: "inventory", owaspApiId: "API9", stride: ["E"], description: "Version 3 of the app still calls the v1 endpoints without the ownership check." },
  { title: "Secrets readable by every CI job", category: "configuration", owaspApiId: "API8", stride: ["I"], description: "Production credentials are exposed to pipelines of unrelated repositories." },
  { title: "Sessions survive a password change", category: "authentication", owaspApiId: "API2", stride: ["S"], description: "Refresh tokens issued before a password reset keep working." },
];
const GENERIC_MITIGATIONS = [
  { title: "Add an authorisation regression test", description: "A test per endpoint that calls it as another tenant's user and expects 404." },
  { title: "Alert on unusual request patterns", description: "Alert when one client exceeds its normal request rate or error ratio." },
  { title: "Add a WAF rule as a stop-gap", description: "Block the known attack pattern at the edge until the code fix ships." },
  { title: "Review the code path with the owning team", description: "Walk through the handler with the team and record the findings." },
  { title: "Rotate the affected credentials", description: "Issue new credentials, revoke the old ones and confirm nothing still uses them." },
  { title: "Add contract tests for the endpoint", description: "Pin the request and response schema so unexpected fields are rejected." },
  { title: "Tighten the gateway policy", description: "Require authentication and per-client quotas at the gateway for these routes." },
  { title: "Document the control in the runbook", description: "Describe the control, its owner and how to check it still works." },
];
const WONT_DO_REASONS = [
  "Covered by the gateway's global rate limit.",
  "Compensating control: the service is only reachable through the partner VPN.",
  "Superseded by the platform team's shared authorisation library.",
  "Duplicate of another mitigation on this API.",
  "The endpoint is being removed in the next release.",
  "Risk accepted by the product owner instead.",
  "Handled by the vendor under the support contract.",
];
const ACCEPTANCE = [
  "Internal callers only; compensating monitoring in place until the rewrite.",
  "Vendor fix scheduled; exposure limited to authenticated partners.",
  "Legacy endpoint with little traffic, decommissioning planned.",
  "Business accepts the residual risk; fraud team monitors the flow daily.",
  "Cost of the fix outweighs the impact at current volumes; revisit at renewal.",
];
const TRANSFER_NOTES = ["Handled by the platform team's gateway.", "Covered by the payment processor's controls (contract §7).", "Owned by the identity team's shared service."];
const EVIDENCE_NOTES = [
  "Verified in staging with the security regression suite.",
  "Pen-test retest passed; report attached to the ticket.",
  "Gateway policy exported and reviewed.",
  "Code review and unit tests merged; checked in production logs.",
];
const NOTES = ["Checked with the owning team.", "See the architecture decision record.", "Only the admin endpoints are affected.", "Confirmed in the pen-test report.", "Needs a second look after the migration."];

// ---------------------------------------------------------------------------------------------

export async function generateRisk(client: DbClient, options: GenerateRiskOptions): Promise<GenerateRiskResult> {
  const log = options.log ?? (() => {});
  const now = options.now ?? new Date();
  const timings: Record<string, number> = {};
  const started = Date.now();
  if (!(await client.catalogEntry.count())) await syncBuiltinCatalog(client);
  const entries = await client.$transaction((tx) => loadCatalogue(tx, options.orgId));
  const apis: ApiFacts[] = await client.api.findMany({
    where: { orgId: options.orgId, ...(options.apiIds ? { id: { in: options.apiIds } } : {}), threatModels: { none: {} }, operations: { none: {} } },
    orderBy: { id: "asc" },
    select: { id: true, name: true, system: true, exposure: true, dataClassification: true, dataFlags: true, lifecycle: true, authSchemes: true, technicalOwnerId: true },
  });
  const org = await client.$transaction((tx) => loadOrg(tx, options.orgId, { apiIds: apis.map((api) => api.id) }));
  const members = await client.membership.findMany({ where: { orgId: options.orgId, userId: { in: options.userIds } }, select: { userId: true, role: true } });
  const skippedApis = options.apiIds ? options.apiIds.length - apis.length : 0;
  const counts = { Operation: 0, ThreatModel: 0, ThreatModelReview: 0, ChecklistAnswer: 0, Threat: 0, ThreatOperation: 0, Mitigation: 0, ThreatMitigation: 0, Comment: 0, RiskSnapshot: 0 } satisfies Record<TTable, number>;
  if (!apis.length) return { apis: 0, skippedApis, counts, timingsMs: timings, verification: { sampled: 0, rollupMismatches: 0, snapshotMismatches: 0, details: [] } };

  // Per batch: the scenario's rows, then one transaction that writes them.
  const currentWeek = mondayOf(now);
  const expected = new Map<string, number[]>();
  let batch = 0;
  let batchStarted = Date.now();
  for (const plan of planPortfolio({ now, entries, apis, org, members, userIds: options.userIds }, options)) {
    const generatedMs = Date.now() - batchStarted;
    timings.generate = (timings.generate ?? 0) + generatedMs;
    for (const row of plan.snapshots) if (row.weekStart.getTime() === currentWeek.getTime()) expected.set(row.apiId, [row.openCritical, row.openHigh, row.openMedium, row.openLow]);
    await client.$transaction(
      async (tx) => {
        // The pool's 15 s statement timeout is for requests, not bulk loads.
        await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 0");
        const written = await writePlan(tx, plan, timings);
        for (const table of Object.keys(counts) as TTable[]) counts[table] += written[table];
      },
      { timeout: 15 * 60_000, maxWait: 30_000 },
    );
    log(`  batch ${++batch}: ${plan.threats.length} threats, ${plan.mitigations.length} mitigations, ${plan.answers.length} answers: generated in ${generatedMs} ms, written in ${Date.now() - batchStarted - generatedMs} ms`);
    batchStarted = Date.now();
  }
  const analyzeStarted = Date.now();
  // VACUUM as well as ANALYZE: after a bulk load the visibility map is empty, so index-only scans
  // (the dashboard's mean time to mitigate) would still visit the heap until autovacuum came by.
  await client.$executeRawUnsafe(`VACUUM ANALYZE "Operation", "ThreatModel", "Threat", "ThreatOperation", "ChecklistAnswer", "Mitigation", "ThreatMitigation", "RiskSnapshot", "ApiRiskRollup"`);
  timings.analyze = Date.now() - analyzeStarted;
  const verification = await verifyRollups(client, options.orgId, apis.map((a) => a.id), expected, currentWeek.toISOString().slice(0, 10), rng((options.seed ?? 7) + 1));
  timings.total = Date.now() - started;
  return { apis: apis.length, skippedApis, counts, timingsMs: timings, verification };
}

export type TPortfolioInput = {
  now: Date;
  /** Switched-on catalogue entries, in checklist order. */
  entries: TGeneratedThreatEntry[];
  apis: ApiFacts[];
  /** The organisation as the generator sees it, its users keyed by id (loadOrg without `people`). */
  org: TBuildOrg;
  members: { userId: string; role: Role }[];
  userIds: string[];
};

/** The portfolio's rows, one plan per batch of APIs (pure: no database). */
export function* planPortfolio(input: TPortfolioInput, options: Omit<GenerateRiskOptions, "orgId" | "userIds" | "apiIds">): Generator<TPlan> {
  const log = options.log ?? (() => {});
  const random = rng(options.seed ?? 7);
  const { apis, org, members } = input;
  const now = input.now.getTime();
  if (!input.entries.length) throw new Error("The threat catalogue is empty.");
  const pairs: Record<Severity, [number, number][]> = { LOW: [], MEDIUM: [], HIGH: [], CRITICAL: [] };
  for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) pairs[severityOf(l * i, org.bands)].push([l, i]);
  const everyone = input.userIds.length ? input.userIds.filter((id) => org.users[id]) : members.map((m) => m.userId);
  if (!everyone.length) throw new Error("generateRisk needs at least one member of the organisation.");
  const byRole = (keep: (role: Role) => boolean, fallback: string[]) => {
    const found = members.filter((m) => keep(m.role)).map((m) => m.userId);
    return found.length ? found : fallback;
  };
  const writers = byRole((role) => role !== "VIEWER", everyone);
  const approvers = byRole((role) => role === "OWNER" || role === "ADMIN", writers);
  const other = (pool: string[], not: string | null) => {
    const rest = pool.filter((id) => id !== not);
    return rest.length ? pick(random, rest) : null;
  };
  const story: TStory = { orgKey: org.id, random, now, writers, approvers, everyone, other, entries: new Map(input.entries.map((e) => [e.key, e])), pairs, categories: [...new Set(input.entries.map((e) => e.category))], org };

  // Operations: none for some APIs (mostly still in design), otherwise log-normal, 1–40, scaled to the target.
  const opCounts = apis.map((api) => (chance(random, api.lifecycle === "DESIGN" ? 0.3 : 0.03) ? 0 : lognormal(random, 8, 0.65)));
  const opScale = ((options.operationsPerApi ?? 10) * apis.length) / Math.max(1, opCounts.reduce((a, b) => a + b, 0));
  const EXPOSURE: Record<Exposure, number> = { INTERNET: 1.7, PARTNER: 1.25, INTERNAL: 0.8 };
  const CLASS: Record<DataClassification, number> = { RESTRICTED: 1.5, CONFIDENTIAL: 1.2, INTERNAL: 0.9, PUBLIC: 0.6 };
  const LIFECYCLE: Record<Lifecycle, number> = { DEPRECATED: 1.3, ACTIVE: 1, DESIGN: 0.6, RETIRED: 0.7 };
  const FLAG: Record<DataFlag, number> = { PII: 0.25, PCI: 0.35, PHI: 0.2, CREDENTIALS: 0.2 };
  const profiles: Profile[] = apis.map((api, index) => {
    const operations = opCounts[index] ? clamp(Math.round(opCounts[index]! * opScale), 1, 40) : 0;
    // Heavy tail (Pareto, alpha 1.5): most APIs are ordinary, a few carry many times the risk.
    const tail = Math.min(14, Math.pow(1 - random(), -1 / 1.5));
    const weight = EXPOSURE[api.exposure] * CLASS[api.dataClassification] * LIFECYCLE[api.lifecycle] * (1 + api.dataFlags.reduce((sum, flag) => sum + FLAG[flag], 0)) * tail * (0.5 + operations / 20);
    // Some teams switch the IoT questions off for their models.
    const entryKeys = input.entries.filter((entry) => entry.category !== "iot-and-edge" || !chance(random, 0.15)).map((entry) => entry.key);
    return { api, operations, weight, tilt: 1, versions: 0, latest: "DRAFT", shrink: [], sizes: [], entryKeys };
  });
  // Which APIs have no model at all: the requested share, likelier for APIs in design, retired or internal ones.
  const unmodelled = Math.round((options.unmodelledShare ?? 0.15) * profiles.length);
  const neglect = (p: Profile) => ({ DESIGN: 3, RETIRED: 2.5, DEPRECATED: 1.2, ACTIVE: 1 })[p.api.lifecycle] * (p.api.exposure === "INTERNAL" ? 1.6 : 1) / Math.sqrt(p.weight);
  const modelled = weightedOrder(random, [...profiles], neglect).slice(unmodelled);
  for (const p of modelled) {
    p.versions = weighted(random, [[1, 20], [2, 28], [3, 52]]);
    p.latest = p.api.lifecycle === "RETIRED" ? "APPROVED" : weighted<ThreatModelStatus>(random, [["APPROVED", 55], ["DRAFT", 33], ["IN_REVIEW", 12]]);
    p.shrink = Array.from({ length: p.versions }, () => uniform(random, 0.6, 0.95));
  }
  const median = modelled.map((p) => p.weight).sort((a, b) => a - b)[Math.floor(modelled.length / 2)] ?? 1;
  for (const p of modelled) p.tilt = clamp(Math.pow(p.weight / median, 0.3), 0.6, 1.8);
  // Threat rows: the latest version holds every threat of the API (older ones a subset, as new
  // versions copy and extend); scaled so the rows over all versions hit the target.
  const sizesFor = (p: Profile, scale: number) => {
    const sizes: number[] = [];
    sizes[p.versions - 1] = clamp(Math.round(scale * p.weight), 1, p.entryKeys.length + 10);
    for (let j = p.versions - 2; j >= 0; j--) sizes[j] = Math.max(1, Math.round(sizes[j + 1]! * p.shrink[j]!));
    return sizes;
  };
  const threatTarget = (options.threatsPerApi ?? 20) * apis.length;
  let [low, high] = [0, 1000];
  for (let i = 0; i < 50; i++) {
    const mid = (low + high) / 2;
    if (modelled.reduce((sum, p) => sum + sizesFor(p, mid).reduce((a, b) => a + b, 0), 0) < threatTarget) low = mid;
    else high = mid;
  }
  for (const p of modelled) p.sizes = sizesFor(p, high);
  log(`Plan: ${apis.length} APIs (${modelled.length} modelled), ${profiles.reduce((s, p) => s + p.operations, 0)} operations, ${modelled.reduce((s, p) => s + p.versions, 0)} models, ~${threatTarget} threat rows.`);

  const batchApis = options.batchApis ?? 1000;
  for (let start = 0; start < profiles.length; start += batchApis) {
    const stories = profiles.slice(start, start + batchApis).map((p) => apiStory(story, p));
    scheduleWork(story, stories, options.overdueShare ?? 0.1);
    yield buildPlan({ apis: stories.map((s) => toApiSpec(story, s)) }, { now: input.now, catalogue: input.entries, orgs: { [org.id]: org }, historyWeeks: SNAPSHOT_WEEKS - 1, currentWeek: true });
  }
}

type TApiStory = { p: Profile; ops: Op[]; models: Model[]; identities: Identity[]; rules: Map<string, TRuleAnswer> };

/** One API's story: its spec, its model versions and the timeline of each threat and its work. */
function apiStory(s: TStory, p: Profile): TApiStory {
  const { random, now } = s;
  const api = p.api;
  const models = p.versions ? planModels(random, p, now, s.writers, s.approvers, s.other, api.technicalOwnerId) : [];
  // The spec was usually imported before the first model was started.
  const ops = generateOperations(random, p, now, models[0]?.createdAt ?? null);
  // What the app's rules pre-answered when the first version started.
  const rules = models.length ? ruleAnswersAt(s.org.apis[api.id]!.facts, ops, days(now, models[0]!.createdAt)) : new Map<string, TRuleAnswer>();
  const identities = models.length ? planIdentities(s, p, models, rules, ops) : [];
  identities.forEach((identity, index) => planWork(s, p, identity, index));
  // Some controls also answer a second threat of the API.
  for (const identity of identities) {
    for (const work of identity.work) {
      const second = pick(random, identities);
      if (second !== identity && chance(random, 0.08)) second.extraLinks.push(work.ref);
    }
  }
  return { p, ops, models, identities, rules };
}

function planIdentities(s: TStory, p: Profile, models: Model[], rules: Map<string, TRuleAnswer>, ops: Op[]): Identity[] {
  const { random, now } = s;
  const api = p.api;
  const total = p.sizes[p.versions - 1]!;
  const manual = total >= 3 ? Math.min(10, Math.round(total * uniform(random, 0, 0.2))) : 0;
  // Which catalogue entries become threats: the rules' yes/unsure first, then by what the API is
  // (internet-facing → resource consumption, URL inputs → SSRF, ...).
  const flags = new Set(ops.flatMap((op) => op.flags ?? []));
  const boost: Record<string, number> = {
    API1: 2.5, API2: 2, API3: api.dataFlags.length ? 2 : 1.2, API4: api.exposure === "INTERNET" ? 3 : 1.5, API5: 1.5, API6: api.exposure === "INTERNET" ? 1.5 : 0.8,
    API7: flags.has("url-input") ? 3 : 0.7, API8: 0.8, API9: api.lifecycle === "DEPRECATED" || ops.some((op) => op.deprecated) ? 2.5 : 0.8, API10: 1,
  };
  const applies = (key: string) => rules.get(key)?.answer === "YES" || rules.get(key)?.answer === "UNSURE";
  const weightOf = (key: string) => {
    const entry = s.entries.get(key)!;
    return (entry.owaspApi.length ? Math.max(...entry.owaspApi.map((o) => boost[o] ?? 1)) : 0.9) * (rules.get(key)?.answer === "NO" ? 0.2 : 1) * (entry.category === "iot-and-edge" ? 0.15 : 1);
  };
  const keys: (string | null)[] = [...p.entryKeys.filter(applies), ...weightedOrder(random, p.entryKeys.filter((key) => !applies(key)), weightOf)].slice(0, Math.max(0, total - manual));
  for (let i = keys.length; i < total; i++) keys.splice(Math.floor(uniform(random, 0.3, 1) * (keys.length + 1)), 0, null);
  const manualPool = shuffle(random, [...MANUAL_THREATS]);
  // Severity: riskier APIs lean critical; the score pair sits near what the API's exposure and data suggest.
  const tilt: Record<Severity, number> = { LOW: 0.25 / p.tilt, MEDIUM: 0.4, HIGH: 0.27 * p.tilt, CRITICAL: 0.08 * p.tilt * p.tilt };
  const impact0 = { PUBLIC: 1.8, INTERNAL: 2.5, CONFIDENTIAL: 3.5, RESTRICTED: 4.5 }[api.dataClassification];
  const likelihood0 = { INTERNET: 4, PARTNER: 3, INTERNAL: 2.5 }[api.exposure];
  const scorePair = (): [number, number] => {
    const severity = weighted(random, Object.entries(tilt) as [Severity, number][]);
    const options = s.pairs[severity].length ? s.pairs[severity] : s.pairs.MEDIUM;
    return weighted(random, options.map((pair) => [pair, Math.exp(-((pair[1] - impact0) ** 2 + (pair[0] - likelihood0) ** 2) / 5)] as [[number, number], number]));
  };
  const identities: Identity[] = [];
  let cursor = 0;
  for (const model of models) {
    const v = model.index;
    for (; cursor < p.sizes[v]! && cursor < keys.length; cursor++) {
      const key = keys[cursor]!;
      const fromRule = key !== null && applies(key) && v === 0;
      const end = Math.min(model.submittedAt ?? now, now);
      const found = fromRule ? model.createdAt + random() * HOUR : model.createdAt + random() * Math.max(0, Math.min(14 * DAY, end - model.createdAt));
      const scores: [number, number][] = [];
      scores[v] = scorePair();
      // Re-scored in a later version now and then, more often down than up.
      for (let j = v + 1; j < p.versions; j++) scores[j] = chance(random, 0.15) ? [clamp(scores[j - 1]![0] + (chance(random, 0.7) ? -1 : 1), 1, 5), scores[j - 1]![1]] : scores[j - 1]!;
      const template = manualPool[identities.filter((identity) => !identity.key).length % manualPool.length]!;
      identities.push({
        key,
        ...(key ? {} : { manual: template }),
        intro: v,
        createdAt: Math.max(model.createdAt, Math.min(found, now - 2 * HOUR)),
        by: chance(random, 0.8) ? model.authorId : pick(random, s.writers),
        fromRule,
        answer: fromRule ? (rules.get(key!)!.answer as "YES" | "UNSURE") : chance(random, 0.78) ? "YES" : "UNSURE",
        scores,
        status: "OPEN",
        resolvedAt: null,
        justification: null,
        expiresAt: null,
        ops: !fromRule && ops.length && chance(random, key ? 0.15 : 0.3) ? shuffle(random, ops.map((op) => op.id)).slice(0, 1 + Math.floor(random() * 2)) : [],
        work: [],
        extraLinks: [],
      });
    }
  }
  return identities;
}

const severityAt = (s: TStory, identity: Identity) => severityOf(identity.scores.at(-1)![0] * identity.scores.at(-1)![1], s.org.bands);

/** How the threat ended (older findings likelier resolved, critical ones first) and the work on it. */
function planWork(s: TStory, p: Profile, identity: Identity, index: number): void {
  const { random, now } = s;
  const worst = severityAt(s, identity);
  const speed = { CRITICAL: 1.15, HIGH: 1.05, MEDIUM: 1, LOW: 0.9 }[worst];
  if (chance(random, 0.63 * (1 - Math.exp(-(now - identity.createdAt) / DAY / 60)) * speed)) {
    identity.status = weighted<ThreatStatus>(random, [["MITIGATED", 66], ["ACCEPTED", worst === "CRITICAL" ? 5 : 13], ["NOT_APPLICABLE", 14], ["TRANSFERRED", 7]]);
  }
  // Work on threats older than the tracking window was entered when tracking started.
  const trackingStart = now - 300 * DAY;
  const trackedFrom = Math.min(now - 2 * HOUR, identity.createdAt >= trackingStart ? identity.createdAt : trackingStart + uniform(random, 0, 45) * DAY);
  // Resolutions lean towards recent months (the backlog is being worked down): the history slopes down.
  const from = Math.min(trackedFrom + DAY, now - 2 * HOUR);
  if (identity.status === "NOT_APPLICABLE") identity.resolvedAt = identity.createdAt + random() * Math.min(30 * DAY, now - HOUR - identity.createdAt);
  else if (identity.status !== "OPEN") identity.resolvedAt = from + Math.pow(random(), 0.6) * Math.max(0, now - HOUR - from);
  const resolvedAt = identity.resolvedAt ?? now;
  if (identity.status === "ACCEPTED") {
    identity.justification = pick(random, ACCEPTANCE);
    identity.expiresAt = resolvedAt + uniform(random, 90, 365) * DAY;
    if (identity.expiresAt <= now) identity.expiresAt = now + uniform(random, 3, 120) * DAY; // renewed
  } else if (identity.status === "TRANSFERRED") identity.justification = pick(random, TRANSFER_NOTES);

  // The catalogue's suggestions (what the checklist proposes), or generic controls for manual threats.
  const entry = identity.key ? s.entries.get(identity.key)! : null;
  let suggestions = entry ? entry.mitigations.filter(() => !chance(random, 0.05)) : shuffle(random, [...GENERIC_MITIGATIONS]).slice(0, weighted(random, [[1, 30], [2, 45], [3, 25]]));
  if (!suggestions.length) suggestions = [pick(random, GENERIC_MITIGATIONS)];
  const statuses: MitigationStatus[] = suggestions.map(() => workStatus(random, identity, now));
  if (identity.status === "OPEN" && statuses.length > 1 && !statuses.some((status) => status !== "VERIFIED")) statuses[statuses.length - 1] = "IN_PROGRESS";
  const domain = p.api.system ?? "platform";
  identity.work = suggestions.map((suggestion, n) => {
    const status = statuses[n]!;
    let mc: number;
    let verifiedAt: number | null = null;
    if (identity.status === "MITIGATED") {
      // A mitigated threat's controls were verified just before it was marked; critical work took days, low-severity work months.
      verifiedAt = Math.max(trackedFrom + HOUR, resolvedAt - random() * 3 * DAY);
      mc = Math.max(trackedFrom, verifiedAt - lognormal(random, TIME_TO_VERIFY[worst], 0.55) * DAY);
    } else {
      // Proposed by the checklist when the threat was found (or when tracking started).
      mc = Math.min(now - HOUR, trackedFrom + (identity.createdAt >= trackingStart ? Math.min(3, -Math.log(1 - random()) * 1.5) * DAY : random() * 6 * HOUR));
      if (status === "VERIFIED") verifiedAt = Math.min(mc + lognormal(random, TIME_TO_VERIFY[worst], 0.55) * DAY, mc + uniform(random, 0.2, 0.95) * Math.max(HOUR, now - mc));
    }
    const assignee = status === "PROPOSED" ? undefined : p.api.technicalOwnerId && s.everyone.includes(p.api.technicalOwnerId) && chance(random, 0.6) ? p.api.technicalOwnerId : pick(random, s.everyone);
    return {
      ref: `${p.api.id}:${index}:${n}`,
      title: suggestion.title,
      description: suggestion.description,
      status,
      mc,
      verifiedAt,
      assignedAt: null,
      due: null,
      spec: {
        assignee,
        verifier: status === "VERIFIED" ? (s.other(s.writers, assignee ?? null) ?? undefined) : undefined,
        priority: weighted(random, PRIORITY[worst]),
        wontDo: status === "WONT_DO" ? pick(random, WONT_DO_REASONS) : undefined,
        evidenceUrl: status === "VERIFIED" && chance(random, 0.7) ? `https://git.example.test/${domain}/${p.api.id.slice(-6)}/pull/${100 + Math.floor(random() * 900)}` : undefined,
        evidenceNote: status === "VERIFIED" ? pick(random, EVIDENCE_NOTES) : undefined,
        ticket: status !== "PROPOSED" && chance(random, 0.4) ? `https://jira.example.test/browse/SEC-${1000 + Math.floor(random() * 9000)}` : undefined,
        by: identity.by,
      },
    };
  });
}

function workStatus(random: Random, identity: Identity, now: number): MitigationStatus {
  switch (identity.status) {
    case "MITIGATED":
      // Marked mitigated once every linked control is verified (the app's "Mark mitigated" proposal).
      return "VERIFIED";
    case "ACCEPTED":
      return weighted<MitigationStatus>(random, [["WONT_DO", 45], ["PROPOSED", 40], ["PLANNED", 15]]);
    case "TRANSFERRED":
      return weighted<MitigationStatus>(random, [["WONT_DO", 65], ["PROPOSED", 35]]);
    case "NOT_APPLICABLE":
      return weighted<MitigationStatus>(random, [["PROPOSED", 70], ["WONT_DO", 30]]);
    default:
      if ((now - identity.createdAt) / DAY < 14) return weighted<MitigationStatus>(random, [["PROPOSED", 70], ["PLANNED", 20], ["IN_PROGRESS", 10]]);
      return weighted<MitigationStatus>(random, [["PROPOSED", 30], ["PLANNED", 22], ["IN_PROGRESS", 22], ["IMPLEMENTED", 11], ["VERIFIED", 8], ["WONT_DO", 4]]);
  }
}

/** When work was taken on (the SLA clock's start): `share` of open mitigations overdue today, among those whose SLA could have run out. */
function scheduleWork(s: TStory, stories: TApiStory[], share: number): void {
  const { random, now } = s;
  const all = stories.flatMap((story) => story.identities.flatMap((identity) => identity.work.map((work) => ({ work, sla: slaDays(severityAt(s, identity), s.org.sla) * DAY }))));
  const open = all.filter(({ work }) => OPEN_WORK.includes(work.status));
  const feasible = open.filter(({ work, sla }) => work.spec.assignee && work.mc + sla < now - DAY);
  const overdue = new Set(shuffle(random, feasible).slice(0, Math.round(open.length * share)));
  for (const item of all) {
    const { work, sla } = item;
    if (!work.spec.assignee) {
      // Now and then someone sets a date on work nobody has taken yet (a manual date).
      if (chance(random, 0.04)) work.due = now + uniform(random, 7, 120) * DAY;
      continue;
    }
    if (!OPEN_WORK.includes(work.status)) work.assignedAt = Math.min(work.verifiedAt ?? now - HOUR, work.mc + uniform(random, 0, 5) * DAY, now - HOUR);
    else if (overdue.has(item)) work.assignedAt = work.mc + random() * Math.min(now - DAY - sla - work.mc, 120 * DAY);
    else {
      const earliest = Math.max(work.mc, now + DAY - sla);
      work.assignedAt = earliest + random() * Math.max(0, now - HOUR - earliest);
    }
    // A few due dates were set by hand instead (on the SLA's day).
    if (chance(random, 0.08)) work.due = work.assignedAt + sla;
  }
}

/** The story as the generator's scenario: one threat spec per version a threat is in. */
function toApiSpec(s: TStory, story: TApiStory): TApiSpec {
  const { now, random } = s;
  const { p, ops, models, identities, rules } = story;
  const api = p.api;
  const statusAt = (identity: Identity, at: number): ThreatStatus => (identity.resolvedAt !== null && identity.resolvedAt <= at ? identity.status : "OPEN");
  // Each control is defined in the first version live when it was created; later copies link it.
  const home = (identity: Identity, work: Work) => models.find((m) => m.index >= identity.intro && (m.archivedAt === null || m.archivedAt > work.mc))?.index ?? models.length - 1;
  return {
    org: s.orgKey,
    api: api.id,
    scheme: api.authSchemes.filter((scheme) => scheme !== "NONE").map((scheme) => SCHEME_NAMES[scheme])[0],
    operations: ops,
    models: models.map((m) => ({
      ref: `${api.id}:v${m.index + 1}`,
      ...(m.index > 0 ? { previous: `${api.id}:v${m.index}` } : {}),
      status: m.status,
      scope: `All ${p.operations ? `${p.operations} operations` : "planned operations"} of ${api.name}, production and staging.`,
      assumptions: chance(random, 0.5) ? "Callers authenticate at the gateway; the database is reachable only from the service." : "",
      author: m.authorId,
      created: days(now, m.createdAt),
      ...(m.submittedAt === null ? {} : { submitted: days(now, m.submittedAt) }),
      ...(m.approvedAt === null ? {} : { approved: days(now, m.approvedAt), approver: m.reviewerId ?? undefined }),
      ...(m.status === "IN_REVIEW" && m.reviewerId ? { reviewer: m.reviewerId } : {}),
      entryKeys: p.entryKeys,
      // The wizard walks the checklist category by category: a draft has answered a prefix of it.
      ...(m.status === "DRAFT" ? { answeredSteps: Math.round(m.share * s.categories.length) } : {}),
      ruleNo: [...rules.values()].filter((rule) => rule.answer === "NO").map((rule) => rule.entryKey),
      proposeRest: false,
      threats: identities
        .filter((identity) => identity.intro <= m.index)
        .map((identity, n): TThreatSpec => {
          const status = statusAt(identity, m.archivedAt ?? now);
          const [l, i] = identity.scores[m.index]!;
          return {
            key: identity.key ?? `manual:${n}`,
            manual: identity.manual,
            answer: identity.answer,
            ...(identity.fromRule ? { rule: identity.answer } : { ops: identity.ops }),
            note: chance(random, 0.12) ? pick(random, NOTES) : undefined,
            l,
            i,
            ...(status === "OPEN" ? {} : { status, resolved: days(now, identity.resolvedAt!) }),
            ...(identity.justification && status !== "OPEN" ? { acceptance: { justification: identity.justification, ...(identity.expiresAt ? { expiresIn: -days(now, identity.expiresAt) } : {}) } } : {}),
            found: days(now, m.index === identity.intro ? identity.createdAt : m.createdAt),
            by: identity.by,
            mitigations: identity.work.filter((work) => home(identity, work) === m.index).map((work) => ({
              ...work.spec,
              ref: work.ref,
              title: work.title,
              description: work.description,
              status: work.status,
              created: days(now, work.mc),
              ...(work.assignedAt === null ? {} : { assigned: days(now, work.assignedAt) }),
              ...(work.due === null ? {} : { due: days(now, work.due) }),
              ...(work.verifiedAt === null ? {} : { verified: days(now, work.verifiedAt) }),
            })),
            links: [
              ...identity.work.filter((work) => home(identity, work) < m.index && (m.archivedAt === null || m.archivedAt > work.mc)).map((work) => work.ref),
              ...(m.index === models.length - 1 ? identity.extraLinks : []),
            ],
          };
        }),
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Operations and versions

function singular(resource: string): string {
  if (resource.endsWith("ies")) return `${resource.slice(0, -3)}y`;
  if (resource.endsWith("sses") || resource.endsWith("xes")) return resource.slice(0, -2);
  if (resource.endsWith("s")) return resource.slice(0, -1);
  return resource;
}
const pascal = (word: string) => word.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase());


/** The API's spec over time: operations with the days they were imported (and removed). */
function generateOperations(random: Random, p: Profile, now: number, firstModelAt: number | null): Op[] {
  const api = p.api;
  if (!p.operations) return [];
  const resources = RESOURCES[api.system ?? ""] ?? FALLBACK_RESOURCES;
  type Candidate = { method: string; path: string; kind: string; resource: string; weight: number };
  const candidates: Candidate[] = [];
  for (const [n, resource] of resources.entries()) {
    const id = `{${singular(resource)}Id}`;
    const w = 1 / (1 + n * 0.35);
    const add = (method: string, path: string, kind: string, weight: number) => candidates.push({ method, path, kind, resource, weight: weight * w });
    add("GET", `/v1/${resource}`, "list", 6);
    add("POST", `/v1/${resource}`, "create", 5);
    add("GET", `/v1/${resource}/${id}`, "read", 6);
    add("PUT", `/v1/${resource}/${id}`, "update", 2);
    add("PATCH", `/v1/${resource}/${id}`, "update", 3);
    add("DELETE", `/v1/${resource}/${id}`, "delete", 3);
    add("GET", `/v1/${resource}/${id}/history`, "read", 1);
    add("POST", `/v1/${resource}/${id}/${ACTIONS[n % ACTIONS.length]}`, "action", 2);
    add("GET", `/v1/${resource}/search`, "search", 1.5);
    add("POST", `/v1/${resource}/import`, "upload", 0.5);
    add("GET", `/v1/${resource}/export`, "export", 0.8);
    add("POST", `/v1/${resource}/callbacks`, "callback", 0.4);
    add("GET", `/admin/${resource}`, "admin", 0.6);
    add("POST", `/admin/${resource}/${id}/impersonate`, "admin", 0.15);
    add("GET", `/v2/${resource}`, "list", 1);
    add("GET", `/v2/${resource}/${id}`, "read", 1);
  }
  const chosen = weightedOrder(random, candidates, (c) => c.weight).slice(0, p.operations);
  if (chance(random, 0.04) && chosen.length > 1) {
    const resource = pick(random, resources);
    chosen[chosen.length - 1] = { method: "POST", path: `webhook:${singular(resource)}.updated`, kind: "webhook", resource, weight: 1 };
  }
  const hasV2 = new Set(chosen.filter((c) => c.path.startsWith("/v2/")).map((c) => c.resource));
  const anonymous = api.authSchemes.includes("NONE");
  // First import: some days before the first threat model, within the last 300 days; later
  // imports add operations (the dashboard's "new since the approved model").
  const oldest = now - 300 * DAY;
  const importedAt =
    firstModelAt === null ? now - uniform(random, 20, 300) * DAY : firstModelAt - 30 * DAY > oldest ? firstModelAt - uniform(random, 1, 30) * DAY : oldest + uniform(random, 0, 30) * DAY;
  const sensitivePool = api.dataFlags.flatMap((flag) => SENSITIVE_FIELDS[flag] ?? []);
  const ops: Op[] = [];
  for (const c of chosen) {
    const flags = new Set<string>();
    if (c.path.includes("Id}")) flags.add("id-path-param");
    if (c.kind === "callback") flags.add("url-input");
    if (c.kind === "upload") flags.add("file-upload");
    const sensitiveFields = (c.method === "GET" || c.kind === "webhook") && sensitivePool.length && chance(random, 0.35) ? [pick(random, sensitivePool)] : [];
    if (sensitiveFields.length) flags.add("sensitive-data");
    if ((c.kind === "list" && chance(random, 0.25)) || (c.kind === "export" && chance(random, 0.6))) flags.add("unbounded-list");
    if (c.kind === "webhook") flags.add("webhook");
    const requiresAuth = c.kind === "webhook" ? false : anonymous ? chance(random, 0.5) : !chance(random, c.kind === "admin" ? 0.1 : 0.03);
    const deprecated = (c.path.startsWith("/v1/") && hasV2.has(c.resource) && chance(random, 0.5)) || chance(random, api.lifecycle === "DEPRECATED" ? 0.4 : 0.02);
    const createdAt = chance(random, 0.75) ? importedAt : uniform(random, importedAt, now - HOUR);
    const removedAt = chance(random, 0.03) ? uniform(random, createdAt, now) : null;
    const verb = { GET: c.kind === "list" ? "list" : "get", POST: "create", PUT: "replace", PATCH: "update", DELETE: "delete" }[c.method] ?? "call";
    ops.push({
      id: `${c.method} ${c.path}`,
      method: c.method,
      path: c.path,
      operationId: c.kind === "webhook" ? null : `${verb}${pascal(c.kind === "list" || c.kind === "create" ? c.resource : singular(c.resource))}${c.kind === "read" || c.kind === "list" || c.kind === "create" || c.kind === "update" || c.kind === "delete" ? "" : pascal(c.kind)}`,
      summary: `${pascal(verb)} ${c.resource}${c.kind === "admin" ? " (admin)" : ""}`,
      tags: [c.resource],
      deprecated,
      auth: requiresAuth,
      flags: OPERATION_FLAGS.filter((f) => flags.has(f)),
      sensitive: sensitiveFields,
      created: days(now, createdAt),
      ...(removedAt === null ? {} : { removed: days(now, removedAt) }),
    });
  }
  return ops;
}

function planModels(
  random: Random,
  p: Profile,
  now: number,
  writers: string[],
  approvers: string[],
  other: (pool: string[], not: string | null) => string | null,
  ownerId: string | null,
): Model[] {
  const k = p.versions;
  const approvedIndex = p.latest === "APPROVED" ? k - 1 : k - 2; // -1: never approved
  const approvals: number[] = [];
  if (approvedIndex >= 0) {
    // Most approvals are fresh, a good share older than the 180-day review interval.
    const ageDays = p.api.lifecycle === "RETIRED" ? uniform(random, 200, 400) : chance(random, 0.7) ? uniform(random, 1, 180) : uniform(random, 180, 400);
    approvals[approvedIndex] = now - ageDays * DAY;
    for (let j = approvedIndex - 1; j >= 0; j--) approvals[j] = approvals[j + 1]! - uniform(random, 60, 200) * DAY;
  }
  const models: Model[] = [];
  for (let j = 0; j < k; j++) {
    const authorId = ownerId && writers.includes(ownerId) && chance(random, 0.5) ? ownerId : pick(random, writers);
    let createdAt: number;
    let submittedAt: number | null = null;
    let approvedAt: number | null = null;
    let status: ThreatModelStatus;
    if (j <= approvedIndex) {
      approvedAt = approvals[j]!;
      submittedAt = approvedAt - uniform(random, 0.3, 12) * DAY;
      if (j === 0) createdAt = submittedAt - uniform(random, 5, 60) * DAY;
      else createdAt = approvals[j - 1]! + uniform(random, 0.05, 0.6) * (submittedAt - approvals[j - 1]!);
      status = j === approvedIndex ? "APPROVED" : "ARCHIVED";
    } else {
      // The version in progress: after the approved one, or a first model never approved yet.
      createdAt = approvedIndex >= 0 ? approvals[approvedIndex]! + uniform(random, 0.05, 0.95) * (now - approvals[approvedIndex]!) : now - uniform(random, 3, 240) * DAY;
      status = p.latest;
      if (status === "IN_REVIEW") submittedAt = createdAt + uniform(random, 0.4, 0.97) * (now - createdAt);
    }
    const reviewerId = submittedAt !== null ? (other(approvers, authorId) ?? other(writers, authorId)) : null;
    models.push({
      index: j,
      status,
      createdAt,
      submittedAt,
      approvedAt,
      archivedAt: status === "ARCHIVED" ? approvals[j + 1]! : null,
      authorId,
      reviewerId,
      share: status === "DRAFT" ? uniform(random, 0.15, 0.9) : status === "IN_REVIEW" ? uniform(random, 0.9, 1) : uniform(random, 0.93, 1),
    });
  }
  return models;
}

// ---------------------------------------------------------------------------------------------
// Verification

async function verifyRollups(
  client: DbClient,
  orgId: string,
  apiIds: string[],
  expected: Map<string, number[]>,
  currentWeek: string,
  random: Random,
): Promise<GenerateRiskResult["verification"]> {
  const modelled = [...expected.keys()];
  const unmodelled = apiIds.filter((id) => !expected.has(id));
  const sample = [...shuffle(random, [...modelled]).slice(0, 45), ...shuffle(random, unmodelled).slice(0, 5)];
  const rows = await client.$queryRawUnsafe<{ apiId: string; rollup: number[] | null; direct: number[] }[]>(
    `
    WITH s AS (SELECT unnest($2::text[]) AS id),
    cur AS (
      SELECT s.id, (SELECT m.id FROM "ThreatModel" m WHERE m."apiId" = s.id AND m."orgId" = $1 AND m.status <> 'ARCHIVED'
                     ORDER BY (m.status = 'APPROVED') DESC, m."modelVersion" DESC LIMIT 1) AS model_id
        FROM s)
    SELECT cur.id AS "apiId",
           (SELECT ARRAY[r."openCritical", r."openHigh", r."openMedium", r."openLow"] FROM "ApiRiskRollup" r WHERE r."apiId" = cur.id) AS rollup,
           ARRAY[count(t.id) FILTER (WHERE t.severity = 'CRITICAL'), count(t.id) FILTER (WHERE t.severity = 'HIGH'),
                 count(t.id) FILTER (WHERE t.severity = 'MEDIUM'), count(t.id) FILTER (WHERE t.severity = 'LOW')]::int[] AS direct
      FROM cur LEFT JOIN "Threat" t ON t."threatModelId" = cur.model_id AND t.status = 'OPEN'
     GROUP BY cur.id`,
    orgId,
    sample,
  );
  const details: string[] = [];
  let rollupMismatches = 0;
  for (const row of rows) {
    const want = expected.get(row.apiId) ?? [0, 0, 0, 0];
    const same = (a: number[] | null, b: number[]) => !!a && a.every((v, i) => Number(v) === Number(b[i]));
    if (!same(row.rollup, row.direct) || !same(row.direct, want)) {
      rollupMismatches++;
      if (details.length < 5) details.push(`${row.apiId}: rollup ${JSON.stringify(row.rollup)}, direct ${JSON.stringify(row.direct)}, generated ${JSON.stringify(want)}`);
    }
  }
  const [snap] = await client.$queryRawUnsafe<{ n: number }[]>(
    `SELECT count(*)::int AS n FROM "RiskSnapshot" s JOIN "ApiRiskRollup" r ON r."apiId" = s."apiId"
      WHERE s."apiId" = ANY($1::text[]) AND s."weekStart" = $2::date
        AND (s."openCritical", s."openHigh", s."openMedium", s."openLow") IS DISTINCT FROM (r."openCritical", r."openHigh", r."openMedium", r."openLow")`,
    apiIds,
    currentWeek,
  );
  return { sampled: rows.length, rollupMismatches, snapshotMismatches: snap?.n ?? 0, details };
}
