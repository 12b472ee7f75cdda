import type { DbClient } from "@/lib/db/client";
import type {
  AuthScheme,
  DataClassification,
  DataFlag,
  Exposure,
  Lifecycle,
  MitigationStatus,
  Role,
  Severity,
  ThreatModelStatus,
  ThreatStatus,
} from "@/lib/generated/prisma/enums";
import { syncBuiltinCatalog } from "@/lib/db/catalog-sync";
import { OPERATION_FLAGS } from "@/lib/specs/extract-operations";
import type { TGeneratedThreatEntry } from "@/lib/threats/generated-threat";
import { severityOf } from "@/lib/threats/risk";
import type { TRuleAnswer } from "@/lib/threats/rules";
import { slaDays, type TSlaSettings } from "@/lib/threats/sla";
import { buildPlan, mondayOf, ruleAnswersAt, type TBuildApi, type TBuildContext, type TBuildOrg, type TPlan } from "./build";
import { rng, weighted } from "./inventory";
import type { TApiSpec, TMitSpec, TModelSpec, TOpSpec, TThreatSpec } from "./scenario";
import { loadCatalogue, loadOrg, writePlan, type TTable } from "./write";

// The portfolio scenario: the generator (build.ts) at any scale, for bench:seed and the benchmarks
// (2,000 APIs → 20,000 operations, ~4,000 models, 40,000 threats, 60,000 mitigations). This file
// only decides the story (what each API's spec, versions, threats and work look like, and when);
// the rows and every product rule come from buildPlan, exactly as for the demo.
// Risk is skewed: exposure, data classification and a heavy-tailed factor make a few APIs carry
// many times the threats of a typical one. Every threat has one timeline (found → resolved)
// shared by its copies in later versions; an archived copy shows its status on the day it was
// archived. Deterministic for a given seed (except the ids).

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SEVERITIES: Severity[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
const SEVERITY_TARGET: Record<Severity, number> = { LOW: 0.25, MEDIUM: 0.4, HIGH: 0.27, CRITICAL: 0.08 };
const OPEN_MITIGATION: MitigationStatus[] = ["PROPOSED", "PLANNED", "IN_PROGRESS"];
const SNAPSHOT_WEEKS = 26;

export type GenerateRiskOptions = {
  orgId: string;
  /** Members who author, review, answer and get assigned work. */
  userIds: string[];
  /** APIs to fill; default every API of the organisation without threat models or operations. */
  apiIds?: string[];
  now?: Date;
  seed?: number;
  operationsPerApi?: number;
  threatsPerApi?: number;
  mitigationsPerApi?: number;
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

type Random = () => number;
type Entry = TGeneratedThreatEntry;
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
/** An operation of the scenario; its id is its "METHOD /path" (what threat specs link by). */
type Op = TOpSpec & { id: string };
type Model = {
  index: number;
  status: ThreatModelStatus;
  createdAt: number;
  submittedAt: number | null;
  approvedAt: number | null;
  archivedAt: number | null;
  authorId: string;
  reviewerId: string | null;
  share: number;
};
type PlannedMitigation = {
  ref: string;
  title: string;
  description: string;
  status: MitigationStatus;
  mc: number;
  assignedAt: number | null;
  verifiedAt: number | null;
  due: number | null;
  assigneeId: string | null;
  verifierId: string | null;
  priority: number;
  wontDo: string | null;
  evidenceUrl: string | null;
  evidenceNote: string | null;
  ticket: string | null;
};
type Identity = {
  key: string | null;
  entry: Entry | null;
  title: string;
  description: string;
  category: string;
  owaspApiId: string | null;
  stride: string[];
  intro: number;
  createdAt: number;
  createdById: string;
  fromRule: boolean;
  answer: "YES" | "UNSURE";
  /** Likelihood and impact per model version (index), from `intro` on. */
  scores: [number, number][];
  status: ThreatStatus;
  resolvedAt: number | null;
  acceptance: { justification: string; expiresAt: number } | null;
  operationIds: string[];
  mitigationTitles: { title: string; description: string }[];
  mitigations: PlannedMitigation[];
  /** Refs of other threats' mitigations that also answer this one. */
  extraLinks: string[];
};
/** Phase 1: what is decided for all APIs at once, so totals can be calibrated. */
type Profile = {
  api: ApiFacts;
  operations: number;
  weight: number;
  tilt: number;
  versions: number;
  latest: ThreatModelStatus;
  shrink: number[];
  sizes: number[];
  cap: number;
  entryKeys: string[];
};

/** Days before `now` (the scenario's clock). */
const days = (now: number, ms: number) => (now - ms) / DAY;
const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);


// ---------------------------------------------------------------------------------------------
// Small random helpers

const uniform = (random: Random, low: number, high: number) => low + (high - low) * random();
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
function normal(random: Random): number {
  const u = 1 - random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
const lognormal = (random: Random, median: number, sigma: number) => median * Math.exp(sigma * normal(random));
/** Weighted order without replacement (Efraimidis–Spirakis): the heaviest items tend to come first. */
function weightedOrder<T>(random: Random, items: T[], weight: (item: T) => number): T[] {
  return items
    .map((item) => ({ item, key: Math.pow(random(), 1 / Math.max(weight(item), 1e-6)) }))
    .sort((a, b) => b.key - a.key)
    .map((x) => x.item);
}
function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
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

const MANUAL_THREATS: { title: string; category: string; owasp: string | null; stride: string[]; description: string }[] = [
  { title: "Tenant id taken from the request body", category: "object-authorization", owasp: "API1", stride: ["E", "I"], description: "The handler trusts a tenantId field in the payload instead of the caller's token." },
  { title: "Replay of signed webhook deliveries", category: "business-flows", owasp: "API6", stride: ["S", "T"], description: "Signatures carry no timestamp, so a captured delivery can be sent again." },
  { title: "Verbose stack traces in error responses", category: "configuration", owasp: "API8", stride: ["I"], description: "500 responses include framework stack traces and internal host names." },
  { title: "Refund callable twice for the same order", category: "business-flows", owasp: "API6", stride: ["T"], description: "No idempotency key: a retried request issues a second refund." },
  { title: "Service account with wildcard scopes", category: "function-authorization", owasp: "API5", stride: ["E"], description: "The batch job's client credentials grant every scope of the API." },
  { title: "Bulk export without a row limit", category: "resource-consumption", owasp: "API4", stride: ["D", "I"], description: "One request can export every record of a tenant and exhaust the database." },
  { title: "Partner callback URL not validated", category: "ssrf", owasp: "API7", stride: ["S", "I"], description: "Partners register any URL, including internal addresses, as their callback." },
  { title: "One API key shared by all partner integrations", category: "authentication", owasp: "API2", stride: ["S", "R"], description: "A leaked key cannot be traced to a partner or revoked without breaking all of them." },
  { title: "Audit log misses administrative actions", category: "logging-and-monitoring", owasp: null, stride: ["R"], description: "Role changes and manual corrections leave no audit trail." },
  { title: "Third-party SDK sends telemetry with personal data", category: "third-party-apis", owasp: "API10", stride: ["I"], description: "The analytics SDK forwards request bodies, including e-mail addresses." },
  { title: "Role field writable on profile update", category: "property-authorization", owasp: "API3", stride: ["E", "T"], description: "PATCH accepts a role property that should be read-only (mass assignment)." },
  { title: "Search filter passed into the backend query", category: "injection", owasp: null, stride: ["T", "I"], description: "The filter parameter is concatenated into the search engine's query DSL." },
  { title: "Old mobile app version bypasses new checks", category: "inventory", owasp: "API9", stride: ["E"], description: "Version 3 of the app still calls the v1 endpoints without the ownership check." },
  { title: "Secrets readable by every CI job", category: "configuration", owasp: "API8", stride: ["I"], description: "Production credentials are exposed to pipelines of unrelated repositories." },
  { title: "Sessions survive a password change", category: "authentication", owasp: "API2", stride: ["S"], description: "Refresh tokens issued before a password reset keep working." },
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
  const nowDate = options.now ?? new Date();
  const timings: Record<string, number> = {};
  const started = Date.now();

  // --- Reference data ---------------------------------------------------------------------
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
  const emptyVerification = { sampled: 0, rollupMismatches: 0, snapshotMismatches: 0, details: [] };
  if (!apis.length) return { apis: 0, skippedApis, counts, timingsMs: timings, verification: emptyVerification };

  // Per batch: the scenario's rows, then one transaction that writes them.
  const currentWeek = mondayOf(nowDate);
  const expectedCurrent = new Map<string, [number, number, number, number]>();
  let batch = 0;
  let batchStarted = Date.now();
  for (const plan of planPortfolio({ now: nowDate, entries, apis, org, members, userIds: options.userIds }, options)) {
    const generatedMs = Date.now() - batchStarted;
    timings.generate = (timings.generate ?? 0) + generatedMs;
    for (const row of plan.snapshots) {
      if (row.weekStart.getTime() === currentWeek.getTime()) expectedCurrent.set(row.apiId, [row.openCritical, row.openHigh, row.openMedium, row.openLow]);
    }
    await client.$transaction(
      async (tx) => {
        // The pool's 15 s statement timeout is for requests, not bulk loads.
        await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 0");
        const written = await writePlan(tx, plan, timings);
        for (const table of Object.keys(counts) as TTable[]) counts[table] += written[table];
      },
      { timeout: 15 * 60_000, maxWait: 30_000 },
    );
    const apisInBatch = new Set(plan.operations.map((row) => row.apiId)).size;
    log(`  batch ${++batch}: ${apisInBatch} APIs with operations, ${plan.threats.length} threats, ${plan.mitigations.length} mitigations, ${plan.answers.length} answers: generated in ${generatedMs} ms, written in ${Date.now() - batchStarted - generatedMs} ms`);
    batchStarted = Date.now();
  }
  const random = rng((options.seed ?? 7) + 1);

  const analyzeStarted = Date.now();
  // VACUUM as well as ANALYZE: after a bulk load the visibility map is empty, so index-only scans
  // (the dashboard's mean time to mitigate) would still visit the heap until autovacuum came by.
  await client.$executeRawUnsafe(`VACUUM ANALYZE "Operation", "ThreatModel", "Threat", "ThreatOperation", "ChecklistAnswer", "Mitigation", "ThreatMitigation", "RiskSnapshot", "ApiRiskRollup"`);
  timings.analyze = Date.now() - analyzeStarted;

  const verification = await verifyRollups(client, options.orgId, apis.map((a) => a.id), expectedCurrent, dateOnly(currentWeek.getTime()), random);
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
  const { entries, apis, org, members } = input;
  const nowDate = input.now;
  const now = nowDate.getTime();
  const entryByKey = new Map(entries.map((entry) => [entry.key, entry]));
  if (!entries.length) throw new Error("The threat catalogue is empty.");
  const categories = [...new Set(entries.map((entry) => entry.category))];
  const bands = org.bands;
  const sla = org.sla;
  const pairs: Record<Severity, [number, number][]> = { LOW: [], MEDIUM: [], HIGH: [], CRITICAL: [] };
  for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) pairs[severityOf(l * i, bands)].push([l, i]);
  const everyone = input.userIds.length ? input.userIds.filter((id) => org.users[id]) : members.map((m) => m.userId);
  if (!everyone.length) throw new Error("generateRisk needs at least one member of the organisation.");
  const writersFound = members.filter((m) => m.role !== "VIEWER").map((m) => m.userId);
  const writers = writersFound.length ? writersFound : everyone;
  const approversFound = members.filter((m) => m.role === "OWNER" || m.role === "ADMIN").map((m) => m.userId);
  const approvers = approversFound.length ? approversFound : writers;
  const other = (pool: string[], not: string | null) => {
    const rest = pool.filter((id) => id !== not);
    return rest.length ? pick(random, rest) : null;
  };

  // --- Phase 1: profiles and calibration ------------------------------------------------------
  const operationTarget = Math.round((options.operationsPerApi ?? 10) * apis.length);
  const threatTarget = Math.round((options.threatsPerApi ?? 20) * apis.length);
  const mitigationTarget = Math.round((options.mitigationsPerApi ?? 30) * apis.length);

  // Operations: none for ~6% (mostly APIs still in design), otherwise log-normal, 1–40.
  const opCounts = apis.map((api) => (chance(random, api.lifecycle === "DESIGN" ? 0.3 : 0.03) ? 0 : clamp(Math.round(lognormal(random, 8, 0.65)), 1, 40)));
  let opDiff = operationTarget - opCounts.reduce((a, b) => a + b, 0);
  for (let guard = 0; opDiff !== 0 && guard < 1_000_000; guard++) {
    const i = Math.floor(random() * apis.length);
    const n = opCounts[i]!;
    if (n === 0) continue;
    if (opDiff > 0 && n < 40) {
      opCounts[i] = n + 1;
      opDiff--;
    } else if (opDiff < 0 && n > 1) {
      opCounts[i] = n - 1;
      opDiff++;
    }
  }

  const EXPOSURE_FACTOR: Record<Exposure, number> = { INTERNET: 1.7, PARTNER: 1.25, INTERNAL: 0.8 };
  const CLASS_FACTOR: Record<DataClassification, number> = { RESTRICTED: 1.5, CONFIDENTIAL: 1.2, INTERNAL: 0.9, PUBLIC: 0.6 };
  const LIFECYCLE_FACTOR: Record<Lifecycle, number> = { DEPRECATED: 1.3, ACTIVE: 1, DESIGN: 0.6, RETIRED: 0.7 };
  const FLAG_FACTOR: Record<DataFlag, number> = { PII: 0.25, PCI: 0.35, PHI: 0.2, CREDENTIALS: 0.2 };
  const profiles: Profile[] = apis.map((api, index) => {
    const attributes =
      EXPOSURE_FACTOR[api.exposure] * CLASS_FACTOR[api.dataClassification] * LIFECYCLE_FACTOR[api.lifecycle] * (1 + api.dataFlags.reduce((sum, flag) => sum + FLAG_FACTOR[flag], 0));
    // Heavy tail (Pareto, alpha 1.5): most APIs are ordinary, a few carry many times the risk.
    const tail = Math.min(14, Math.pow(1 - random(), -1 / 1.5));
    const weight = attributes * tail * (0.5 + Math.min(opCounts[index]!, 40) / 20);
    const full = entries.map((entry) => entry.key);
    // Some teams switch the IoT questions off for their models.
    const entryKeys = chance(random, 0.15) ? entries.filter((entry) => entry.category !== "iot-and-edge").map((entry) => entry.key) : full;
    return {
      api,
      operations: opCounts[index]!,
      weight,
      tilt: 1,
      versions: 0,
      latest: "DRAFT" as ThreatModelStatus,
      shrink: [],
      sizes: [],
      cap: entryKeys.length + 10,
      entryKeys,
    };
  });

  // Which APIs have no model at all: exactly the requested share, likelier for APIs in design,
  // retired or internal ones.
  const unmodelled = Math.round((options.unmodelledShare ?? 0.15) * profiles.length);
  const byNeglect = weightedOrder(random, [...profiles], (p) => ({ DESIGN: 3, RETIRED: 2.5, DEPRECATED: 1.2, ACTIVE: 1 })[p.api.lifecycle] * (p.api.exposure === "INTERNAL" ? 1.6 : 1) / Math.sqrt(p.weight));
  const modelled = new Set(byNeglect.slice(unmodelled));
  for (const profile of profiles) {
    if (!modelled.has(profile)) continue;
    profile.versions = weighted(random, [
      [1, 20],
      [2, 28],
      [3, 52],
    ]);
    profile.latest =
      profile.api.lifecycle === "RETIRED"
        ? "APPROVED"
        : weighted<ThreatModelStatus>(random, [
            ["APPROVED", 55],
            ["DRAFT", 33],
            ["IN_REVIEW", 12],
          ]);
    profile.shrink = Array.from({ length: profile.versions }, () => uniform(random, 0.6, 0.95));
  }
  const withModels = profiles.filter((p) => p.versions > 0);
  const medianWeight = [...withModels.map((p) => p.weight)].sort((a, b) => a - b)[Math.floor(withModels.length / 2)] ?? 1;
  for (const p of withModels) p.tilt = clamp(Math.pow(p.weight / medianWeight, 0.3), 0.6, 1.8);

  // Threat rows: the latest version holds every threat of the API (older ones a subset, as new
  // versions copy and extend). Scale so the rows over all versions hit the target.
  const sizesFor = (p: Profile, scale: number) => {
    const sizes: number[] = new Array(p.versions);
    sizes[p.versions - 1] = clamp(Math.round(scale * p.weight), 1, p.cap);
    for (let j = p.versions - 2; j >= 0; j--) sizes[j] = Math.max(1, Math.round(sizes[j + 1]! * p.shrink[j]!));
    return sizes;
  };
  const rowsAt = (scale: number) => withModels.reduce((sum, p) => sum + sizesFor(p, scale).reduce((a, b) => a + b, 0), 0);
  let low = 0;
  let high = 1000;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (rowsAt(mid) < threatTarget) low = mid;
    else high = mid;
  }
  for (const p of withModels) p.sizes = sizesFor(p, high);
  let threatDiff = threatTarget - withModels.reduce((sum, p) => sum + p.sizes.reduce((a, b) => a + b, 0), 0);
  for (let guard = 0; threatDiff !== 0 && guard < 1_000_000 && withModels.length; guard++) {
    const p = pick(random, withModels);
    const last = p.versions - 1;
    const size = p.sizes[last]!;
    if (threatDiff > 0 && size < p.cap) {
      p.sizes[last] = size + 1;
      threatDiff--;
    } else if (threatDiff < 0 && size > Math.max(1, p.sizes[last - 1] ?? 1)) {
      p.sizes[last] = size - 1;
      threatDiff++;
    }
  }

  // Severity mix: riskier APIs lean critical; multipliers calibrated so that all threat rows
  // together come out near 25% low, 40% medium, 27% high, 8% critical.
  const tiltFactor = (s: Severity, t: number) => ({ LOW: 1 / t, MEDIUM: 1, HIGH: t, CRITICAL: t * t })[s];
  const multiplier: Record<Severity, number> = { LOW: 1, MEDIUM: 1, HIGH: 1, CRITICAL: 1 };
  for (let iteration = 0; iteration < 30; iteration++) {
    const share: Record<Severity, number> = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
    let total = 0;
    for (const p of withModels) {
      const rows = p.sizes.reduce((a, b) => a + b, 0);
      const norm = SEVERITIES.reduce((sum, s) => sum + SEVERITY_TARGET[s] * multiplier[s] * tiltFactor(s, p.tilt), 0);
      for (const s of SEVERITIES) share[s] += (rows * SEVERITY_TARGET[s] * multiplier[s] * tiltFactor(s, p.tilt)) / norm;
      total += rows;
    }
    for (const s of SEVERITIES) multiplier[s] *= SEVERITY_TARGET[s] / (share[s] / total);
  }

  const identityTotal = withModels.reduce((sum, p) => sum + p.sizes[p.versions - 1]!, 0);
  log(
    `Plan: ${apis.length} APIs (${withModels.length} modelled), ${operationTarget} operations, ${withModels.reduce((s, p) => s + p.versions, 0)} models, ${threatTarget} threat rows (${identityTotal} distinct threats), ${mitigationTarget} mitigations.`,
  );


  // --- Phase 2: per batch, the scenario and its rows -------------------------------------------
  const batchApis = options.batchApis ?? 1000;
  let identitiesDone = 0;
  let mitigationsDone = 0;
  const story: TStory = { orgKey: org.id, random, now, writers, approvers, everyone, other, entryByKey, pairs, multiplier, tiltFactor, categories, bands, sla };
  for (let start = 0; start < profiles.length; start += batchApis) {
    const batch = profiles.slice(start, start + batchApis);
    const batchIdentities = batch.reduce((sum, p) => sum + (p.versions ? p.sizes[p.versions - 1]! : 0), 0);
    identitiesDone += batchIdentities;
    // Cumulative rounding keeps the grand total exact.
    const batchMitigationTarget = Math.round((mitigationTarget * identitiesDone) / Math.max(1, identityTotal)) - mitigationsDone;
    mitigationsDone += batchMitigationTarget;

    const stories = batch.map((p) => apiStory(story, p, org.apis[p.api.id]!));
    // Mitigation totals: extra generic controls on the riskiest threats, or surplus suggestions
    // dropped, so the batch hits its share of the target; then ~10% of open work overdue.
    adjustMitigations(random, stories.flatMap((s) => s.identities), batchMitigationTarget, now);
    scheduleWork(story, stories, options.overdueShare ?? 0.1);
    const scenario = { apis: stories.map((s) => toApiSpec(story, s)) };
    const context: TBuildContext = { now: nowDate, catalogue: entries, orgs: { [org.id]: org }, historyWeeks: SNAPSHOT_WEEKS - 1, currentWeek: true };
    yield buildPlan(scenario, context);
  }
}

