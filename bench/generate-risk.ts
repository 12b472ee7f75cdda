import { randomBytes } from "node:crypto";
import { syncBuiltinCatalog } from "@/lib/db/catalog-sync";
import type { DbClient } from "@/lib/db/client";
import type {
  AuthScheme,
  ChecklistAnswerValue,
  DataClassification,
  DataFlag,
  Exposure,
  Lifecycle,
  MitigationStatus,
  Severity,
  ThreatModelStatus,
  ThreatSource,
  ThreatStatus,
} from "@/lib/generated/prisma/enums";
import { OPERATION_FLAGS } from "@/lib/core/specs/extract-operations";
import { RULE_ENTRY_KEYS } from "@/lib/core/threat-models/catalog-schema";
import { DEFAULT_RISK_BANDS, severityOf, type TRiskBands } from "@/lib/core/threats/risk";
import { rng, weighted } from "./generate-inventory";

// Threat models, threats, mitigations and their history for generated APIs, at the scale of a large
// portfolio (2,000 APIs → 20,000 operations, ~4,000 models, 40,000 threats, 60,000 mitigations).
//
// The data follows the app's own rules so the dashboard reads it as it would read real use:
// - a new model version starts from the approved one and copies its threats and mitigation links;
//   approving it archives the previous one, so an API has at most one APPROVED model;
// - "yes"/"unsure" answers have a threat, "no" answers a NOT_APPLICABLE one or none; rules
//   pre-answer what the operations tell (RULE/LINT threats, linked to those operations);
// - every threat has one timeline (found → resolved) shared by its copies: an archived copy shows
//   its status on the day it was archived, the weekly RiskSnapshot rows replay that timeline, so
//   history and today's ApiRiskRollup (kept by the database triggers) agree;
// - mitigations get SLA due dates from their worst threat, verification faster for critical work.
// Risk is skewed: exposure, data classification and a heavy-tailed factor make a few APIs carry
// many times the threats of a typical one. Deterministic for a given seed (except the ids).

const DAY = 86_400_000;
const HOUR = 3_600_000;
const SEVERITIES: Severity[] = ["LOW", "MEDIUM", "HIGH", "CRITICAL"];
const SEVERITY_RANK: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
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

type TTable = "Operation" | "ThreatModel" | "Threat" | "ThreatOperation" | "ChecklistAnswer" | "Mitigation" | "ThreatMitigation" | "RiskSnapshot";
type Tx = Parameters<Parameters<DbClient["$transaction"]>[0]>[0];
type Row = Record<string, unknown>;
type Random = () => number;

