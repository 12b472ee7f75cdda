import { randomBytes } from "node:crypto";
import type { DbClient } from "@/lib/db/client";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ChecklistAnswerValue, MitigationStatus, ReviewAction, Severity, ThreatModelStatus, ThreatSource, ThreatStatus } from "@/lib/generated/prisma/enums";
import { DEFAULT_RISK_BANDS, severityOf } from "@/lib/core/threats/risk";

// Demo risk data for the seeded organisations: threat models in every state, their checklist
// answers, threats, mitigations (some overdue, some verified with evidence), comments and eleven
// weeks of risk history, so the dashboard has something to show from the first start.
//
// Everything is described relative to `now` (days ago) and built by the pure `buildRiskPlan`,
// then written with a handful of createMany calls inside the seed's transaction. ApiRiskRollup is
// never written here: the database triggers keep it (migration 20261128180000_dashboard).

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;
/** Past weeks of RiskSnapshot rows per modelled API; the current week is the app's to write. */
export const HISTORY_WEEKS = 11;
/** The product's default SLAs (OrgSettings): days to fix by the worst linked threat's severity. */
export const DEFAULT_SLA_DAYS: Record<Severity, number> = { CRITICAL: 7, HIGH: 30, MEDIUM: 90, LOW: 180 };
const PRIORITY: Record<Severity, number> = { CRITICAL: 1, HIGH: 2, MEDIUM: 3, LOW: 4 };
const SEVERITY_RANK: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3, CRITICAL: 4 };
/** Created with the organisations in prisma/seed.ts. */
const PEOPLE = { ada: "admin@acme.test", eddie: "editor@acme.test", vera: "viewer@acme.test", gus: "admin@globex.test" } as const;
type TPerson = keyof typeof PEOPLE;
const ORG_SLUGS = ["acme-payments", "globex"] as const;
type TOrgSlug = (typeof ORG_SLUGS)[number];

export type SeedTx = Parameters<Parameters<DbClient["$transaction"]>[0]>[0];

// ---------------------------------------------------------------------------------------------
// The scenario. Days are "days before now".

type TOpSpec = {
  method: string;
  path: string;
  operationId: string;
  summary: string;
  created: number;
  auth?: boolean;
  flags?: string[];
  sensitive?: string[];
  query?: string[];
  deprecated?: boolean;
};

type TMitSpec = {
  /** Other threats can link the same control by this name (`links`). */
  ref?: string;
  /** Index into the catalogue entry's suggested mitigations; otherwise `title` is used. */
  suggestion?: number;
  title?: string;
  description?: string;
  status: MitigationStatus;
  assignee?: TPerson;
  created: number;
  verified?: number;
  verifier?: TPerson;
  evidenceUrl?: string;
  evidenceNote?: string;
  wontDo?: string;
  ticket?: string;
};

type TThreatSpec = {
  /** A catalogue entry key, or "manual:<slug>" with `manual` set. */
  key: string;
  manual?: { title: string; description: string; category: string; owaspApiId: string | null; stride: string[] };
  answer?: "YES" | "UNSURE";
  /** Pre-answered by a rule (source RULE); the person confirmed or changed it to `answer`. */
  rule?: { answer: "YES" | "UNSURE"; reason: string };
  note?: string;
  /** Linked operations, as "METHOD /path". */
  ops?: string[];
  l: number;
  i: number;
  status?: "MITIGATED" | "ACCEPTED";
  acceptance?: { justification: string; accepted: number; expiresIn: number };
  mitigations?: TMitSpec[];
  links?: string[];
};

type TModelSpec = {
  ref: string;
  modelVersion?: number;
  previous?: string;
  status: ThreatModelStatus;
  scope: string;
  assumptions: string;
  author: TPerson | null;
  created: number;
  submitted?: number;
  approved?: number;
  approver?: TPerson;
  reviewer?: TPerson;
  /** Drafts: how many checklist steps (categories, in order) have been answered. */
  answeredSteps?: number;
  reviews?: { action: ReviewAction; by: TPerson | null; at: number; comment: string }[];
  /** Entries a rule answered "no", with its reason. */
  ruleNo?: { key: string; reason: string }[];
  /** The catalogue's other suggestions become proposed mitigations, as the app does (default true). */
  proposeRest?: boolean;
  threats: TThreatSpec[];
};

type TApiSpec = {
  org: TOrgSlug;
  api: string;
  age: number;
  /** The security scheme the spec's operations name. */
  scheme?: string;
  operations?: TOpSpec[];
  /** Extra open threats (C, H, M, L) eleven weeks ago, fading to none: history that was closed since. */
  history?: [number, number, number, number];
  models: TModelSpec[];
};

type TCommentSpec = { threat?: [model: string, key: string]; mitigation?: string; by: TPerson; at: number; body: string };

const WIKI = "https://wiki.acme.test/security";
const JIRA = "https://jira.acme.test/browse";