type TStory = {
  orgKey: string;
  random: Random;
  now: number;
  writers: string[];
  approvers: string[];
  everyone: string[];
  other: (pool: string[], not: string | null) => string | null;
  entryByKey: Map<string, Entry>;
  pairs: Record<Severity, [number, number][]>;
  multiplier: Record<Severity, number>;
  tiltFactor: (s: Severity, t: number) => number;
  categories: string[];
  bands: TBuildContext["orgs"][string]["bands"];
  sla: TSlaSettings;
};
type TApiStory = { p: Profile; ops: Op[]; models: Model[]; identities: Identity[]; rules: Map<string, TRuleAnswer> };

/** One API's story: its spec, its model versions and the timeline of each threat and its work. */
function apiStory(s: TStory, p: Profile, buildApi: TBuildApi): TApiStory {
  const { random, now } = s;
  const api = p.api;
  const domain = api.system ?? "platform";
  // Models: the approved one (if any) and its archived predecessors, then maybe a newer draft.
  const models = p.versions ? planModels(random, p, now, s.writers, s.approvers, s.other, api.technicalOwnerId) : [];
  // The spec was usually imported before the first model was started.
  const ops = generateOperations(random, p, now, models[0]?.createdAt ?? null);
  // What the app's rules pre-answered when the first version started.
  const rules = models.length ? ruleAnswersAt(buildApi.facts, ops, days(now, models[0]!.createdAt)) : new Map<string, TRuleAnswer>();
  if (!p.versions) return { p, ops, models, identities: [], rules };

  // Threats: distinct "identities" with one timeline, copied into each version from `intro` on.
  const identities = planIdentities(random, p, models, rules, ops, s.entryByKey, s.pairs, s.multiplier, s.tiltFactor, s.writers, now);
  const latest = (identity: Identity) => severityOf(identity.scores[p.versions - 1]![0] * identity.scores[p.versions - 1]![1], s.bands);

  // Final status today: older findings are likelier resolved; critical ones first.
  for (const identity of identities) {
    const age = (now - identity.createdAt) / DAY;
    const severity = latest(identity);
    const speed = { CRITICAL: 1.15, HIGH: 1.05, MEDIUM: 1, LOW: 0.9 }[severity];
    const resolved = chance(random, 0.63 * (1 - Math.exp(-age / 60)) * speed);
    if (!resolved) continue;
    identity.status = weighted<ThreatStatus>(random, [
      ["MITIGATED", 66],
      ["ACCEPTED", severity === "CRITICAL" ? 5 : 13],
      ["NOT_APPLICABLE", 14],
      ["TRANSFERRED", 7],
    ]);
  }

  // Mitigations: the catalogue's suggestions per threat (what the checklist proposes).
  for (const identity of identities) {
    identity.mitigationTitles = identity.entry
      ? identity.entry.mitigations.filter(() => !chance(random, 0.05))
      : shuffle(random, [...GENERIC_MITIGATIONS]).slice(0, weighted(random, [[1, 30], [2, 45], [3, 25]]));
    if (!identity.mitigationTitles.length) identity.mitigationTitles = [pick(random, GENERIC_MITIGATIONS)];
  }
  const trackingStart = now - 300 * DAY;
  let refs = 0;
  for (const identity of identities) {
    const worst = latest(identity);
    // Mitigations of threats older than the tracking window were entered when tracking started.
    const trackedFrom = Math.min(now - 2 * HOUR, identity.createdAt >= trackingStart ? identity.createdAt : trackingStart + uniform(random, 0, 45) * DAY);
    // Resolutions lean towards recent months (the backlog is being worked down), which is
    // what makes the weekly history slope downwards.
    const from = Math.min(trackedFrom + DAY, now - 2 * HOUR);
    if (identity.status === "MITIGATED" || identity.status === "ACCEPTED" || identity.status === "TRANSFERRED") {
      identity.resolvedAt = from + Math.pow(random(), 0.6) * Math.max(0, now - HOUR - from);
    } else if (identity.status === "NOT_APPLICABLE") {
      identity.resolvedAt = identity.createdAt + random() * Math.min(30 * DAY, now - HOUR - identity.createdAt);
    }
    const resolvedAt = identity.resolvedAt ?? now;
    const plannedStatuses: MitigationStatus[] = identity.mitigationTitles.map(() => mitigationStatusFor(random, identity, now));
    if (identity.status === "OPEN" && plannedStatuses.length > 1 && !plannedStatuses.some((st) => st !== "VERIFIED")) plannedStatuses[plannedStatuses.length - 1] = "IN_PROGRESS";
    identity.mitigations = identity.mitigationTitles.map((suggestion, n) => {
      const status = plannedStatuses[n]!;
      let mc: number;
      let verifiedAt: number | null = null;
      if (identity.status === "MITIGATED") {
        // The controls a mitigated threat rests on were verified just before it was marked;
        // critical work took days from creation, low-severity work months.
        verifiedAt = Math.max(trackedFrom + HOUR, resolvedAt - random() * 3 * DAY);
        mc = Math.max(trackedFrom, verifiedAt - lognormal(random, TIME_TO_VERIFY[worst], 0.55) * DAY);
      } else {
        // Proposed by the checklist when the threat was found (or when tracking started).
        mc = Math.min(now - HOUR, trackedFrom + (identity.createdAt >= trackingStart ? Math.min(3, -Math.log(1 - random()) * 1.5) * DAY : random() * 6 * HOUR));
      }
      if (status === "VERIFIED" && verifiedAt === null) {
        // Critical work is verified fastest.
        verifiedAt = mc + lognormal(random, TIME_TO_VERIFY[worst], 0.55) * DAY;
        if (verifiedAt > now - HOUR) verifiedAt = mc + uniform(random, 0.2, 0.95) * Math.max(HOUR, now - mc);
      }
      const assigneeId = status === "PROPOSED" ? null : api.technicalOwnerId && s.everyone.includes(api.technicalOwnerId) && chance(random, 0.6) ? api.technicalOwnerId : pick(random, s.everyone);
      return {
        ref: `${api.id}:${++refs}`,
        title: suggestion.title,
        description: suggestion.description,
        status,
        mc,
        assignedAt: null,
        verifiedAt,
        due: null,
        assigneeId,
        verifierId: status === "VERIFIED" ? (s.other(s.writers, assigneeId) ?? pick(random, s.writers)) : null,
        priority: weighted(random, PRIORITY[worst]),
        wontDo: status === "WONT_DO" ? pick(random, WONT_DO_REASONS) : null,
        evidenceUrl: status === "VERIFIED" && chance(random, 0.7) ? `https://git.example.test/${domain}/${api.id.slice(-6)}/pull/${100 + Math.floor(random() * 900)}` : null,
        evidenceNote: status === "VERIFIED" ? pick(random, EVIDENCE_NOTES) : null,
        ticket: status !== "PROPOSED" && chance(random, 0.4) ? `https://jira.example.test/browse/SEC-${1000 + Math.floor(random() * 9000)}` : null,
      };
    });
    if (identity.status === "ACCEPTED") {
      let expiresAt = resolvedAt + uniform(random, 90, 365) * DAY;
      if (expiresAt <= now) expiresAt = now + uniform(random, 3, 120) * DAY; // renewed
      identity.acceptance = { justification: pick(random, ACCEPTANCE), expiresAt };
    } else if (identity.status === "TRANSFERRED") {
      identity.acceptance = { justification: pick(random, TRANSFER_NOTES), expiresAt: 0 };
    }
  }
  // Some controls also answer a second threat of the API.
  for (const identity of identities) {
    for (const mitigation of identity.mitigations) {
      if (identities.length > 1 && chance(random, 0.08)) {
        const second = pick(random, identities);
        if (second !== identity) second.extraLinks.push(mitigation.ref);
      }
    }
  }
  return { p, ops, models, identities, rules };
}