type Entry = { key: string; category: string; title: string; whyItMatters: string; owaspApi: string[]; stride: string[]; mitigations: { title: string; description: string }[] };
type ApiFacts = {
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
type Op = { id: string; method: string; path: string; flags: string[]; requiresAuth: boolean; deprecated: boolean; removed: boolean; sensitiveFields: string[] };
type RuleHit = { answer: "YES" | "UNSURE" | "NO"; reason: string; operationIds: string[] };
type Model = {
  id: string;
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
  source: ThreatSource;
  answer: "YES" | "UNSURE";
  /** Likelihood and impact per model version (index), from `intro` on. */
  scores: [number, number][];
  status: ThreatStatus;
  resolvedAt: number | null;
  acceptance: { justification: string; expiresAt: number } | null;
  operationIds: string[];
  rowIds: string[];
  mitigationTitles: { title: string; description: string }[];
  mitigations: { id: string; mc: number }[];
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
const newId = () => `c${randomBytes(12).toString("hex")}`;
const iso = (ms: number) => new Date(ms).toISOString();
const dateOnly = (ms: number) => new Date(ms).toISOString().slice(0, 10);
/** Monday 00:00 UTC of the week `ms` falls in (as the snapshot job computes it). */
function weekStart(ms: number): number {
  const date = new Date(ms);
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
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
// Bulk insert: all rows of a chunk in one statement (the rollup triggers are statement-level).

async function insertRows(tx: Tx, table: TTable, rows: Row[], chunk: number, timings: Record<string, number>): Promise<number> {
  if (!rows.length) return 0;
  const columns = Object.keys(rows[0]!)
    .map((column) => `"${column}"`)
    .join(", ");
  const sql = `INSERT INTO "${table}" (${columns}) SELECT ${columns} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`;
  const started = Date.now();
  for (let start = 0; start < rows.length; start += chunk) {
    await tx.$executeRawUnsafe(sql, JSON.stringify(rows.slice(start, start + chunk)));
  }
  timings[table] = (timings[table] ?? 0) + Date.now() - started;
  return rows.length;
}

// ---------------------------------------------------------------------------------------------

export async function generateRisk(client: DbClient, options: GenerateRiskOptions): Promise<GenerateRiskResult> {
  const log = options.log ?? (() => {});
  const random = rng(options.seed ?? 7);
  const now = (options.now ?? new Date()).getTime();
  const timings: Record<string, number> = {};
  const started = Date.now();

  // --- Reference data ---------------------------------------------------------------------
  const selectEntries = () =>
    client.catalogEntry.findMany({ orderBy: { position: "asc" }, select: { key: true, category: true, title: true, whyItMatters: true, owaspApi: true, stride: true, mitigations: true } });
  let catalog = await selectEntries();
  if (!catalog.length) {
    await syncBuiltinCatalog(client);
    catalog = await selectEntries();
  }
  const disabled = new Set((await client.orgCatalogSetting.findMany({ where: { orgId: options.orgId, disabled: true }, select: { entryKey: true } })).map((s) => s.entryKey));
  const entries: Entry[] = catalog
    .filter((entry) => !disabled.has(entry.key))
    .map((entry) => ({ ...entry, mitigations: Array.isArray(entry.mitigations) ? (entry.mitigations as { title: string; description: string }[]) : [] }));
  const entryByKey = new Map(entries.map((entry) => [entry.key, entry]));
  if (!entries.length) throw new Error("The threat catalogue is empty.");

  const settings = await client.orgSettings.findUnique({ where: { orgId: options.orgId } });
  const bands: TRiskBands = settings ? { mediumFrom: settings.mediumFrom, highFrom: settings.highFrom, criticalFrom: settings.criticalFrom } : DEFAULT_RISK_BANDS;
  const slaDays: Record<Severity, number> = {
    CRITICAL: settings?.slaCriticalDays ?? 7,
    HIGH: settings?.slaHighDays ?? 30,
    MEDIUM: settings?.slaMediumDays ?? 90,
    LOW: settings?.slaLowDays ?? 180,
  };
  const pairs: Record<Severity, [number, number][]> = { LOW: [], MEDIUM: [], HIGH: [], CRITICAL: [] };
  for (let l = 1; l <= 5; l++) for (let i = 1; i <= 5; i++) pairs[severityOf(l * i, bands)].push([l, i]);

  const members = await client.membership.findMany({ where: { orgId: options.orgId, userId: { in: options.userIds } }, select: { userId: true, role: true } });
  const everyone = options.userIds.length ? options.userIds : members.map((m) => m.userId);
  if (!everyone.length) throw new Error("generateRisk needs at least one member of the organisation.");
  const writersFound = members.filter((m) => m.role !== "VIEWER").map((m) => m.userId);
  const writers = writersFound.length ? writersFound : everyone;
  const approversFound = members.filter((m) => m.role === "OWNER" || m.role === "ADMIN").map((m) => m.userId);
  const approvers = approversFound.length ? approversFound : writers;
  const other = (pool: string[], not: string | null) => {
    const rest = pool.filter((id) => id !== not);
    return rest.length ? pick(random, rest) : null;
  };

  // --- APIs ---------------------------------------------------------------------------------
  const apis: ApiFacts[] = await client.api.findMany({
    where: { orgId: options.orgId, ...(options.apiIds ? { id: { in: options.apiIds } } : {}), threatModels: { none: {} }, operations: { none: {} } },
    orderBy: { id: "asc" },
    select: { id: true, name: true, system: true, exposure: true, dataClassification: true, dataFlags: true, lifecycle: true, authSchemes: true, technicalOwnerId: true },
  });
  const skippedApis = options.apiIds ? options.apiIds.length - apis.length : 0;
  const counts: Record<TTable, number> = { Operation: 0, ThreatModel: 0, Threat: 0, ThreatOperation: 0, ChecklistAnswer: 0, Mitigation: 0, ThreatMitigation: 0, RiskSnapshot: 0 };
  const emptyVerification = { sampled: 0, rollupMismatches: 0, snapshotMismatches: 0, details: [] };
  if (!apis.length) return { apis: 0, skippedApis, counts, timingsMs: timings, verification: emptyVerification };

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

  // --- Phase 2: per batch, generate and insert ---------------------------------------------
  const batchApis = options.batchApis ?? 1000;
  let identitiesDone = 0;
  let mitigationsDone = 0;
  const currentWeek = weekStart(now);
  const expectedCurrent = new Map<string, [number, number, number, number]>();

  for (let start = 0; start < profiles.length; start += batchApis) {
    const batchStarted = Date.now();
    const batch = profiles.slice(start, start + batchApis);
    const rows: Record<TTable, Row[]> = { Operation: [], ThreatModel: [], Threat: [], ThreatOperation: [], ChecklistAnswer: [], Mitigation: [], ThreatMitigation: [], RiskSnapshot: [] };
    const batchIdentities = batch.reduce((sum, p) => sum + (p.versions ? p.sizes[p.versions - 1]! : 0), 0);
    identitiesDone += batchIdentities;
    // Cumulative rounding keeps the grand total exact.
    const batchMitigationTarget = Math.round((mitigationTarget * identitiesDone) / Math.max(1, identityTotal)) - mitigationsDone;
    mitigationsDone += batchMitigationTarget;

    type PendingMitigation = { row: Row; mc: number; worst: Severity };
    const pendingMitigations: PendingMitigation[] = [];

    for (const p of batch) {
      const api = p.api;
      const domain = api.system ?? "platform";
      // Models: the approved one (if any) and its archived predecessors, then maybe a newer draft.
      const models = p.versions ? planModels(random, p, now, writers, approvers, other, api.technicalOwnerId) : [];
      // The spec was usually imported before the first model was started.
      const ops = generateOperations(random, p, now, rows.Operation, options.orgId, models[0]?.createdAt ?? null);
      const rules = evaluateRules(random, api, ops);
      if (!p.versions) continue;
      for (const m of models) {
        rows.ThreatModel.push({
          id: m.id,
          orgId: options.orgId,
          apiId: api.id,
          title: `${api.name} threat model`,
          scope: `All ${p.operations ? `${p.operations} operations` : "planned operations"} of ${api.name}, production and staging.`,
          assumptions: chance(random, 0.5) ? "Callers authenticate at the gateway; the database is reachable only from the service." : "",
          modelVersion: m.index + 1,
          status: m.status,
          authorId: m.authorId,
          reviewerId: m.reviewerId,
          submittedAt: m.submittedAt === null ? null : iso(m.submittedAt),
          approvedAt: m.approvedAt === null ? null : iso(m.approvedAt),
          approvedById: m.approvedAt === null ? null : m.reviewerId,
          entryKeys: p.entryKeys,
          previousVersionId: m.index > 0 ? models[m.index - 1]!.id : null,
          createdAt: iso(m.createdAt),
          updatedAt: iso(Math.min(now, Math.max(m.createdAt, m.submittedAt ?? 0, m.approvedAt ?? 0, m.archivedAt ?? 0) + uniform(random, 0, 2) * HOUR)),
          version: 1 + (m.submittedAt ? 1 : 0) + (m.approvedAt ? 1 : 0) + (m.archivedAt ? 1 : 0) + Math.floor(random() * 4),
        });
      }

      // Threats: distinct "identities" with one timeline, copied into each version from `intro` on.
      const identities = planIdentities(random, p, models, rules, ops, entryByKey, pairs, multiplier, tiltFactor, writers, now);

      // Final status today: older findings are likelier resolved; critical ones first.
      for (const identity of identities) {
        const age = (now - identity.createdAt) / DAY;
        const severity = severityOf(identity.scores[p.versions - 1]![0] * identity.scores[p.versions - 1]![1], bands);
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
      for (const identity of identities) {
        const worst = severityOf(identity.scores[p.versions - 1]![0] * identity.scores[p.versions - 1]![1], bands);
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
        if (identity.status === "MITIGATED" && !plannedStatuses.includes("VERIFIED")) plannedStatuses[0] = "VERIFIED";
        if (identity.status === "OPEN" && plannedStatuses.length > 1 && !plannedStatuses.some((s) => s !== "VERIFIED")) plannedStatuses[plannedStatuses.length - 1] = "IN_PROGRESS";
        identity.mitigations = identity.mitigationTitles.map((suggestion, n) => {
          const status = plannedStatuses[n]!;
          let mc: number;
          let verifiedAt: number | undefined;
          if (identity.status === "MITIGATED" && status === "VERIFIED") {
            // The controls a mitigated threat rests on were verified just before it was marked;
            // critical work took days from creation, low-severity work months.
            verifiedAt = Math.max(trackedFrom + HOUR, resolvedAt - random() * 3 * DAY);
            mc = Math.max(trackedFrom, verifiedAt - lognormal(random, TIME_TO_VERIFY[worst], 0.55) * DAY);
          } else if (identity.status === "MITIGATED") {
            mc = trackedFrom + random() * (resolvedAt - trackedFrom);
          } else {
            // Proposed by the checklist when the threat was found (or when tracking started).
            mc = Math.min(now - HOUR, trackedFrom + (identity.createdAt >= trackingStart ? Math.min(3, -Math.log(1 - random()) * 1.5) * DAY : random() * 6 * HOUR));
          }
          const row = mitigationRow(random, { status, mc, verifiedAt, worst, now, options, api, domain, identity, suggestion, writers, everyone, other, slaDays });
          pendingMitigations.push({ row, mc, worst });
          return { id: row.id as string, mc };
        });
        if (identity.status === "ACCEPTED") {
          let expiresAt = resolvedAt + uniform(random, 90, 365) * DAY;
          if (expiresAt <= now) expiresAt = now + uniform(random, 3, 120) * DAY; // renewed
          identity.acceptance = { justification: pick(random, ACCEPTANCE), expiresAt };
        } else if (identity.status === "TRANSFERRED") {
          identity.acceptance = { justification: pick(random, TRANSFER_NOTES), expiresAt: 0 };
        }
      }

      // Threat rows, one per identity and version it exists in.
      const statusAt = (identity: Identity, at: number): ThreatStatus => (identity.resolvedAt !== null && identity.resolvedAt <= at ? identity.status : "OPEN");
      const rowStatus = (identity: Identity, m: Model) => statusAt(identity, m.archivedAt ?? now);
      for (const m of models) {
        for (const identity of identities) {
          if (identity.intro > m.index) continue;
          const id = newId();
          identity.rowIds[m.index] = id;
          const [likelihood, impact] = identity.scores[m.index]!;
          const status = rowStatus(identity, m);
          const rowCreated = m.index === identity.intro ? identity.createdAt : m.createdAt;
          const changedAt = identity.resolvedAt !== null && status !== "OPEN" ? identity.resolvedAt : rowCreated;
          rows.Threat.push({
            id,
            orgId: options.orgId,
            threatModelId: m.id,
            title: identity.title,
            description: identity.description,
            category: identity.category,
            owaspApiId: identity.owaspApiId,
            stride: identity.stride,
            catalogEntryKey: identity.key,
            likelihood,
            impact,
            score: likelihood * impact,
            severity: severityOf(likelihood * impact, bands),
            status,
            acceptanceJustification: status === "ACCEPTED" || status === "TRANSFERRED" ? identity.acceptance!.justification : null,
            acceptanceExpiresAt: status === "ACCEPTED" ? iso(identity.acceptance!.expiresAt) : null,
            source: identity.source,
            createdById: identity.createdById,
            createdAt: iso(rowCreated),
            updatedAt: iso(Math.max(rowCreated, changedAt)),
            version: 1 + (status !== "OPEN" ? 1 : 0) + (m.index > identity.intro && identity.scores[m.index]![0] !== identity.scores[m.index - 1]![0] ? 1 : 0),
          });
          for (const operationId of identity.operationIds) rows.ThreatOperation.push({ orgId: options.orgId, threatId: id, operationId });
        }
      }

      // Mitigation links: a control answers its threat in every version live when it was
      // created and in every later copy; some controls also answer a second threat.
      for (const identity of identities) {
        for (const { id, mc } of identity.mitigations) {
          const links = models.filter((m) => m.index >= identity.intro && (m.archivedAt === null || m.archivedAt > mc)).map((m) => identity.rowIds[m.index]!);
          if (!links.length) links.push(identity.rowIds[p.versions - 1]!);
          if (links.length < 3 && identities.length > 1 && chance(random, 0.08)) {
            const second = pick(random, identities);
            const secondRow = second.rowIds[p.versions - 1];
            if (second !== identity && secondRow && !links.includes(secondRow)) links.push(secondRow);
          }
          for (const threatId of links) rows.ThreatMitigation.push({ orgId: options.orgId, threatId, mitigationId: id });
        }
      }

      // Checklist answers per version: every threat's entry, plus a share of the rest.
      for (const m of models) {
        const end = m.submittedAt ?? now;
        const inModel = new Map(identities.filter((identity) => identity.key && identity.intro <= m.index).map((identity) => [identity.key!, identity]));
        // The wizard walks the checklist category by category: a draft has answered a prefix of it
        // (plus the entries its threats came from); finished models nearly all of it.
        const target = Math.round(m.share * p.entryKeys.length);
        const rest = m.status === "DRAFT" ? p.entryKeys : shuffle(random, [...p.entryKeys]);
        const answered = new Set([...inModel.keys(), ...rest.slice(0, target)]);
        // Rule pre-answers are written when the model starts, answered or not.
        for (const key of p.entryKeys) if (rules.has(key) && (m.status === "DRAFT" || chance(random, 0.95))) answered.add(key);
        for (const key of p.entryKeys) {
          if (!answered.has(key)) continue;
          const identity = inModel.get(key);
          const rule = rules.get(key);
          let answer: ChecklistAnswerValue;
          if (identity) {
            const status = rowStatus(identity, m);
            answer = status === "NOT_APPLICABLE" ? (chance(random, 0.75) ? "NO" : "NOT_APPLICABLE") : identity.answer;
          } else if (rule && rule.answer === "NO") {
            answer = "NO";
          } else {
            const entry = entryByKey.get(key);
            answer = entry?.category === "iot-and-edge" || chance(random, 0.3) ? "NOT_APPLICABLE" : "NO";
          }
          // A draft's pre-answers may still wait for a person to confirm them.
          const unconfirmed = rule && rule.answer === answer && m.status === "DRAFT" && chance(random, 0.4);
          const answeredAt = m.index > 0 && !(identity && identity.intro === m.index) ? m.createdAt : m.createdAt + random() * Math.max(0, end - m.createdAt);
          rows.ChecklistAnswer.push({
            id: newId(),
            orgId: options.orgId,
            threatModelId: m.id,
            entryKey: key,
            answer,
            note: chance(random, 0.12) ? pick(random, NOTES) : "",
            answeredById: unconfirmed ? null : chance(random, 0.75) ? m.authorId : pick(random, writers),
            ruleAnswer: rule ? rule.answer : null,
            ruleReason: rule ? rule.reason : null,
            ruleOperationIds: rule ? rule.operationIds : [],
            createdAt: iso(rule ? m.createdAt : answeredAt),
            updatedAt: iso(answeredAt),
          });
        }
      }

      // Weekly snapshots: replay the timelines. At each week's last run, the current model is
      // the approved one of that day, else the newest version that existed.
      for (let week = SNAPSHOT_WEEKS - 1; week >= 0; week--) {
        const weekStartMs = currentWeek - week * 7 * DAY;
        const at = week === 0 ? now : weekStartMs + 6 * DAY + 3 * HOUR;
        const approved = models.filter((m) => m.approvedAt !== null && m.approvedAt <= at && (m.archivedAt === null || m.archivedAt > at));
        const current = approved[0] ?? [...models].reverse().find((m) => m.createdAt <= at);
        if (!current) continue;
        const open: Record<Severity, number> = { LOW: 0, MEDIUM: 0, HIGH: 0, CRITICAL: 0 };
        for (const identity of identities) {
          if (identity.intro > current.index || identity.createdAt > at) continue;
          // The current model of that day was not archived yet, so its threats were tracked live.
          if (statusAt(identity, at) !== "OPEN") continue;
          const [l, i] = identity.scores[current.index]!;
          open[severityOf(l * i, bands)]++;
        }
        if (week === 0) expectedCurrent.set(api.id, [open.CRITICAL, open.HIGH, open.MEDIUM, open.LOW]);
        rows.RiskSnapshot.push({
          apiId: api.id,
          weekStart: dateOnly(weekStartMs),
          orgId: options.orgId,
          openCritical: open.CRITICAL,
          openHigh: open.HIGH,
          openMedium: open.MEDIUM,
          openLow: open.LOW,
          takenAt: iso(at),
        });
      }
    }

    // Mitigation totals: add generic extra controls to the riskiest threats or drop surplus
    // suggestions, so the batch hits its share of the target exactly.
    adjustMitigations(random, pendingMitigations, rows, batchMitigationTarget);
    // Overdue: exactly ~10% of open mitigations, among those whose SLA could have run out.
    scheduleDueDates(random, pendingMitigations, now, slaDays, 0.1);
    rows.Mitigation = pendingMitigations.map((m) => m.row);

    const generatedMs = Date.now() - batchStarted;
    timings.generate = (timings.generate ?? 0) + generatedMs;
    await client.$transaction(
      async (tx) => {
        // The pool's 15 s statement timeout is for requests, not bulk loads.
        await tx.$executeRawUnsafe("SET LOCAL statement_timeout = 0");
        counts.Operation += await insertRows(tx, "Operation", rows.Operation, 10_000, timings);
        rows.ThreatModel.sort((a, b) => (a.modelVersion as number) - (b.modelVersion as number));
        counts.ThreatModel += await insertRows(tx, "ThreatModel", rows.ThreatModel, 10_000, timings);
        counts.Threat += await insertRows(tx, "Threat", rows.Threat, 20_000, timings);
        counts.ThreatOperation += await insertRows(tx, "ThreatOperation", rows.ThreatOperation, 20_000, timings);
        counts.ChecklistAnswer += await insertRows(tx, "ChecklistAnswer", rows.ChecklistAnswer, 40_000, timings);
        counts.Mitigation += await insertRows(tx, "Mitigation", rows.Mitigation, 10_000, timings);
        // The links' trigger keeps each mitigation's worst severity; without statistics on the
        // rows this transaction just wrote, its lookups plan as sequential scans (minutes, not seconds).
        await tx.$executeRawUnsafe(`ANALYZE "Mitigation", "Threat", "ThreatMitigation"`);
        counts.ThreatMitigation += await insertRows(tx, "ThreatMitigation", rows.ThreatMitigation, 40_000, timings);
        counts.RiskSnapshot += await insertRows(tx, "RiskSnapshot", rows.RiskSnapshot, 20_000, timings);
      },
      { timeout: 15 * 60_000, maxWait: 30_000 },
    );
    log(`  batch ${start / batchApis + 1}: ${batch.length} APIs, ${rows.Threat.length} threats, ${rows.Mitigation.length} mitigations, ${rows.ChecklistAnswer.length} answers: generated in ${generatedMs} ms, written in ${Date.now() - batchStarted - generatedMs} ms`);
  }

  const analyzeStarted = Date.now();
  // VACUUM as well as ANALYZE: after a bulk load the visibility map is empty, so index-only scans
  // (the dashboard's mean time to mitigate) would still visit the heap until autovacuum came by.
  await client.$executeRawUnsafe(`VACUUM ANALYZE "Operation", "ThreatModel", "Threat", "ThreatOperation", "ChecklistAnswer", "Mitigation", "ThreatMitigation", "RiskSnapshot", "ApiRiskRollup"`);
  timings.analyze = Date.now() - analyzeStarted;

  const verification = await verifyRollups(client, options.orgId, apis.map((a) => a.id), expectedCurrent, dateOnly(currentWeek), random);
  timings.total = Date.now() - started;
  return { apis: apis.length, skippedApis, counts, timingsMs: timings, verification };
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

function generateOperations(random: Random, p: Profile, now: number, out: Row[], orgId: string, firstModelAt: number | null): Op[] {
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
  const schemes = api.authSchemes.filter((s) => s !== "NONE").map((s) => SCHEME_NAMES[s]);
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
    const id = newId();
    const verb = { GET: c.kind === "list" ? "list" : "get", POST: "create", PUT: "replace", PATCH: "update", DELETE: "delete" }[c.method] ?? "call";
    const op: Op = { id, method: c.method, path: c.path, flags: OPERATION_FLAGS.filter((f) => flags.has(f)), requiresAuth, deprecated, removed: removedAt !== null, sensitiveFields };
    ops.push(op);
    out.push({
      id,
      orgId,
      apiId: api.id,
      method: c.method,
      path: c.path,
      operationId: c.kind === "webhook" ? null : `${verb}${pascal(c.kind === "list" || c.kind === "create" ? c.resource : singular(c.resource))}${c.kind === "read" || c.kind === "list" || c.kind === "create" || c.kind === "update" || c.kind === "delete" ? "" : pascal(c.kind)}`,
      summary: `${pascal(verb)} ${c.resource}${c.kind === "admin" ? " (admin)" : ""}`,
      tags: [c.resource],
      deprecated,
      requiresAuth,
      securitySchemes: requiresAuth ? schemes.slice(0, 1) : [],
      flags: op.flags,
      sensitiveFields,
      removedAt: removedAt === null ? null : iso(removedAt),
      createdAt: iso(createdAt),
      updatedAt: iso(removedAt ?? createdAt),
    });
  }
  return ops;
}

/** What the rules of lib/core/threat-models/rules.ts would pre-answer for this API (simplified). */
function evaluateRules(random: Random, api: ApiFacts, ops: Op[]): Map<string, RuleHit> {
  const hits = new Map<string, RuleHit>();
  const served = ops.filter((op) => !op.removed && !op.flags.includes("webhook"));
  const ids = (list: Op[]) => list.slice(0, 5).map((op) => op.id);
  const names = (list: Op[]) => {
    const shown = list.slice(0, 3).map((op) => `${op.method} ${op.path}`);
    return list.length > 3 ? `${shown.join(", ")} and ${list.length - 3} more` : shown.join(", ");
  };
  const withFlag = (flag: string) => served.filter((op) => op.flags.includes(flag));
  const withId = withFlag("id-path-param");
  const openWithId = withId.filter((op) => !op.requiresAuth);
  if (openWithId.length) hits.set(RULE_ENTRY_KEYS.objectIdInPath, { answer: "YES", reason: `because ${names(openWithId)} have an id path parameter and no security requirement`, operationIds: ids(openWithId) });
  else if (withId.length) hits.set(RULE_ENTRY_KEYS.objectIdInPath, { answer: "UNSURE", reason: `because ${names(withId)} take an object id in the path`, operationIds: ids(withId) });
  const open = served.filter((op) => !op.requiresAuth);
  if (open.length) hits.set(RULE_ENTRY_KEYS.unauthenticatedOperations, { answer: "YES", reason: `because ${names(open)} have no security requirement in the spec`, operationIds: ids(open) });
  else if (api.authSchemes.includes("NONE")) hits.set(RULE_ENTRY_KEYS.unauthenticatedOperations, { answer: "YES", reason: "because the inventory records 'None' among the API's authentication schemes", operationIds: [] });
  else if (served.length) hits.set(RULE_ENTRY_KEYS.unauthenticatedOperations, { answer: "NO", reason: `because every one of the ${served.length} operations in the spec requires authentication`, operationIds: [] });
  const weak = api.authSchemes.filter((s) => s === "BASIC" || s === "API_KEY");
  if (weak.length) hits.set(RULE_ENTRY_KEYS.weakAuthScheme, { answer: api.exposure === "INTERNET" ? "YES" : "UNSURE", reason: `because the API accepts ${weak.map((s) => (s === "BASIC" ? "HTTP Basic" : "static API keys")).join(" and ")}`, operationIds: [] });
  const leaking = served.filter((op) => op.sensitiveFields.length);
  if (leaking.length) hits.set(RULE_ENTRY_KEYS.sensitiveFieldsInResponses, { answer: "YES", reason: `because ${names(leaking)} return ${leaking[0]!.sensitiveFields[0]!.slice("response.".length)}`, operationIds: ids(leaking) });
  else if (api.dataFlags.some((f) => f !== "CREDENTIALS")) hits.set(RULE_ENTRY_KEYS.sensitiveFieldsInResponses, { answer: "UNSURE", reason: `because the inventory records ${api.dataFlags.join(", ")} data`, operationIds: [] });
  if (api.exposure === "INTERNET" && served.length) hits.set(RULE_ENTRY_KEYS.noRateLimiting, { answer: "UNSURE", reason: "because the API is exposed to the internet and the spec declares no rate limits", operationIds: [] });
  const unbounded = withFlag("unbounded-list");
  if (unbounded.length) hits.set(RULE_ENTRY_KEYS.unboundedLists, { answer: "YES", reason: `because ${names(unbounded)} return lists without paging`, operationIds: ids(unbounded) });
  const admin = served.filter((op) => op.path.startsWith("/admin/"));
  if (admin.length) hits.set(RULE_ENTRY_KEYS.adminFunctions, { answer: "UNSURE", reason: `because ${names(admin)} look administrative`, operationIds: ids(admin) });
  const urls = withFlag("url-input");
  if (urls.length) hits.set(RULE_ENTRY_KEYS.urlInputs, { answer: "YES", reason: `because ${names(urls)} take a URL as input`, operationIds: ids(urls) });
  const deprecated = served.filter((op) => op.deprecated);
  if (deprecated.length) hits.set(RULE_ENTRY_KEYS.deprecatedStillLive, { answer: "YES", reason: `because ${names(deprecated)} are deprecated but still in the spec`, operationIds: ids(deprecated) });
  if (api.dataClassification === "RESTRICTED" || api.dataFlags.length) hits.set(RULE_ENTRY_KEYS.sensitiveDataProtection, { answer: "UNSURE", reason: `because the API handles ${api.dataClassification.toLowerCase()} data`, operationIds: [] });
  const uploads = withFlag("file-upload");
  if (uploads.length) hits.set(RULE_ENTRY_KEYS.fileUploads, { answer: "YES", reason: `because ${names(uploads)} accept file uploads`, operationIds: ids(uploads) });
  // Now and then only the lint saw it.
  for (const [key, hit] of hits) if (hit.answer !== "NO" && chance(random, 0.1)) hits.set(key, { ...hit, reason: `because the spec's lint reported findings of owasp:${key.slice(0, 4)} rules` });
  return hits;
}

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
      id: newId(),
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
  rules: Map<string, RuleHit>,
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
        rowIds: [] as string[],
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
          source: fromRule ? (rule!.reason.includes("lint") ? "LINT" : "RULE") : "CHECKLIST",
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
          source: "MANUAL",
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
      return chance(random, 0.92) ? "VERIFIED" : "WONT_DO";
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

function mitigationRow(
  random: Random,
  input: {
    status: MitigationStatus;
    mc: number;
    verifiedAt?: number;
    worst: Severity;
    now: number;
    options: GenerateRiskOptions;
    api: ApiFacts;
    domain: string;
    identity: Identity;
    suggestion: { title: string; description: string };
    writers: string[];
    everyone: string[];
    other: (pool: string[], not: string | null) => string | null;
    slaDays: Record<Severity, number>;
  },
): Row {
  const { status, mc, worst, now, api } = input;
  const assigned = status !== "PROPOSED" && (status !== "WONT_DO" || chance(random, 0.5));
  const assigneeId = assigned ? (api.technicalOwnerId && chance(random, 0.6) ? api.technicalOwnerId : pick(random, input.everyone)) : null;
  let verifiedAt: number | null = input.verifiedAt ?? null;
  if (status === "VERIFIED" && verifiedAt === null) {
    // Critical work is verified fastest.
    const days = lognormal(random, TIME_TO_VERIFY[worst], 0.55);
    verifiedAt = mc + days * DAY;
    if (verifiedAt > now - HOUR) verifiedAt = mc + uniform(random, 0.2, 0.95) * Math.max(HOUR, now - mc);
  }
  const lastChange = verifiedAt ?? (status === "PROPOSED" ? mc : mc + random() * (now - mc));
  const sla = input.slaDays[worst];
  // Done work: the due date followed the SLA from assignment (shortly after creation).
  const due = assigneeId ? dateOnly(mc + uniform(random, 0, 5) * DAY + sla * DAY) : null;
  return {
    id: newId(),
    orgId: input.options.orgId,
    title: input.suggestion.title,
    description: input.suggestion.description,
    assigneeId,
    dueDate: due ? `${due}T00:00:00.000Z` : null,
    priority: weighted(random, PRIORITY[worst]),
    status,
    wontDoReason: status === "WONT_DO" ? pick(random, WONT_DO_REASONS) : null,
    evidenceUrl: status === "VERIFIED" && chance(random, 0.7) ? `https://git.example.test/${input.domain}/${api.id.slice(-6)}/pull/${100 + Math.floor(random() * 900)}` : null,
    evidenceNote: status === "VERIFIED" ? pick(random, EVIDENCE_NOTES) : null,
    ticketUrl: status !== "PROPOSED" && chance(random, 0.4) ? `https://jira.example.test/browse/SEC-${1000 + Math.floor(random() * 9000)}` : null,
    verifiedById: status === "VERIFIED" ? (input.other(input.writers, assigneeId) ?? pick(random, input.writers)) : null,
    verifiedAt: verifiedAt === null ? null : iso(verifiedAt),
    dueDateManual: false,
    createdById: input.identity.createdById,
    createdAt: iso(mc),
    updatedAt: iso(Math.min(now, lastChange)),
    version: status === "PROPOSED" ? 1 : 2 + Math.floor(random() * 4),
  };
}

function adjustMitigations(random: Random, pending: { row: Row; mc: number; worst: Severity }[], rows: Record<TTable, Row[]>, target: number): void {
  if (!pending.length) return;
  const linksOf = new Map<string, string[]>();
  const perThreat = new Map<string, number>();
  for (const link of rows.ThreatMitigation) {
    const list = linksOf.get(link.mitigationId as string) ?? [];
    list.push(link.threatId as string);
    linksOf.set(link.mitigationId as string, list);
    perThreat.set(link.threatId as string, (perThreat.get(link.threatId as string) ?? 0) + 1);
  }
  // Too many: drop surplus suggestions of threats that keep at least one (never the verified
  // control a mitigated threat rests on).
  if (pending.length > target) {
    const drop = new Set<string>();
    for (const i of shuffle(random, pending.map((_, i) => i))) {
      if (pending.length - drop.size <= target) break;
      const row = pending[i]!.row;
      if (row.status === "VERIFIED") continue;
      const threats = linksOf.get(row.id as string) ?? [];
      if (threats.every((threatId) => (perThreat.get(threatId) ?? 0) > 1)) {
        for (const threatId of threats) perThreat.set(threatId, perThreat.get(threatId)! - 1);
        drop.add(row.id as string);
      }
    }
    const keep = pending.filter((m) => !drop.has(m.row.id as string));
    pending.length = 0;
    pending.push(...keep);
    rows.ThreatMitigation = rows.ThreatMitigation.filter((link) => !drop.has(link.mitigationId as string));
  }
  // Too few: extra generic controls for the riskiest threats, in the shape of one of theirs.
  const riskiest = [...pending].sort((a, b) => SEVERITY_RANK[b.worst] - SEVERITY_RANK[a.worst]);
  while (pending.length < target) {
    const source = riskiest[Math.floor(Math.pow(random(), 2) * riskiest.length)]!;
    const extra = pick(random, GENERIC_MITIGATIONS);
    const id = newId();
    pending.push({ ...source, row: { ...source.row, id, title: extra.title, description: extra.description } });
    for (const threatId of linksOf.get(source.row.id as string) ?? []) rows.ThreatMitigation.push({ orgId: source.row.orgId, threatId, mitigationId: id });
  }
}

/** Due dates of open work: SLA days after assignment; exactly `share` of open mitigations overdue. */
function scheduleDueDates(random: Random, pending: { row: Row; mc: number; worst: Severity }[], now: number, slaDays: Record<Severity, number>, share: number): void {
  const open = pending.filter((m) => OPEN_MITIGATION.includes(m.row.status as MitigationStatus));
  const withDue = open.filter((m) => m.row.assigneeId !== null || m.row.status !== "PROPOSED" || chance(random, 0.04));
  const feasible = withDue.filter((m) => m.mc + slaDays[m.worst] * DAY < now - DAY);
  const overdue = new Set(shuffle(random, [...feasible]).slice(0, Math.round(open.length * share)));
  for (const m of withDue) {
    const sla = slaDays[m.worst] * DAY;
    let due: number;
    if (overdue.has(m)) {
      // Assigned some time after creation; the SLA ran out before today.
      due = m.mc + sla + random() * Math.min(now - DAY - (m.mc + sla), 120 * DAY);
    } else {
      // Assigned recently enough that the SLA has not run out.
      const earliest = Math.max(now + DAY, m.mc + sla);
      due = earliest + random() * Math.max(0, now + sla - earliest);
    }
    const manual = m.row.assigneeId === null || chance(random, 0.08);
    m.row.dueDate = `${dateOnly(due)}T00:00:00.000Z`;
    m.row.dueDateManual = manual;
  }
}

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