export const RISK_SCENARIO: TApiSpec[] = [
  {
    org: "acme-payments",
    api: "Payments API",
    age: 420,
    scheme: "merchantOAuth",
    history: [1, 3, 2, 1],
    operations: [
      { method: "POST", path: "/v3/payments", operationId: "createPayment", summary: "Authorise a card or wallet payment", created: 70, flags: ["sensitive-data"], sensitive: ["request.card_number", "request.cvv"] },
      { method: "GET", path: "/v3/payments", operationId: "listPayments", summary: "List the merchant's payments", created: 70, flags: ["unbounded-list"], query: ["status", "from", "to"] },
      { method: "GET", path: "/v3/payments/{paymentId}", operationId: "getPayment", summary: "Read one payment", created: 70, flags: ["id-path-param"] },
      { method: "POST", path: "/v3/payments/{paymentId}/capture", operationId: "capturePayment", summary: "Capture an authorised payment", created: 70, flags: ["id-path-param"] },
      { method: "POST", path: "/v3/payments/{paymentId}/cancel", operationId: "cancelPayment", summary: "Cancel an authorisation", created: 70, flags: ["id-path-param"] },
      { method: "GET", path: "/v3/merchants/{merchantId}/payouts", operationId: "listPayouts", summary: "Payouts to the merchant's bank account", created: 70, flags: ["id-path-param", "sensitive-data"], sensitive: ["response.iban"] },
    ],
    models: [
      {
        ref: "payments-v1",
        status: "APPROVED",
        scope: "Public REST API v3: authorisation, capture and cancellation of card and wallet payments, and payout reporting for merchants. Card Vault internals have their own model.",
        assumptions: "Merchants authenticate with OAuth 2.0 client credentials issued by Auth Gateway. Card numbers are tokenised by Card Vault before anything is stored.",
        author: "eddie",
        created: 58,
        submitted: 44,
        approved: 41,
        approver: "ada",
        reviews: [
          { action: "SUBMITTED", by: "eddie", at: 44, comment: "Ready for review. The object-level check on payment lookups is the one to look at first." },
          { action: "APPROVED", by: "ada", at: 41, comment: "Approved. Fixing the BOLA finding on payment lookups is this quarter's priority." },
        ],
        ruleNo: [{ key: "api2-unauthenticated-operations", reason: "because every one of the 6 operations in the spec requires authentication" }],
        threats: [
          {
            key: "api1-object-id-in-path",
            rule: { answer: "UNSURE", reason: "because GET /v3/payments/{paymentId}, POST /v3/payments/{paymentId}/capture, POST /v3/payments/{paymentId}/cancel and 1 more take an object id in the path; they require authentication, but whether each object is checked against the caller cannot be seen in a spec" },
            answer: "YES",
            note: "Confirmed on staging: a second merchant's token reads another merchant's payment by id.",
            ops: ["GET /v3/payments/{paymentId}", "POST /v3/payments/{paymentId}/capture", "POST /v3/payments/{paymentId}/cancel", "GET /v3/merchants/{merchantId}/payouts"],
            l: 4,
            i: 5,
            mitigations: [{ ref: "pay-ownership", suggestion: 0, status: "IN_PROGRESS", assignee: "eddie", created: 40, ticket: `${JIRA}/PAY-1412` }],
          },
          {
            key: "api2-token-validation",
            note: "The gateway checks signatures, but the service itself accepts tokens for any audience.",
            l: 4,
            i: 4,
            mitigations: [{ suggestion: 0, status: "PLANNED", assignee: "ada", created: 38, ticket: `${JIRA}/PAY-1420` }],
          },
          {
            key: "api4-no-rate-limiting",
            rule: { answer: "YES", reason: "because the API is exposed to the internet and GET /v3/payments returns lists without a limit or page parameter" },
            ops: ["GET /v3/payments"],
            l: 4,
            i: 3,
            mitigations: [{ suggestion: 0, status: "IN_PROGRESS", assignee: "eddie", created: 20, ticket: `${JIRA}/PAY-1466` }],
          },
          {
            key: "api3-sensitive-fields-in-responses",
            rule: { answer: "YES", reason: "because the responses of GET /v3/merchants/{merchantId}/payouts include iban" },
            ops: ["GET /v3/merchants/{merchantId}/payouts"],
            l: 3,
            i: 4,
            status: "MITIGATED",
            mitigations: [{ suggestion: 0, status: "VERIFIED", assignee: "eddie", created: 39, verified: 18, verifier: "ada", evidenceNote: "Payout responses return `iban_last4` only; the contract test `payouts-redaction.spec` fails on any full IBAN." }],
          },
          {
            key: "api6-bulk-purchase-automation",
            note: "Card-testing bots run thousands of small authorisations through compromised merchant keys.",
            l: 5,
            i: 4,
            status: "MITIGATED",
            mitigations: [{ title: "Velocity checks on card-not-present attempts", description: "Limit authorisation attempts per merchant, card BIN and device fingerprint; decline and alert above the threshold.", status: "VERIFIED", assignee: "eddie", created: 50, verified: 45, verifier: "ada", evidenceUrl: `${WIKI}/PAY-1290-velocity-checks` }],
          },
          {
            key: "flow-race-conditions",
            note: "Two concurrent capture calls on one authorisation can both succeed.",
            ops: ["POST /v3/payments/{paymentId}/capture"],
            l: 3,
            i: 4,
            mitigations: [{ suggestion: 1, status: "IN_PROGRESS", assignee: "ada", created: 12, ticket: `${JIRA}/PAY-1477` }],
          },
          {
            key: "api8-verbose-errors",
            l: 3,
            i: 2,
            mitigations: [
              { suggestion: 2, status: "WONT_DO", assignee: "eddie", created: 35, wontDo: "The edge proxy already strips the Server and X-Powered-By headers for every Acme API; nothing left to remove here." },
              { suggestion: 0, status: "PLANNED", assignee: "eddie", created: 35 },
            ],
          },
          { key: "log-no-abuse-detection", answer: "UNSURE", note: "Fraud team has alerts; not sure they cover API abuse.", l: 2, i: 3 },
          {
            key: "manual:3ds-replay",
            manual: {
              title: "Replayed 3-D Secure completion callbacks",
              description: "The 3-D Secure return URL carries the authentication result in query parameters. A captured callback could be replayed to mark a different attempt as authenticated.",
              category: "business-flows",
              owaspApiId: "API6",
              stride: ["S", "T"],
            },
            l: 2,
            i: 5,
            mitigations: [{ title: "Bind 3-D Secure callbacks to a single-use nonce", description: "Issue a nonce per attempt, check it on return and expire it after ten minutes.", status: "PROPOSED", created: 42 }],
          },
        ],
      },
    ],
  },
  {
    org: "acme-payments",
    api: "Card Vault",
    age: 400,
    history: [1, 4, 5, 2],
    models: [
      {
        ref: "vault-v1",
        status: "APPROVED",
        scope: "gRPC tokenisation and detokenisation of primary account numbers, key management through the HSM, and the services allowed to call it.",
        assumptions: "Only Payments API and Refunds call the vault, from inside the PCI network segment. Keys never leave the HSM.",
        author: "eddie",
        created: 275,
        submitted: 258,
        approved: 250,
        approver: "ada",
        threats: [
          {
            key: "arch-internal-service-trust",
            note: "Any workload in the PCI segment can call Detokenize; callers are not authenticated individually.",
            l: 2,
            i: 5,
            mitigations: [{ suggestion: 2, status: "IN_PROGRESS", assignee: "ada", created: 60, ticket: `${JIRA}/VAULT-88` }],
          },
          {
            key: "data-sensitive-at-rest",
            l: 2,
            i: 5,
            status: "MITIGATED",
            mitigations: [{ suggestion: 1, status: "VERIFIED", assignee: "eddie", created: 245, verified: 200, verifier: "ada", evidenceUrl: `${WIKI}/vault-hsm-envelope-encryption` }],
          },
          {
            key: "arch-secrets-in-code",
            l: 2,
            i: 4,
            status: "MITIGATED",
            mitigations: [{ suggestion: 2, status: "VERIFIED", assignee: "ada", created: 150, verified: 70, verifier: "eddie", evidenceNote: "Gitleaks runs on every push and nightly on all branches; the two keys it found were rotated and moved to Vault (SEC-311)." }],
          },
          {
            key: "transport-internal-cleartext",
            l: 2,
            i: 4,
            status: "ACCEPTED",
            acceptance: {
              justification: "Vault traffic stays on the PCI segment's dedicated VLAN behind the segment firewall; mesh mTLS arrives with the Q3 platform upgrade (PLAT-120). Reviewed with the QSA.",
              accepted: 30,
              expiresIn: 75,
            },
            mitigations: [{ suggestion: 0, status: "PLANNED", assignee: "eddie", created: 30, ticket: `${JIRA}/PLAT-120` }],
          },
          { key: "api8-unpatched-components", answer: "UNSURE", l: 3, i: 3, mitigations: [{ suggestion: 1, status: "PLANNED", assignee: "eddie", created: 20 }] },
          {
            key: "log-insufficient-security-events",
            l: 2,
            i: 2,
            mitigations: [{ suggestion: 1, status: "WONT_DO", assignee: "ada", created: 100, wontDo: "Vault logs go straight to the SIEM's write-once store, which the platform team already protects; a second copy adds nothing." }],
          },
        ],
      },
    ],
  },
  {
    org: "acme-payments",
    api: "Merchant Onboarding",
    age: 200,
    models: [
      {
        ref: "onboarding-v1",
        status: "IN_REVIEW",
        scope: "Merchant sign-up, KYC document upload and checks with the external KYC provider, and contract e-signature.",
        assumptions: "Uploaded documents are stored in a private bucket and scanned before the KYC provider fetches them.",
        author: "eddie",
        reviewer: "ada",
        created: 30,
        submitted: 3,
        reviews: [{ action: "SUBMITTED", by: "eddie", at: 3, comment: "Ready for review. KYC document upload is the main concern; please look at the file-processing threats first." }],
        threats: [
          { key: "api1-object-ids-in-body-or-query", note: "applicationId in the body selects the application to update.", l: 4, i: 3 },
          { key: "api6-signup-and-promotion-abuse", note: "Fake merchants sign up to test stolen cards.", l: 4, i: 3 },
          { key: "api4-file-uploads", l: 3, i: 4, mitigations: [{ suggestion: 2, status: "IN_PROGRESS", assignee: "eddie", created: 10, ticket: `${JIRA}/ONB-214` }] },
          { key: "api7-document-processing-fetches", answer: "UNSURE", note: "PDF thumbnails are rendered server-side; not sure whether external references are fetched.", l: 2, i: 4 },
          { key: "api3-mass-assignment", l: 3, i: 3 },
          { key: "api10-untrusted-upstream-data", note: "KYC provider verdicts are stored as-is.", l: 2, i: 3 },
          { key: "api3-sensitive-fields-in-responses", rule: { answer: "UNSURE", reason: "because the inventory says the API handles PII data" }, l: 3, i: 3 },
        ],
      },
    ],
  },
  {
    org: "acme-payments",
    api: "Refunds",
    age: 320,
    history: [1, 3, 4, 2],
    models: [
      {
        ref: "refunds-v1",
        status: "APPROVED",
        scope: "Partner-facing refunds: full and partial refunds, and the approval step above the merchant's threshold.",
        assumptions: "Partners call with static API keys from allow-listed IP ranges. Refunds above the threshold need a second person.",
        author: "eddie",
        created: 140,
        submitted: 125,
        approved: 120,
        approver: "ada",
        threats: [
          {
            key: "flow-step-skipping",
            note: "The approval step could be skipped by calling /execute directly.",
            l: 3,
            i: 4,
            status: "MITIGATED",
            mitigations: [{ suggestion: 0, status: "VERIFIED", assignee: "eddie", created: 100, verified: 80, verifier: "ada", evidenceNote: "Approval state is checked server-side on execute; `refund-approval-bypass.spec` covers the direct call." }],
          },
          { key: "flow-race-conditions", note: "Parallel partial refunds can exceed the captured amount.", l: 3, i: 5, mitigations: [{ suggestion: 0, status: "IN_PROGRESS", assignee: "ada", created: 25, ticket: `${JIRA}/REF-311` }] },
          {
            key: "api2-weak-auth-scheme",
            rule: { answer: "UNSURE", reason: "because the API accepts static API keys" },
            answer: "YES",
            l: 3,
            i: 3,
            mitigations: [{ suggestion: 0, status: "WONT_DO", assignee: "ada", created: 110, wontDo: "Partners integrate with static keys under contract until 2027; calls are IP allow-listed at the partner gateway instead." }],
          },
          {
            key: "api5-admin-functions",
            l: 2,
            i: 4,
            status: "MITIGATED",
            mitigations: [{ suggestion: 0, status: "VERIFIED", assignee: "ada", created: 110, verified: 45, verifier: "eddie", evidenceUrl: `${WIKI}/refunds-role-matrix` }],
          },
          { key: "log-insufficient-security-events", l: 2, i: 2, mitigations: [{ suggestion: 0, status: "PLANNED", assignee: "eddie", created: 119 }] },
          {
            key: "xss-export-formula-injection",
            note: "Refund reports are downloaded as CSV and opened in spreadsheets.",
            l: 2,
            i: 2,
            status: "MITIGATED",
            mitigations: [{ suggestion: 0, status: "VERIFIED", assignee: "eddie", created: 118, verified: 30, verifier: "ada", evidenceNote: "Cells starting with = + - @ are prefixed with a quote; unit test `csv-export.test.ts`." }],
          },
        ],
      },
    ],
  },
  { org: "acme-payments", api: "Ledger", age: 500, models: [] },
  {
    org: "acme-payments",
    api: "Partner Webhooks",
    age: 150,
    scheme: "partnerApiKey",
    operations: [
      { method: "POST", path: "/v1/subscriptions", operationId: "createSubscription", summary: "Register a callback URL for payment events", created: 60, flags: ["url-input", "webhook"] },
      { method: "GET", path: "/v1/subscriptions", operationId: "listSubscriptions", summary: "List the partner's subscriptions", created: 60, query: ["limit", "cursor"] },
      { method: "GET", path: "/v1/subscriptions/{subscriptionId}", operationId: "getSubscription", summary: "Read one subscription", created: 60, flags: ["id-path-param"] },
      { method: "DELETE", path: "/v1/subscriptions/{subscriptionId}", operationId: "deleteSubscription", summary: "Stop deliveries to a callback URL", created: 60, flags: ["id-path-param"] },
      { method: "POST", path: "/v1/subscriptions/{subscriptionId}/rotate-secret", operationId: "rotateSigningSecret", summary: "Issue a new signing secret", created: 60, flags: ["id-path-param", "sensitive-data"], sensitive: ["response.signing_secret"] },
      // Added after the model was approved: the dashboard lists them as not yet modelled.
      { method: "POST", path: "/v1/subscriptions/{subscriptionId}/test", operationId: "sendTestEvent", summary: "Send a test event to the callback URL", created: 12, flags: ["id-path-param"] },
      { method: "GET", path: "/v1/deliveries", operationId: "listDeliveries", summary: "Delivery attempts and their responses", created: 9, flags: ["unbounded-list"], query: ["subscriptionId", "status"] },
      { method: "POST", path: "/v1/deliveries/{deliveryId}/replay", operationId: "replayDelivery", summary: "Deliver an event again", created: 5, flags: ["id-path-param"] },
      { method: "PATCH", path: "/v1/subscriptions/{subscriptionId}", operationId: "updateSubscription", summary: "Change the callback URL or event types", created: 2, flags: ["id-path-param", "url-input"] },
    ],
    models: [
      {
        ref: "webhooks-v1",
        status: "APPROVED",
        scope: "Subscription management for partners and delivery of payment events to their callback URLs.",
        assumptions: "Deliveries leave through the shared egress proxy. Partners verify the HMAC signature of each event.",
        author: "eddie",
        created: 35,
        submitted: 24,
        approved: 20,
        approver: "ada",
        ruleNo: [{ key: "api2-unauthenticated-operations", reason: "because every one of the 4 operations in the spec requires authentication" }],
        threats: [
          {
            key: "api7-webhook-destinations",
            note: "Partners can register any URL, including internal addresses.",
            ops: ["POST /v1/subscriptions"],
            l: 4,
            i: 4,
            mitigations: [{ ref: "hooks-egress", suggestion: 1, status: "IN_PROGRESS", assignee: "eddie", created: 20, ticket: `${JIRA}/INT-77` }],
          },
          {
            key: "api7-url-inputs",
            rule: { answer: "YES", reason: "because POST /v1/subscriptions takes a URL (callback_url) that the server will fetch" },
            ops: ["POST /v1/subscriptions"],
            l: 3,
            i: 4,
            links: ["hooks-egress"],
          },
          {
            key: "data-unsigned-payloads-and-artifacts",
            l: 3,
            i: 3,
            status: "MITIGATED",
            mitigations: [{ suggestion: 0, status: "VERIFIED", assignee: "ada", created: 19, verified: 10, verifier: "eddie", evidenceUrl: "https://docs.acme.test/webhooks#verifying-signatures" }],
          },
          { key: "api10-fragile-dependencies", note: "Slow partner endpoints tie up delivery workers.", l: 3, i: 2 },
          { key: "api2-token-lifetime-revocation", note: "Partner API keys never expire.", l: 3, i: 3, mitigations: [{ suggestion: 2, status: "PLANNED", assignee: "ada", created: 18 }] },
          {
            key: "manual:event-overexposure",
            manual: {
              title: "Event payloads carry more merchant data than partners need",
              description: "Every event includes the full merchant object (address, contact email, settlement account) although most partners only need ids and amounts.",
              category: "property-authorization",
              owaspApiId: "API3",
              stride: ["I"],
            },
            l: 2,
            i: 3,
            mitigations: [{ title: "Publish a minimal event schema per partner scope", status: "PROPOSED", created: 22 }],
          },
        ],
      },
    ],
  },
  {
    org: "acme-payments",
    api: "Fraud Scoring",
    age: 180,
    history: [0, 3, 3, 1],
    models: [
      {
        ref: "fraud-v1",
        status: "APPROVED",
        scope: "Synchronous risk scoring of payment attempts for Payments API, and the feedback loop from chargebacks.",
        assumptions: "Only Payments API calls the scoring endpoint, with a service JWT.",
        author: "eddie",
        created: 95,
        submitted: 80,
        approved: 75,
        approver: "ada",
        threats: [
          { key: "arch-spoofable-identity-headers", note: "X-Merchant-Id from the caller decides which model is used.", l: 3, i: 4, mitigations: [{ suggestion: 0, status: "IN_PROGRESS", assignee: "ada", created: 15, ticket: `${JIRA}/RISK-52` }] },
          { key: "api10-untrusted-upstream-data", note: "Device-intelligence vendor responses feed the score unchecked.", l: 2, i: 4 },
          { key: "api4-expensive-queries", l: 2, i: 3, mitigations: [{ suggestion: 1, status: "PLANNED", assignee: "eddie", created: 70 }] },
          {
            key: "log-sensitive-data-in-logs",
            l: 2,
            i: 3,
            status: "MITIGATED",
            mitigations: [{ suggestion: 0, status: "VERIFIED", assignee: "eddie", created: 72, verified: 40, verifier: "ada", evidenceNote: "Request logging now records hashed card fingerprints only; log sample reviewed on 3 pods." }],
          },
          {
            key: "manual:feedback-poisoning",
            manual: {
              title: "Score manipulation through poisoned chargeback feedback",
              description: "Merchants label their own disputes. A merchant feeding false labels can teach the model to let their fraud through.",
              category: "business-flows",
              owaspApiId: null,
              stride: ["T"],
            },
            l: 2,
            i: 4,
            mitigations: [{ title: "Review feedback labels before retraining", description: "Sample and review labels per merchant and cap any one merchant's weight in a training run.", status: "PROPOSED", created: 78 }],
          },
        ],
      },
    ],
  },
  {
    org: "acme-payments",
    api: "Customer Profile",
    age: 450,
    history: [1, 3, 4, 2],
    models: [
      {
        ref: "profile-v1",
        status: "ARCHIVED",
        scope: "GraphQL API for cardholder profiles: names, addresses and contact preferences.",
        assumptions: "Cardholders sign in through Auth Gateway; the GraphQL layer is the only way to the profile store.",
        author: "eddie",
        created: 330,
        submitted: 312,
        approved: 305,
        approver: "ada",
        proposeRest: false,
        threats: [
          { key: "api3-caller-selected-fields", l: 4, i: 3 },
          { key: "api4-expensive-queries", l: 4, i: 3, links: ["profile-depth"] },
          { key: "api1-object-ids-in-body-or-query", l: 3, i: 4 },
          { key: "api8-permissive-cors", l: 3, i: 2 },
          { key: "api6-scraping-and-harvesting", answer: "UNSURE", l: 3, i: 3 },
        ],
      },
      {
        ref: "profile-v2",
        modelVersion: 2,
        previous: "profile-v1",
        status: "APPROVED",
        scope: "GraphQL API for cardholder profiles: names, addresses, contact preferences, and (new in v2) e-mail and phone changes.",
        assumptions: "Cardholders sign in through Auth Gateway; the GraphQL layer is the only way to the profile store. Depth and cost limits are enforced by the GraphQL server.",
        author: "eddie",
        created: 95,
        submitted: 75,
        approved: 70,
        approver: "ada",
        reviews: [
          { action: "SUBMITTED", by: "eddie", at: 80, comment: "v2 adds contact-detail changes." },
          { action: "CHANGES_REQUESTED", by: "ada", at: 78, comment: "Please re-score the expensive-queries threat now that depth limits are live." },
          { action: "SUBMITTED", by: "eddie", at: 75, comment: "Re-scored: likelihood 4 → 3." },
          { action: "APPROVED", by: "ada", at: 70, comment: "Approved." },
        ],
        threats: [
          { key: "api3-caller-selected-fields", l: 4, i: 3, mitigations: [{ suggestion: 0, status: "PLANNED", assignee: "eddie", created: 65, ticket: `${JIRA}/CUST-402` }] },
          {
            key: "api4-expensive-queries",
            note: "Depth limit 8 and cost limit 1,000 are live; persisted queries are not.",
            l: 3,
            i: 3,
            mitigations: [
              { ref: "profile-depth", suggestion: 0, status: "VERIFIED", assignee: "eddie", created: 100, verified: 72, verifier: "ada", evidenceUrl: `${WIKI}/graphql-cost-limits` },
              { title: "Persisted queries for public clients", description: "Accept only registered query hashes from the web and mobile apps.", status: "PROPOSED", created: 90 },
            ],
          },
          {
            key: "api1-object-ids-in-body-or-query",
            l: 3,
            i: 4,
            status: "MITIGATED",
            mitigations: [{ suggestion: 1, status: "VERIFIED", assignee: "ada", created: 92, verified: 58, verifier: "eddie", evidenceNote: "The `me` resolver takes the customer id from the token; the `customer(id:)` query is admin-only now." }],
          },
          {
            key: "api8-permissive-cors",
            l: 3,
            i: 2,
            status: "MITIGATED",
            mitigations: [{ suggestion: 0, status: "VERIFIED", assignee: "eddie", created: 90, verified: 62, verifier: "ada", evidenceUrl: `${WIKI}/cors-allow-list` }],
          },
          { key: "api6-scraping-and-harvesting", answer: "UNSURE", l: 3, i: 3 },
          { key: "api2-account-recovery-and-changes", note: "New in v2: e-mail change without re-authentication.", l: 3, i: 4, mitigations: [{ suggestion: 0, status: "IMPLEMENTED", assignee: "ada", created: 60, ticket: `${JIRA}/CUST-419` }] },
        ],
      },
    ],
  },
  {
    org: "acme-payments",
    api: "Auth Gateway",
    age: 480,
    models: [
      {
        ref: "auth-v1",
        status: "DRAFT",
        scope: "Token issuance (OAuth 2.0 / OIDC), HTTP Basic for legacy merchants, token introspection for the public APIs.",
        assumptions: "",
        author: "eddie",
        created: 16,
        answeredSteps: 8,
        threats: [
          {
            key: "api2-credential-guessing",
            note: "Legacy merchants still use HTTP Basic with passwords.",
            l: 4,
            i: 5,
            mitigations: [{ ref: "auth-throttle", suggestion: 0, status: "PLANNED", assignee: "ada", created: 5, ticket: `${JIRA}/IDN-301` }],
          },
          { key: "api2-weak-auth-scheme", rule: { answer: "YES", reason: "because the API accepts HTTP Basic and is exposed to the internet" }, l: 4, i: 4 },
          { key: "api2-token-lifetime-revocation", note: "Refresh tokens live 90 days and survive a password change.", l: 3, i: 4 },
          { key: "api2-no-mfa-privileged", answer: "UNSURE", l: 3, i: 5 },
          { key: "arch-spoofable-identity-headers", answer: "UNSURE", l: 2, i: 5 },
          { key: "api4-no-rate-limiting", l: 3, i: 3, links: ["auth-throttle"] },
          { key: "api9-non-production-exposed", answer: "UNSURE", note: "staging.auth.acme.test resolves publicly.", l: 3, i: 3 },
        ],
      },
    ],
  },
  {
    org: "acme-payments",
    api: "Settlement Reports",
    age: 20,
    models: [
      {
        ref: "settlement-v1",
        status: "DRAFT",
        scope: "Daily settlement files for merchants, downloaded through signed links.",
        assumptions: "Still in design; the file format is not final.",
        author: "ada",
        created: 9,
        answeredSteps: 5,
        threats: [
          { key: "api9-data-flows-undocumented", note: "Files also go to the acquiring bank; not in the data-flow diagram yet.", l: 3, i: 3 },
          { key: "api1-nested-and-indirect-objects", note: "Signed download links: lifetime and binding to the merchant undecided.", l: 3, i: 3 },
          { key: "api3-sensitive-fields-in-responses", answer: "UNSURE", l: 2, i: 3 },
          { key: "arch-excessive-service-privileges", answer: "UNSURE", l: 2, i: 2 },
        ],
      },
    ],
  },
  { org: "acme-payments", api: "Legacy Billing SOAP", age: 2200, models: [] },
  { org: "acme-payments", api: "Status Feed", age: 1100, models: [] },
  {
    org: "globex",
    api: "Globex Orders",
    age: 240,
    history: [0, 1, 1, 0],
    models: [
      {
        ref: "globex-orders-v1",
        status: "APPROVED",
        scope: "Order capture for the Globex web shop.",
        assumptions: "Written with external assessors during the pre-audit; their guest account has since been removed.",
        author: null,
        created: 50,
        submitted: 35,
        approved: 30,
        approver: "gus",
        proposeRest: false,
        threats: [
          { key: "api1-object-id-in-path", l: 4, i: 3, mitigations: [{ suggestion: 0, status: "PLANNED", assignee: "gus", created: 28 }] },
          { key: "api4-unbounded-lists", l: 3, i: 2, mitigations: [{ suggestion: 0, status: "PROPOSED", created: 28 }] },
          { key: "api8-verbose-errors", l: 2, i: 2 },
        ],
      },
    ],
  },
  { org: "globex", api: "Globex Inventory", age: 300, models: [] },
  { org: "globex", api: "Globex Loyalty", age: 45, models: [] },
];