function adjustMitigations(random: Random, identities: Identity[], target: number, now: number): void {
  let total = identities.reduce((sum, identity) => sum + identity.mitigations.length, 0);
  if (!total) return;
  // Too many: drop surplus suggestions of threats that keep at least one (never the verified
  // control a mitigated threat rests on).
  if (total > target) {
    for (const identity of shuffle(random, [...identities])) {
      while (total > target && identity.mitigations.length > 1) {
        const index = identity.mitigations.findIndex((m) => m.status !== "VERIFIED");
        if (index < 0) break;
        identity.mitigations.splice(index, 1);
        total--;
      }
      if (total <= target) break;
    }
  }
  // Too few: extra generic controls for the riskiest threats, in the shape of one of theirs.
  const riskiest = identities.filter((identity) => identity.mitigations.length).sort((a, b) => b.scores.at(-1)![0] * b.scores.at(-1)![1] - a.scores.at(-1)![0] * a.scores.at(-1)![1]);
  let extra = 0;
  while (total < target && riskiest.length) {
    const identity = riskiest[Math.floor(Math.pow(random(), 2) * riskiest.length)]!;
    const shape = pick(random, identity.mitigations);
    const generic = pick(random, GENERIC_MITIGATIONS);
    identity.mitigations.push({ ...shape, ref: `${shape.ref}+${++extra}`, title: generic.title, description: generic.description, mc: Math.min(now - HOUR, shape.mc + random() * DAY) });
    total++;
  }
}

