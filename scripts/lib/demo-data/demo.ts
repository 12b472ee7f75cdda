import { buildPlan, type TBuildContext, type TPlan } from "./build";
import type { TApiSpec, TCommentSpec, TScenario } from "./scenario";
import { loadCatalogue, loadOrg, writePlan, type TTx } from "./write";

// The demo's story, fed to the generator at scale 1: threat models in every state for the APIs
// prisma/seed.ts creates, their checklist answers, threats, mitigations (some overdue, some
// verified with evidence), comments and eleven weeks of risk history, so the dashboard has
// something to show from the first start. Days are "days before now".

/** Past weeks of RiskSnapshot rows per modelled API; the current week is the app's to write. */
export const HISTORY_WEEKS = 11;
/** Created with the organisations in prisma/seed.ts. */
export const PEOPLE = { ada: "admin@acme.test", eddie: "editor@acme.test", vera: "viewer@acme.test", gus: "admin@globex.test" } as const;
export const DEMO_ORG_SLUGS = ["acme-payments", "globex"] as const;

const WIKI = "https://wiki.acme.test/security";
const JIRA = "https://jira.acme.test/browse";

export const DEMO_RISK: TApiSpec[] = [
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
        ruleNo: ["api2-unauthenticated-operations"],
        threats: [
          {
            key: "api1-object-id-in-path",
            rule: "UNSURE",
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
            rule: "YES",
            ops: ["GET /v3/payments"],
            l: 4,
            i: 3,
            mitigations: [{ suggestion: 0, status: "IN_PROGRESS", assignee: "eddie", created: 20, ticket: `${JIRA}/PAY-1466` }],
          },
          {
            key: "api3-sensitive-fields-in-responses",
            rule: "YES",
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
          { key: "api3-sensitive-fields-in-responses", rule: "UNSURE", l: 3, i: 3 },
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
            rule: "UNSURE",
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
      { method: "POST", path: "/v1/subscriptions", operationId: "createSubscription", summary: "Register a callback URL for payment events", created: 60, flags: ["url-input"] },
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
        ruleNo: ["api2-unauthenticated-operations"],
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
            rule: "YES",
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
          { key: "api2-weak-auth-scheme", rule: "YES", l: 4, i: 4 },
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

const DEMO_COMMENTS: TCommentSpec[] = [
  {
    org: "acme-payments", threat: ["payments-v1", "api1-object-id-in-path"],
    by: "eddie",
    at: 30,
    body: "Reproduced on staging with two merchant accounts: merchant B reads merchant A's payment by id. {{mention:ada}} can we take the fix into this sprint?",
  },
  { org: "acme-payments", threat: ["payments-v1", "api1-object-id-in-path"], by: "ada", at: 29, body: "Yes, **PAY-1412** is in the sprint. Until it ships, the WAF rule `bola-payments-01` blocks sequential id scans." },
  { org: "acme-payments", mitigation: "pay-ownership", by: "ada", at: 6, body: "Blocked on the ownership backfill in `payments-db`; new ETA is the end of next week." },
  { org: "acme-payments", threat: ["vault-v1", "transport-internal-cleartext"], by: "ada", at: 30, body: "Accepted until the mesh mTLS rollout; see risk register entry RISK-27 and [PLAT-120](https://jira.acme.test/browse/PLAT-120)." },
];

export const DEMO_SCENARIO: TScenario = { apis: DEMO_RISK, comments: DEMO_COMMENTS };

/** The demo scenario's context: organisations by slug, APIs by name, people by first name. */
export async function loadDemoContext(tx: TTx, now: Date): Promise<TBuildContext> {
  const orgs: TBuildContext["orgs"] = {};
  const rows = await tx.organization.findMany({ where: { slug: { in: [...DEMO_ORG_SLUGS] } }, select: { id: true, slug: true } });
  for (const row of rows) orgs[row.slug] = await loadOrg(tx, row.id, { people: PEOPLE, byName: true });
  // The built-in checklist is the same for both (neither switches entries off).
  const catalogue = rows.length ? await loadCatalogue(tx, rows[0]!.id) : [];
  return { now, catalogue, orgs, historyWeeks: HISTORY_WEEKS, since: 730 };
}

export type TRiskSummary = { models: number; threats: number; mitigations: number; operations: number; snapshots: number };

/** Reads the catalogue and the seeded organisations, then writes the demo's rows: about twenty statements. */
export async function seedDemoRisk(tx: TTx, now = new Date()): Promise<TRiskSummary> {
  const plan: TPlan = buildPlan(DEMO_SCENARIO, await loadDemoContext(tx, now));
  await writePlan(tx, plan);
  return { models: plan.models.length, threats: plan.threats.length, mitigations: plan.mitigations.length, operations: plan.operations.length, snapshots: plan.snapshots.length };
}