const COMMENTS: TCommentSpec[] = [
  {
    threat: ["payments-v1", "api1-object-id-in-path"],
    by: "eddie",
    at: 30,
    body: "Reproduced on staging with two merchant accounts: merchant B reads merchant A's payment by id. {{mention:ada}} can we take the fix into this sprint?",
  },
  { threat: ["payments-v1", "api1-object-id-in-path"], by: "ada", at: 29, body: "Yes, **PAY-1412** is in the sprint. Until it ships, the WAF rule `bola-payments-01` blocks sequential id scans." },
  { mitigation: "pay-ownership", by: "ada", at: 6, body: "Blocked on the ownership backfill in `payments-db`; new ETA is the end of next week." },
  { threat: ["vault-v1", "transport-internal-cleartext"], by: "ada", at: 30, body: "Accepted until the mesh mTLS rollout; see risk register entry RISK-27 and [PLAT-120](https://jira.acme.test/browse/PLAT-120)." },
];

// ---------------------------------------------------------------------------------------------
// Building the rows.

export type TSeedCatalogEntry = {
  key: string;
  category: string;
  title: string;
  whyItMatters: string;
  owaspApi: string[];
  stride: string[];
  mitigations: { title: string; description: string }[];
};

export type TSeedOrg = {
  id: string;
  users: Partial<Record<TPerson, { id: string; name: string }>>;
  apis: Record<string, string>;
  teamIds: string[];
};