/** When work was taken on (the SLA clock's start): exactly `share` of open mitigations overdue today, among those whose SLA could have run out. */
function scheduleWork(s: TStory, stories: TApiStory[], share: number): void {
  const { random, now } = s;
  const pending = stories.flatMap((story) =>
    story.identities.flatMap((identity) => identity.mitigations.map((m) => ({ m, sla: slaDays(severityOf(identity.scores.at(-1)![0] * identity.scores.at(-1)![1], s.bands), s.sla) * DAY }))),
  );
  const open = pending.filter(({ m }) => OPEN_MITIGATION.includes(m.status));
  const assignedOpen = open.filter(({ m }) => m.assigneeId !== null);
  const feasible = assignedOpen.filter(({ m, sla }) => m.mc + sla < now - DAY);
  const overdue = new Set(shuffle(random, [...feasible]).slice(0, Math.round(open.length * share)));
  for (const item of pending) {
    const { m, sla } = item;
    if (m.assigneeId === null) {
      // Now and then someone sets a date on work nobody has taken yet (a manual date).
      if (m.status === "PROPOSED" && chance(random, 0.04)) m.due = now + uniform(random, 7, 120) * DAY;
      continue;
    }
    if (!OPEN_MITIGATION.includes(m.status)) {
      // Done work: taken on shortly after it was proposed.
      m.assignedAt = Math.min(m.verifiedAt ?? now - HOUR, m.mc + uniform(random, 0, 5) * DAY, now - HOUR);
    } else if (overdue.has(item)) {
      // Taken on some time after creation; the SLA ran out before today.
      m.assignedAt = m.mc + random() * Math.min(now - DAY - sla - m.mc, 120 * DAY);
    } else {
      // Taken on recently enough that the SLA has not run out.
      const earliest = Math.max(m.mc, now + DAY - sla);
      m.assignedAt = earliest + random() * Math.max(0, now - HOUR - earliest);
    }
    // A few due dates were set by hand instead (on the SLA's day).
    if (chance(random, 0.08)) m.due = m.assignedAt + sla;
  }
}