export type TRiskContext = {
  now: Date;
  /** Built-in catalogue entries, ordered by position (may be empty). */
  catalogue: TSeedCatalogEntry[];
  orgs: Partial<Record<TOrgSlug, TSeedOrg>>;
  newId?: () => string;
};

type TOperationRow = {
  id: string; orgId: string; apiId: string; method: string; path: string; operationId: string; summary: string; tags: string[]; deprecated: boolean;
  requiresAuth: boolean; securitySchemes: string[]; flags: string[]; sensitiveFields: string[]; parameters: Prisma.InputJsonValue; createdAt: Date; updatedAt: Date;
};
type TModelRow = {
  id: string; orgId: string; apiId: string; title: string; scope: string; assumptions: string; modelVersion: number; status: ThreatModelStatus; authorId: string | null;
  reviewerId: string | null; submittedAt: Date | null; approvedAt: Date | null; approvedById: string | null; entryKeys: string[]; previousVersionId: string | null;
  createdAt: Date; updatedAt: Date; version: number;
};
type TReviewRow = { id: string; orgId: string; threatModelId: string; actorId: string | null; action: ReviewAction; comment: string; createdAt: Date };
type TAnswerRow = {
  id: string; orgId: string; threatModelId: string; entryKey: string; answer: ChecklistAnswerValue; note: string; answeredById: string | null;
  ruleAnswer: ChecklistAnswerValue | null; ruleReason: string | null; ruleOperationIds: string[]; createdAt: Date; updatedAt: Date;
};
type TThreatRow = {
  id: string; orgId: string; threatModelId: string; title: string; description: string; category: string; owaspApiId: string | null; stride: string[];
  catalogEntryKey: string | null; likelihood: number; impact: number; score: number; severity: Severity; status: ThreatStatus;
  acceptanceJustification: string | null; acceptanceExpiresAt: Date | null; source: ThreatSource; createdById: string | null; createdAt: Date; updatedAt: Date;
};
type TMitigationRow = {
  id: string; orgId: string; title: string; description: string; assigneeId: string | null; dueDate: Date | null; priority: number; status: MitigationStatus;
  wontDoReason: string | null; evidenceUrl: string | null; evidenceNote: string | null; ticketUrl: string | null; verifiedById: string | null; verifiedAt: Date | null;
  dueDateManual: boolean; createdById: string | null; createdAt: Date; updatedAt: Date;
};
type TCommentRow = { id: string; orgId: string; authorId: string | null; threatId: string | null; mitigationId: string | null; body: string; mentionedUserIds: string[]; createdAt: Date; updatedAt: Date };
type TSnapshotRow = { apiId: string; weekStart: Date; orgId: string; openCritical: number; openHigh: number; openMedium: number; openLow: number; takenAt: Date };