/** The story as the generator's scenario: one threat spec per version a threat is in. */
function toApiSpec(s: TStory, story: TApiStory): TApiSpec {
  const { now, random } = s;
  const { p, ops, models, identities, rules } = story;
  const api = p.api;
  const scheme = api.authSchemes.filter((scheme) => scheme !== "NONE").map((scheme) => SCHEME_NAMES[scheme])[0];
  const statusAt = (identity: Identity, at: number): ThreatStatus => (identity.resolvedAt !== null && identity.resolvedAt <= at ? identity.status : "OPEN");
  // Where each mitigation is defined: the first version live when it was created (later copies link it).
  const home = (identity: Identity, m: PlannedMitigation) => models.find((model) => model.index >= identity.intro && (model.archivedAt === null || model.archivedAt > m.mc)) ?? models.at(-1)!;
  const modelSpecs: TModelSpec[] = models.map((m) => {
    const threats: TThreatSpec[] = [];
    let manual = 0;
    for (const identity of identities) {
      if (identity.intro > m.index) continue;
      const status = statusAt(identity, m.archivedAt ?? now);
      const rowCreated = m.index === identity.intro ? identity.createdAt : m.createdAt;
      const [l, i] = identity.scores[m.index]!;
      const mine = identity.mitigations.filter((mitigation) => home(identity, mitigation).index === m.index);
      const linked = identity.mitigations.filter((mitigation) => home(identity, mitigation).index < m.index && (m.archivedAt === null || m.archivedAt > mitigation.mc)).map((mitigation) => mitigation.ref);
      threats.push({
        key: identity.key ?? `manual:${++manual}`,
        ...(identity.key ? {} : { manual: { title: identity.title, description: identity.description, category: identity.category, owaspApiId: identity.owaspApiId, stride: identity.stride } }),
        answer: identity.answer,
        ...(identity.fromRule ? { rule: identity.answer } : { ops: identity.operationIds }),
        ...(chance(random, 0.12) ? { note: pick(random, NOTES) } : {}),
        l,
        i,
        ...(status === "OPEN" ? {} : { status: status as Exclude<ThreatStatus, "OPEN">, resolved: days(now, identity.resolvedAt!) }),
        ...(status === "ACCEPTED" || status === "TRANSFERRED"
          ? { acceptance: { justification: identity.acceptance!.justification, ...(status === "ACCEPTED" ? { expiresIn: days(identity.acceptance!.expiresAt, now) } : {}) } }
          : {}),
        found: days(now, rowCreated),
        by: identity.createdById,
        mitigations: mine.map((mitigation) => mitigationSpec(now, mitigation, identity)),
        links: [...linked, ...(m.index === models.length - 1 ? identity.extraLinks : [])],
      });
    }
    return {
      ref: `${api.id}:v${m.index + 1}`,
      modelVersion: m.index + 1,
      ...(m.index > 0 ? { previous: `${api.id}:v${m.index}` } : {}),
      status: m.status,
      scope: `All ${p.operations ? `${p.operations} operations` : "planned operations"} of ${api.name}, production and staging.`,
      assumptions: chance(random, 0.5) ? "Callers authenticate at the gateway; the database is reachable only from the service." : "",
      author: m.authorId,
      created: days(now, m.createdAt),
      ...(m.submittedAt === null ? {} : { submitted: days(now, m.submittedAt) }),
      ...(m.approvedAt === null ? {} : { approved: days(now, m.approvedAt), approver: m.reviewerId ?? undefined }),
      ...(m.reviewerId && m.status === "IN_REVIEW" ? { reviewer: m.reviewerId } : {}),
      entryKeys: p.entryKeys,
      // The wizard walks the checklist category by category: a draft has answered a prefix of it.
      ...(m.status === "DRAFT" ? { answeredSteps: Math.round(m.share * s.categories.length) } : {}),
      ruleNo: [...rules.values()].filter((rule) => rule.answer === "NO").map((rule) => rule.entryKey),
      proposeRest: false,
      threats,
    };
  });
  return { org: s.orgKey, api: api.id, scheme, operations: ops, models: modelSpecs };
}

function mitigationSpec(now: number, m: PlannedMitigation, identity: Identity): TMitSpec {
  return {
    ref: m.ref,
    title: m.title,
    description: m.description,
    status: m.status,
    ...(m.assigneeId ? { assignee: m.assigneeId } : {}),
    created: days(now, m.mc),
    ...(m.assignedAt === null ? {} : { assigned: days(now, m.assignedAt) }),
    ...(m.due === null ? {} : { due: days(now, m.due) }),
    ...(m.verifiedAt === null ? {} : { verified: days(now, m.verifiedAt) }),
    ...(m.verifierId ? { verifier: m.verifierId } : {}),
    ...(m.evidenceUrl ? { evidenceUrl: m.evidenceUrl } : {}),
    ...(m.evidenceNote ? { evidenceNote: m.evidenceNote } : {}),
    ...(m.wontDo ? { wontDo: m.wontDo } : {}),
    ...(m.ticket ? { ticket: m.ticket } : {}),
    priority: m.priority,
    by: identity.createdById,
  };
}


// ---------------------------------------------------------------------------------------------
// Operations

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

/** What the rules of lib/threats/rules.ts would pre-answer for this API (simplified). */
// ---------------------------------------------------------------------------------------------
// Models and threats

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

function planIdentities(
  random: Random,
  p: Profile,
  models: Model[],
  rules: Map<string, TRuleAnswer>,
  ops: Op[],
  entryByKey: Map<string, Entry>,
  pairs: Record<Severity, [number, number][]>,
  multiplier: Record<Severity, number>,
  tiltFactor: (s: Severity, t: number) => number,
  writers: string[],
  now: number,
): Identity[] {
  const api = p.api;
  const k = p.versions;
  const total = p.sizes[k - 1]!;
  const manualCount = total >= 3 ? Math.min(10, Math.round(total * uniform(random, 0, 0.2))) : 0;
  const catalogCount = Math.min(total - manualCount, p.entryKeys.length);
  const manual = total - catalogCount;

  // Which catalogue entries become threats: what the rules flagged first, then by what the API
  // is (internet-facing → resource consumption, URL inputs → SSRF, ...).
  const flags = new Set(ops.flatMap((op) => op.flags));
  const owaspBoost: Record<string, number> = {
    API1: 2.5,
    API2: 2,
    API3: api.dataFlags.length ? 2 : 1.2,
    API4: api.exposure === "INTERNET" ? 3 : 1.5,
    API5: 1.5,
    API6: api.exposure === "INTERNET" ? 1.5 : 0.8,
    API7: flags.has("url-input") ? 3 : 0.7,
    API8: 0.8,
    API9: api.lifecycle === "DEPRECATED" || ops.some((op) => op.deprecated) ? 2.5 : 0.8,
    API10: 1,
  };
  const weightOf = (key: string) => {
    const entry = entryByKey.get(key)!;
    const rule = rules.get(key);
    const owasp = entry.owaspApi.length ? Math.max(...entry.owaspApi.map((o) => owaspBoost[o] ?? 1)) : 0.9;
    const ruleFactor = rule ? (rule.answer === "YES" ? 6 : rule.answer === "UNSURE" ? 3 : 0.2) : 1;
    return owasp * ruleFactor * (entry.category === "iot-and-edge" ? 0.15 : 1);
  };
  const ordered = weightedOrder(random, [...p.entryKeys], weightOf).slice(0, catalogCount);
  // Rule findings are there from the first version on (pre-answered when the model started).
  ordered.sort((a, b) => Number(rules.get(b)?.answer !== undefined && rules.get(b)?.answer !== "NO") - Number(rules.get(a)?.answer !== undefined && rules.get(a)?.answer !== "NO"));
  type Seed = { key: string | null };
  const seeds: Seed[] = ordered.map((key) => ({ key }));
  for (let i = 0; i < manual; i++) seeds.splice(Math.min(seeds.length, Math.floor(uniform(random, 0.3, 1) * (seeds.length + 1))), 0, { key: null });

  // Severity weights of this API, calibrated globally.
  const severityWeights = SEVERITIES.map((s) => [s, SEVERITY_TARGET[s] * multiplier[s] * tiltFactor(s, p.tilt)] as [Severity, number]);
  const impact0 = { PUBLIC: 1.8, INTERNAL: 2.5, CONFIDENTIAL: 3.5, RESTRICTED: 4.5 }[api.dataClassification];
  const likelihood0 = { INTERNET: 4, PARTNER: 3, INTERNAL: 2.5 }[api.exposure];
  const scorePair = (): [number, number] => {
    const severity = weighted(random, severityWeights);
    const options = pairs[severity].length ? pairs[severity] : pairs.MEDIUM;
    return weighted(
      random,
      options.map((pair) => [pair, Math.exp(-((pair[1] - impact0) ** 2 + (pair[0] - likelihood0) ** 2) / 5)] as [[number, number], number]),
    );
  };

  let cursor = 0;
  const identities: Identity[] = [];
  const manualPool = shuffle(random, [...MANUAL_THREATS]);
  for (let v = 0; v < k; v++) {
    const model = models[v]!;
    const until = p.sizes[v]!;
    for (; cursor < until && cursor < seeds.length; cursor++) {
      const seed = seeds[cursor]!;
      const rule = seed.key ? rules.get(seed.key) : undefined;
      const fromRule = rule && rule.answer !== "NO" && v === 0;
      const end = Math.min(model.submittedAt ?? now, now);
      const found = fromRule ? model.createdAt + random() * HOUR : model.createdAt + random() * Math.max(0, Math.min(14 * DAY, end - model.createdAt));
      const createdAt = Math.max(model.createdAt, Math.min(found, now - 2 * HOUR));
      const first = scorePair();
      const scores: [number, number][] = [];
      scores[v] = first;
      for (let j = v + 1; j < k; j++) {
        const [l, i] = scores[j - 1]!;
        // Re-scored in a later version now and then, more often down than up.
        scores[j] = chance(random, 0.15) ? [clamp(l + (chance(random, 0.7) ? -1 : 1), 1, 5), i] : [l, i];
      }
      let identity: Identity;
      const base = {
        intro: v,
        createdAt,
        createdById: chance(random, 0.8) ? model.authorId : pick(random, writers),
        scores,
        status: "OPEN" as ThreatStatus,
        resolvedAt: null,
        acceptance: null,
        extraLinks: [] as string[],
        mitigationTitles: [],
        mitigations: [],
      };
      if (seed.key) {
        const entry = entryByKey.get(seed.key)!;
        const linked = fromRule ? rule!.operationIds : chance(random, 0.15) && ops.length ? shuffle(random, ops.map((op) => op.id)).slice(0, 1 + Math.floor(random() * 2)) : [];
        identity = {
          ...base,
          key: entry.key,
          entry,
          title: entry.title,
          description: entry.whyItMatters.split(/(?<=\.)\s/)[0] ?? entry.whyItMatters,
          category: entry.category,
          owaspApiId: entry.owaspApi[0] ?? null,
          stride: entry.stride,
          fromRule: Boolean(fromRule),
          answer: fromRule ? (rule!.answer as "YES" | "UNSURE") : chance(random, 0.78) ? "YES" : "UNSURE",
          operationIds: linked,
        };
      } else {
        const template = manualPool[identities.filter((i) => !i.key).length % manualPool.length]!;
        identity = {
          ...base,
          key: null,
          entry: null,
          title: template.title,
          description: template.description,
          category: template.category,
          owaspApiId: template.owasp,
          stride: template.stride,
          fromRule: false,
          answer: "YES",
          operationIds: ops.length && chance(random, 0.3) ? [pick(random, ops).id] : [],
        };
      }
      identities.push(identity);
    }
  }
  return identities;
}