type TModelFacts = { spec: TApiSpec; model: TModelRow; threats: TThreatRow[] };

export type TRiskPlan = {
  created: { orgIds: string[]; teamIds: string[]; userIds: string[]; at: Date };
  apiCreatedAt: { id: string; createdAt: Date }[];
  operations: TOperationRow[];
  models: TModelRow[];
  reviews: TReviewRow[];
  answers: TAnswerRow[];
  threats: TThreatRow[];
  threatOperations: { orgId: string; threatId: string; operationId: string }[];
  mitigations: TMitigationRow[];
  threatMitigations: { orgId: string; threatId: string; mitigationId: string }[];
  comments: TCommentRow[];
  snapshots: TSnapshotRow[];
};

/** An id in the shape of Prisma's cuid(): "c" and 24 lowercase hex characters. */
function randomId(): string {
  return `c${randomBytes(12).toString("hex")}`;
}

/** Midnight UTC, `days` days after `from`: due dates are whole days (as lib/server/mitigations does). */
function dueDateFromSla(from: Date, days: number): Date {
  const date = new Date(from.getTime() + days * DAY_MS);
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Monday 00:00 UTC of the week `date` falls in (as the dashboard computes it). */
export function mondayOf(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

/** FNV-1a: a small deterministic hash for the history's noise. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    h ^= text.charCodeAt(index);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const worst = (severities: Severity[]): Severity | null =>
  severities.reduce<Severity | null>((acc, severity) => (acc === null || SEVERITY_RANK[severity] > SEVERITY_RANK[acc] ? severity : acc), null);

function parameters(op: TOpSpec): Prisma.InputJsonValue {
  const fromPath = [...op.path.matchAll(/\{([^}]+)\}/g)].map((match) => ({ name: match[1]!, in: "path", required: true, type: "string", format: null }));
  const fromQuery = (op.query ?? []).map((name) => ({ name, in: "query", required: false, type: name === "limit" ? "integer" : "string", format: null }));
  return [...fromPath, ...fromQuery];
}

/**
 * The demo risk data as rows, from the scenario above, the catalogue and the seeded organisations.
 * Pure: the same `now`, catalogue and ids give the same rows. Entries missing from the catalogue
 * (for example an empty one) are left out; the models are still created with their manual threats.
 */
export function buildRiskPlan(context: TRiskContext): TRiskPlan {
  const { now, catalogue } = context;
  const newId = context.newId ?? randomId;
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const entries = new Map(catalogue.map((entry) => [entry.key, entry]));
  const allKeys = catalogue.map((entry) => entry.key);
  const categoryOrder = [...new Set(catalogue.map((entry) => entry.category))];

  const plan: TRiskPlan = {
    created: { orgIds: [], teamIds: [], userIds: [], at: ago(730) },
    apiCreatedAt: [],
    operations: [],
    models: [],
    reviews: [],
    answers: [],
    threats: [],
    threatOperations: [],
    mitigations: [],
    threatMitigations: [],
    comments: [],
    snapshots: [],
  };
  for (const org of Object.values(context.orgs)) {
    plan.created.orgIds.push(org.id);
    plan.created.teamIds.push(...org.teamIds);
    plan.created.userIds.push(...Object.values(org.users).map((user) => user.id));
  }

  const modelIds = new Map<string, string>();
  const threatIds = new Map<string, string>(); // `${modelRef}|${key}`
  const mitigationRefs = new Map<string, string>();
  const pendingLinks: { orgId: string; threatId: string; ref: string }[] = [];
  const links: { orgId: string; threatId: string; mitigationId: string }[] = [];
  const modelFacts: TModelFacts[] = [];
  const toMitigate: TThreatRow[] = [];

  for (const spec of RISK_SCENARIO) {
    const org = context.orgs[spec.org];
    const apiId = org?.apis[spec.api];
    if (!org || !apiId) continue;
    const person = (who: TPerson | null | undefined) => (who ? (org.users[who]?.id ?? null) : null);
    plan.apiCreatedAt.push({ id: apiId, createdAt: ago(spec.age) });

    const operationIds = new Map<string, string>();
    for (const op of spec.operations ?? []) {
      const id = newId();
      operationIds.set(`${op.method} ${op.path}`, id);
      plan.operations.push({
        id,
        orgId: org.id,
        apiId,
        method: op.method,
        path: op.path,
        operationId: op.operationId,
        summary: op.summary,
        tags: [op.path.split("/")[2] ?? ""].filter(Boolean),
        deprecated: op.deprecated ?? false,
        requiresAuth: op.auth ?? true,
        securitySchemes: (op.auth ?? true) ? [spec.scheme ?? "oauth2"] : [],
        flags: op.flags ?? [],
        sensitiveFields: op.sensitive ?? [],
        parameters: parameters(op),
        createdAt: ago(op.created),
        updatedAt: ago(op.created),
      });
    }

    for (const modelSpec of spec.models) {
      const modelId = newId();
      modelIds.set(modelSpec.ref, modelId);
      const authorId = person(modelSpec.author);
      const createdAt = ago(modelSpec.created);
      const submittedAt = modelSpec.submitted !== undefined ? ago(modelSpec.submitted) : null;
      const approvedAt = modelSpec.approved !== undefined ? ago(modelSpec.approved) : null;
      // Answers were given between the start and the submission (drafts: until yesterday).
      const answeringEnds = submittedAt ?? ago(1);
      const threatSpecs = modelSpec.threats.filter((threat) => threat.manual || entries.has(threat.key));
      const threatKeys = new Set(threatSpecs.map((threat) => threat.key));
      const answeredCategories = modelSpec.answeredSteps === undefined ? null : new Set(categoryOrder.slice(0, modelSpec.answeredSteps));
      const answeredKeys = allKeys.filter((key) => answeredCategories === null || answeredCategories.has(entries.get(key)!.category) || threatKeys.has(key));
      const reviews = modelSpec.reviews ?? [
        ...(modelSpec.submitted !== undefined ? [{ action: "SUBMITTED" as const, by: modelSpec.author, at: modelSpec.submitted, comment: "" }] : []),
        ...(modelSpec.approved !== undefined ? [{ action: "APPROVED" as const, by: modelSpec.approver ?? null, at: modelSpec.approved, comment: "" }] : []),
      ];

      const model: TModelRow = {
        id: modelId,
        orgId: org.id,
        apiId,
        title: `${spec.api} threat model`,
        scope: modelSpec.scope,
        assumptions: modelSpec.assumptions,
        modelVersion: modelSpec.modelVersion ?? 1,
        status: modelSpec.status,
        authorId,
        reviewerId: person(modelSpec.reviewer),
        submittedAt,
        approvedAt,
        approvedById: approvedAt ? person(modelSpec.approver) : null,
        entryKeys: allKeys,
        previousVersionId: modelSpec.previous ? (modelIds.get(modelSpec.previous) ?? null) : null,
        createdAt,
        updatedAt: approvedAt ?? submittedAt ?? answeringEnds,
        version: 1 + reviews.length,
      };
      plan.models.push(model);
      for (const review of reviews) {
        plan.reviews.push({ id: newId(), orgId: org.id, threatModelId: modelId, actorId: person(review.by), action: review.action, comment: review.comment, createdAt: ago(review.at) });
      }

      // Checklist answers, in checklist order, spread over the time the model was worked on.
      const answeredAt = new Map<string, Date>();
      const span = answeringEnds.getTime() - createdAt.getTime();
      answeredKeys.forEach((key, index) => {
        const at = new Date(createdAt.getTime() + Math.round((span * (index + 1)) / (answeredKeys.length + 1)));
        answeredAt.set(key, at);
        const threat = threatSpecs.find((candidate) => candidate.key === key);
        const ruleNo = modelSpec.ruleNo?.find((candidate) => candidate.key === key);
        const entry = entries.get(key)!;
        const answer: ChecklistAnswerValue = threat ? (threat.answer ?? threat.rule?.answer ?? "YES") : entry.category === "iot-and-edge" ? "NOT_APPLICABLE" : "NO";
        const rule = threat?.rule ?? (ruleNo ? { answer: "NO" as const, reason: ruleNo.reason } : undefined);
        plan.answers.push({
          id: newId(),
          orgId: org.id,
          threatModelId: modelId,
          entryKey: key,
          answer,
          note: threat?.note ?? "",
          answeredById: authorId,
          ruleAnswer: rule?.answer ?? null,
          ruleReason: rule?.reason ?? null,
          ruleOperationIds: rule && threat?.ops ? threat.ops.map((op) => operationIds.get(op)).filter((id): id is string => Boolean(id)) : [],
          createdAt: at,
          updatedAt: at,
        });
      });

      for (const threatSpec of threatSpecs) {
        const entry = entries.get(threatSpec.key);
        const threatId = newId();
        threatIds.set(`${modelSpec.ref}|${threatSpec.key}`, threatId);
        const threatCreated = answeredAt.get(threatSpec.key) ?? new Date(answeringEnds.getTime() - 2 * HOUR_MS);
        const score = threatSpec.l * threatSpec.i;
        const acceptance = threatSpec.status === "ACCEPTED" ? threatSpec.acceptance : undefined;
        const row: TThreatRow = {
          id: threatId,
          orgId: org.id,
          threatModelId: modelId,
          title: threatSpec.manual?.title ?? entry!.title,
          description: threatSpec.manual?.description ?? [entry!.whyItMatters, threatSpec.rule ? `Pre-answered ${threatSpec.rule.answer === "YES" ? "yes" : "unsure"} ${threatSpec.rule.reason}.` : null].filter(Boolean).join("\n\n"),
          category: threatSpec.manual?.category ?? entry!.category,
          owaspApiId: threatSpec.manual ? threatSpec.manual.owaspApiId : (entry!.owaspApi[0] ?? null),
          stride: threatSpec.manual?.stride ?? entry!.stride,
          catalogEntryKey: threatSpec.manual ? null : threatSpec.key,
          likelihood: threatSpec.l,
          impact: threatSpec.i,
          score,
          severity: severityOf(score, DEFAULT_RISK_BANDS),
          // Decided below, once the mitigations are known.
          status: acceptance ? "ACCEPTED" : "OPEN",
          acceptanceJustification: acceptance?.justification ?? null,
          acceptanceExpiresAt: acceptance ? dueDateFromSla(now, acceptance.expiresIn) : null,
          source: threatSpec.manual ? "MANUAL" : threatSpec.rule ? "RULE" : "CHECKLIST",
          createdById: authorId,
          createdAt: threatCreated,
          updatedAt: acceptance ? ago(acceptance.accepted) : threatCreated,
        };
        plan.threats.push(row);
        if (threatSpec.status === "MITIGATED") toMitigate.push(row);
        for (const op of threatSpec.ops ?? []) {
          const operationId = operationIds.get(op);
          if (operationId) plan.threatOperations.push({ orgId: org.id, threatId, operationId });
        }

        const used = new Set<number>();
        for (const mit of threatSpec.mitigations ?? []) {
          const suggestion = mit.suggestion !== undefined ? entry?.mitigations[mit.suggestion] : undefined;
          if (mit.suggestion !== undefined) used.add(mit.suggestion);
          const title = suggestion?.title ?? mit.title;
          if (!title) continue;
          // Never before the threat it answers; the SLA clock starts when it is created here.
          const createdAt = new Date(Math.max(ago(mit.created).getTime(), threatCreated.getTime() + HOUR_MS));
          const assigneeId = mit.status === "PROPOSED" ? null : person(mit.assignee);
          const verifiedAt = mit.status === "VERIFIED" && mit.verified !== undefined ? ago(mit.verified) : null;
          const verifier = mit.verifier ?? (mit.assignee === "ada" ? "eddie" : "ada");
          const mitigationId = newId();
          if (mit.ref) mitigationRefs.set(mit.ref, mitigationId);
          plan.mitigations.push({
            id: mitigationId,
            orgId: org.id,
            title,
            description: suggestion?.description ?? mit.description ?? "",
            assigneeId,
            dueDate: null, // set from the SLA once every link is known
            priority: 3,
            status: mit.status,
            wontDoReason: mit.status === "WONT_DO" ? (mit.wontDo ?? "Not needed for this API.") : null,
            evidenceUrl: mit.evidenceUrl ?? null,
            evidenceNote: mit.evidenceNote ?? (mit.status === "VERIFIED" && !mit.evidenceUrl ? "Verified in review." : null),
            ticketUrl: mit.ticket ?? null,
            verifiedById: verifiedAt ? person(verifier) : null,
            verifiedAt,
            dueDateManual: false,
            createdById: assigneeId ?? authorId,
            createdAt,
            updatedAt: verifiedAt ?? (mit.status === "PROPOSED" ? createdAt : new Date(Math.min(createdAt.getTime() + DAY_MS, now.getTime()))),
          });
          links.push({ orgId: org.id, threatId, mitigationId });
        }
        // The entry's other suggestions, proposed when the threat appeared (as the app does).
        const proposeRest = (modelSpec.proposeRest ?? true) && entry && !threatSpec.manual && (threatSpec.status ?? "OPEN") === "OPEN";
        if (proposeRest) {
          entry.mitigations.forEach((suggestion, index) => {
            if (used.has(index)) return;
            const mitigationId = newId();
            plan.mitigations.push({
              id: mitigationId,
              orgId: org.id,
              title: suggestion.title,
              description: suggestion.description,
              assigneeId: null,
              dueDate: null,
              priority: 3,
              status: "PROPOSED",
              wontDoReason: null,
              evidenceUrl: null,
              evidenceNote: null,
              ticketUrl: null,
              verifiedById: null,
              verifiedAt: null,
              dueDateManual: false,
              createdById: authorId,
              createdAt: threatCreated,
              updatedAt: threatCreated,
            });
            links.push({ orgId: org.id, threatId, mitigationId });
          });
        }
        for (const ref of threatSpec.links ?? []) pendingLinks.push({ orgId: org.id, threatId, ref });
      }
      modelFacts.push({ spec, model, threats: plan.threats.filter((threat) => threat.threatModelId === modelId) });
    }
  }

  for (const pending of pendingLinks) {
    const mitigationId = mitigationRefs.get(pending.ref);
    if (mitigationId && !links.some((link) => link.threatId === pending.threatId && link.mitigationId === mitigationId)) {
      links.push({ orgId: pending.orgId, threatId: pending.threatId, mitigationId });
    }
  }
  plan.threatMitigations = links;

  // SLA due dates and priorities follow the worst linked threat; threats are mitigated only when
  // every one of their mitigations is verified.
  const threatById = new Map(plan.threats.map((threat) => [threat.id, threat]));
  const mitigationById = new Map(plan.mitigations.map((mitigation) => [mitigation.id, mitigation]));
  for (const mitigation of plan.mitigations) {
    const severity = worst(links.filter((link) => link.mitigationId === mitigation.id).map((link) => threatById.get(link.threatId)!.severity)) ?? "MEDIUM";
    mitigation.priority = PRIORITY[severity];
    if (mitigation.assigneeId) mitigation.dueDate = dueDateFromSla(mitigation.createdAt, DEFAULT_SLA_DAYS[severity]);
  }
  for (const threat of toMitigate) {
    const mine = links.filter((link) => link.threatId === threat.id).map((link) => mitigationById.get(link.mitigationId)!);
    if (mine.length && mine.every((mitigation) => mitigation.status === "VERIFIED" && mitigation.verifiedAt)) {
      threat.status = "MITIGATED";
      threat.updatedAt = new Date(Math.max(...mine.map((mitigation) => mitigation.verifiedAt!.getTime())));
    }
  }

  // Comments, one target each; mentions in the app's token format.
  for (const comment of COMMENTS) {
    const threatId = comment.threat ? threatIds.get(`${comment.threat[0]}|${comment.threat[1]}`) : undefined;
    const mitigationId = comment.mitigation ? mitigationRefs.get(comment.mitigation) : undefined;
    const target = threatId ?? mitigationId;
    if (!target) continue;
    const orgId = threatId ? threatById.get(threatId)!.orgId : mitigationById.get(mitigationId!)!.orgId;
    const org = Object.values(context.orgs).find((candidate) => candidate.id === orgId)!;
    const mentioned: string[] = [];
    const body = comment.body.replace(/\{\{mention:(\w+)\}\}/g, (_match, who: string) => {
      const user = org.users[who as TPerson];
      if (!user) return who;
      mentioned.push(user.id);
      return `@[${user.name.replace(/[[\]\n]/g, "")}](mention:${user.id})`;
    });
    const at = ago(comment.at);
    plan.comments.push({ id: newId(), orgId, authorId: org.users[comment.by]?.id ?? null, threatId: threatId ?? null, mitigationId: threatId ? null : (mitigationId ?? null), body, mentionedUserIds: mentioned, createdAt: at, updatedAt: at });
  }

  plan.snapshots = buildSnapshots(now, modelFacts, links, mitigationById);
  return plan;
}

/**
 * Eleven past weeks of open threats per API: what was open at the end of each week (threats closed
 * since count as open before they were closed; before a newer version was approved, the previous
 * version counts), plus the API's `history` of since-closed work fading out, plus a little noise.
 * Weeks before the API's first model are left out, as the snapshot job would not have seen it.
 */
function buildSnapshots(now: Date, models: TModelFacts[], links: { threatId: string; mitigationId: string }[], mitigations: Map<string, TMitigationRow>): TSnapshotRow[] {
  const currentWeek = mondayOf(now);
  const rows: TSnapshotRow[] = [];
  const closedAt = (threat: TThreatRow): Date | null => {
    if (threat.status === "OPEN") return null;
    if (threat.status === "MITIGATED") {
      const verified = links.filter((link) => link.threatId === threat.id).map((link) => mitigations.get(link.mitigationId)?.verifiedAt?.getTime() ?? 0);
      return new Date(Math.max(...verified));
    }
    return threat.updatedAt;
  };
  const byApi = new Map<string, TModelFacts[]>();
  for (const facts of models) byApi.set(facts.model.apiId, [...(byApi.get(facts.model.apiId) ?? []), facts]);
  for (const [apiId, versions] of byApi) {
    const spec = versions[0]!.spec;
    const first = Math.min(...versions.map((facts) => facts.model.createdAt.getTime()));
    // The oldest week the snapshot job could have seen this API: the history fades from there.
    let oldest = HISTORY_WEEKS;
    while (oldest > 1 && currentWeek.getTime() - (oldest - 1) * 7 * DAY_MS <= first) oldest--;
    for (let weeksAgo = oldest; weeksAgo >= 1; weeksAgo--) {
      const weekStart = new Date(currentWeek.getTime() - weeksAgo * 7 * DAY_MS);
      const weekEnd = new Date(weekStart.getTime() + 7 * DAY_MS);
      if (weekEnd.getTime() <= first) continue;
      // The model the dashboard showed then: the latest approved by the end of that week, else the latest started.
      const started = versions.filter((facts) => facts.model.createdAt < weekEnd);
      const approvedThen = started.filter((facts) => facts.model.approvedAt && facts.model.approvedAt < weekEnd).sort((a, b) => b.model.approvedAt!.getTime() - a.model.approvedAt!.getTime())[0];
      const current = approvedThen ?? [...started].sort((a, b) => b.model.modelVersion - a.model.modelVersion)[0];
      if (!current) continue;
      const counts: Record<Severity, number> = { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 };
      for (const threat of current.threats) {
        if (threat.createdAt >= weekEnd) continue;
        const closed = closedAt(threat);
        if (closed && closed < weekEnd) continue;
        counts[threat.severity]++;
      }
      const extra = spec.history ?? [0, 0, 0, 0];
      (["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const).forEach((severity, index) => {
        const fading = oldest > 1 ? Math.round((extra[index]! * (weeksAgo - 1)) / (oldest - 1)) : 0;
        // A little deterministic wobble on the lesser severities while work was still being closed.
        const noise = severity !== "CRITICAL" && fading > 0 && weeksAgo < oldest && hash(`${spec.api}|${weeksAgo}|${severity}`) % 3 === 0 ? 1 : 0;
        counts[severity] += fading + noise;
      });
      rows.push({
        apiId,
        weekStart,
        orgId: current.model.orgId,
        openCritical: counts.CRITICAL,
        openHigh: counts.HIGH,
        openMedium: counts.MEDIUM,
        openLow: counts.LOW,
        takenAt: new Date(weekEnd.getTime() - HOUR_MS),
      });
    }
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Writing.

export type TRiskSummary = { models: number; threats: number; mitigations: number; operations: number; snapshots: number };

/** Reads the catalogue and the seeded organisations, then writes the plan: about fifteen statements. */
export async function seedRiskData(tx: SeedTx, now = new Date()): Promise<TRiskSummary> {
  const catalogue = await tx.catalogEntry.findMany({
    select: { key: true, category: true, title: true, whyItMatters: true, owaspApi: true, stride: true, mitigations: true },
    orderBy: { position: "asc" },
  });
  // Flat queries, one after the other: sibling relations in one query would run in parallel on
  // the transaction's single connection.
  const orgRows = await tx.organization.findMany({ where: { slug: { in: [...ORG_SLUGS] } }, select: { id: true, slug: true } });
  const orgIds = orgRows.map((org) => org.id);
  const members = await tx.membership.findMany({ where: { orgId: { in: orgIds } }, select: { orgId: true, user: { select: { id: true, email: true, name: true } } } });
  const apis = await tx.api.findMany({ where: { orgId: { in: orgIds } }, select: { id: true, orgId: true, name: true } });
  const teams = await tx.team.findMany({ where: { orgId: { in: orgIds } }, select: { id: true, orgId: true } });
  const orgs: TRiskContext["orgs"] = {};
  for (const row of orgRows) {
    const users: TSeedOrg["users"] = {};
    for (const [person, email] of Object.entries(PEOPLE) as [TPerson, string][]) {
      const user = members.find((membership) => membership.orgId === row.id && membership.user.email === email)?.user;
      if (user) users[person] = { id: user.id, name: user.name };
    }
    orgs[row.slug as TOrgSlug] = {
      id: row.id,
      users,
      apis: Object.fromEntries(apis.filter((api) => api.orgId === row.id).map((api) => [api.name, api.id])),
      teamIds: teams.filter((team) => team.orgId === row.id).map((team) => team.id),
    };
  }
  const plan = buildRiskPlan({
    now,
    orgs,
    catalogue: catalogue.map((entry) => ({
      ...entry,
      mitigations: Array.isArray(entry.mitigations)
        ? (entry.mitigations as { title?: unknown; description?: unknown }[]).filter((m) => typeof m?.title === "string").map((m) => ({ title: String(m.title), description: typeof m.description === "string" ? m.description : "" }))
        : [],
    })),
  });

  // The organisations, their people and APIs existed long before the history below.
  const since = plan.created.at;
  await tx.organization.updateMany({ where: { id: { in: plan.created.orgIds } }, data: { createdAt: since } });
  await tx.team.updateMany({ where: { id: { in: plan.created.teamIds } }, data: { createdAt: since } });
  await tx.user.updateMany({ where: { id: { in: plan.created.userIds } }, data: { createdAt: since } });
  await tx.membership.updateMany({ where: { orgId: { in: plan.created.orgIds } }, data: { createdAt: since } });
  if (plan.apiCreatedAt.length) {
    const rows = JSON.stringify(plan.apiCreatedAt.map((row) => ({ id: row.id, created: row.createdAt.toISOString() })));
    await tx.$executeRaw`UPDATE "Api" AS a SET "createdAt" = v.created FROM jsonb_to_recordset(${rows}::jsonb) AS v(id text, created timestamp(3)) WHERE a.id = v.id`;
  }

  if (plan.operations.length) await tx.operation.createMany({ data: plan.operations });
  if (plan.models.length) await tx.threatModel.createMany({ data: plan.models });
  if (plan.reviews.length) await tx.threatModelReview.createMany({ data: plan.reviews });
  if (plan.answers.length) await tx.checklistAnswer.createMany({ data: plan.answers });
  if (plan.threats.length) await tx.threat.createMany({ data: plan.threats });
  if (plan.threatOperations.length) await tx.threatOperation.createMany({ data: plan.threatOperations });
  if (plan.mitigations.length) await tx.mitigation.createMany({ data: plan.mitigations });
  if (plan.threatMitigations.length) await tx.threatMitigation.createMany({ data: plan.threatMitigations });
  if (plan.comments.length) await tx.comment.createMany({ data: plan.comments });
  if (plan.snapshots.length) await tx.riskSnapshot.createMany({ data: plan.snapshots });

  return { models: plan.models.length, threats: plan.threats.length, mitigations: plan.mitigations.length, operations: plan.operations.length, snapshots: plan.snapshots.length };
}