// ---------------------------------------------------------------------------------------------
// Mitigations

function mitigationStatusFor(random: Random, identity: Identity, now: number): MitigationStatus {
  const age = (now - identity.createdAt) / DAY;
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
      if (age < 14) return weighted<MitigationStatus>(random, [["PROPOSED", 70], ["PLANNED", 20], ["IN_PROGRESS", 10]]);
      return weighted<MitigationStatus>(random, [
        ["PROPOSED", 30],
        ["PLANNED", 22],
        ["IN_PROGRESS", 22],
        ["IMPLEMENTED", 11],
        ["VERIFIED", 8],
        ["WONT_DO", 4],
      ]);
  }
}

const TIME_TO_VERIFY: Record<Severity, number> = { CRITICAL: 6, HIGH: 21, MEDIUM: 45, LOW: 75 };
const PRIORITY: Record<Severity, [number, number][]> = {
  CRITICAL: [[1, 85], [2, 15]],
  HIGH: [[1, 20], [2, 60], [3, 20]],
  MEDIUM: [[2, 20], [3, 60], [4, 20]],
  LOW: [[3, 20], [4, 50], [5, 30]],
};

// ---------------------------------------------------------------------------------------------
// Verification

async function verifyRollups(
  client: DbClient,
  orgId: string,
  apiIds: string[],
  expected: Map<string, [number, number, number, number]>,
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
