import { hashPassword } from "@/lib/core/auth/password";
import type { DbClient } from "@/lib/db/client";
import type { Role } from "@/lib/generated/prisma/enums";
import type { TCreateApi } from "@/lib/validation/apis";
import { seedDemoRisk } from "@/scripts/lib/demo-data/demo";

// Demo data: two organisations, so tenant isolation can be seen from the first start.

type DemoApi = Omit<TCreateApi, "team" | "technicalOwnerId" | "specUrl"> & { team: string; owner: string };

type DemoOrg = {
  name: string;
  slug: string;
  members: { email: string; name: string; role: Role }[];
  apis: DemoApi[];
};

const env = (host: string) => [
  { name: "production", baseUrl: `https://${host}` },
  { name: "staging", baseUrl: `https://staging.${host}` },
];

export const DEMO_ORGS: DemoOrg[] = [
  {
    name: "Acme Payments",
    slug: "acme-payments",
    members: [
      { email: "admin@acme.test", name: "Ada Admin", role: "ADMIN" },
      { email: "editor@acme.test", name: "Eddie Editor", role: "EDITOR" },
      { email: "viewer@acme.test", name: "Vera Viewer", role: "VIEWER" },
    ],
    apis: [
      { name: "Payments API", description: "Card and wallet payment authorisation for merchants.", team: "Payments Core", owner: "admin@acme.test", lifecycle: "ACTIVE", exposure: "INTERNET", protocol: "REST", authSchemes: ["OAUTH2_OIDC"], dataClassification: "RESTRICTED", dataFlags: ["PCI", "PII"], tags: ["payments", "pci-scope"], apiVersion: "3.2.0", system: "payments", environments: env("api.acme.test/payments") },
      { name: "Card Vault", description: "Tokenises primary account numbers; the only service that sees raw card data.", team: "Payments Core", owner: "editor@acme.test", lifecycle: "ACTIVE", exposure: "INTERNAL", protocol: "GRPC", authSchemes: ["MTLS"], dataClassification: "RESTRICTED", dataFlags: ["PCI"], tags: ["pci-scope", "crypto"], apiVersion: "1.8.1", system: "payments", environments: env("vault.internal.acme.test") },
      { name: "Merchant Onboarding", description: "KYC checks and contract signing for new merchants.", team: "Merchant Experience", owner: "editor@acme.test", lifecycle: "ACTIVE", exposure: "INTERNET", protocol: "REST", authSchemes: ["OAUTH2_OIDC", "JWT"], dataClassification: "CONFIDENTIAL", dataFlags: ["PII"], tags: ["kyc", "onboarding"], apiVersion: "2.0.0", system: "merchants", environments: env("api.acme.test/onboarding") },
      { name: "Refunds", description: "Full and partial refunds, with approval above a threshold.", team: "Payments Core", owner: "admin@acme.test", lifecycle: "ACTIVE", exposure: "PARTNER", protocol: "REST", authSchemes: ["API_KEY"], dataClassification: "CONFIDENTIAL", dataFlags: ["PCI"], tags: ["payments"], apiVersion: "1.4.0", system: "payments", environments: env("partners.acme.test/refunds") },
      { name: "Ledger", description: "Double-entry ledger for balances and settlements.", team: "Finance Platform", owner: "editor@acme.test", lifecycle: "ACTIVE", exposure: "INTERNAL", protocol: "GRPC", authSchemes: ["MTLS"], dataClassification: "CONFIDENTIAL", dataFlags: [], tags: ["finance"], apiVersion: "5.1.0", system: "ledger", environments: env("ledger.internal.acme.test") },
      { name: "Partner Webhooks", description: "Delivers payment events to partner-registered callback URLs.", team: "Integrations", owner: "editor@acme.test", lifecycle: "ACTIVE", exposure: "PARTNER", protocol: "REST", authSchemes: ["API_KEY"], dataClassification: "INTERNAL", dataFlags: [], tags: ["webhooks", "ssrf-review"], apiVersion: "1.0.3", system: "integrations", environments: env("hooks.acme.test") },
      { name: "Fraud Scoring", description: "Real-time risk score for each payment attempt.", team: "Risk", owner: "admin@acme.test", lifecycle: "ACTIVE", exposure: "INTERNAL", protocol: "REST", authSchemes: ["JWT"], dataClassification: "CONFIDENTIAL", dataFlags: ["PII"], tags: ["ml", "risk"], apiVersion: "0.9.0", system: "risk", environments: env("fraud.internal.acme.test") },
      { name: "Customer Profile", description: "Names, addresses and contact preferences of cardholders.", team: "Merchant Experience", owner: "editor@acme.test", lifecycle: "ACTIVE", exposure: "INTERNET", protocol: "GRAPHQL", authSchemes: ["OAUTH2_OIDC"], dataClassification: "CONFIDENTIAL", dataFlags: ["PII"], tags: ["customers", "graphql"], apiVersion: "2.3.0", system: "customers", environments: env("api.acme.test/graphql") },
      { name: "Auth Gateway", description: "Issues and validates access tokens for every public API.", team: "Identity", owner: "admin@acme.test", lifecycle: "ACTIVE", exposure: "INTERNET", protocol: "REST", authSchemes: ["OAUTH2_OIDC", "BASIC"], dataClassification: "RESTRICTED", dataFlags: ["CREDENTIALS", "PII"], tags: ["identity", "tokens"], apiVersion: "4.0.0", system: "identity", environments: env("auth.acme.test") },
      { name: "Settlement Reports", description: "Daily settlement files for merchants.", team: "Finance Platform", owner: "editor@acme.test", lifecycle: "DESIGN", exposure: "PARTNER", protocol: "REST", authSchemes: ["OAUTH2_OIDC"], dataClassification: "CONFIDENTIAL", dataFlags: [], tags: ["finance", "reports"], apiVersion: "0.1.0", system: "ledger", environments: [] },
      { name: "Legacy Billing SOAP", description: "Old invoicing interface kept for two enterprise customers.", team: "Finance Platform", owner: "admin@acme.test", lifecycle: "DEPRECATED", exposure: "PARTNER", protocol: "SOAP", authSchemes: ["BASIC"], dataClassification: "CONFIDENTIAL", dataFlags: ["PII"], tags: ["legacy"], apiVersion: "1.0", system: "billing", environments: env("billing-legacy.acme.test") },
      { name: "Status Feed", description: "Public status of payment rails, pushed over WebSocket.", team: "Integrations", owner: "editor@acme.test", lifecycle: "RETIRED", exposure: "INTERNET", protocol: "WEBSOCKET", authSchemes: ["NONE"], dataClassification: "PUBLIC", dataFlags: [], tags: ["status"], apiVersion: "1.2.0", system: "integrations", environments: [] },
    ],
  },
  {
    name: "Globex",
    slug: "globex",
    members: [{ email: "admin@globex.test", name: "Gus Globex", role: "ADMIN" }],
    apis: [
      { name: "Globex Orders", description: "Order capture for the Globex web shop.", team: "Commerce", owner: "admin@globex.test", lifecycle: "ACTIVE", exposure: "INTERNET", protocol: "REST", authSchemes: ["JWT"], dataClassification: "CONFIDENTIAL", dataFlags: ["PII"], tags: ["orders"], apiVersion: "1.0.0", system: "commerce", environments: env("api.globex.test/orders") },
      { name: "Globex Inventory", description: "Stock levels across warehouses.", team: "Supply", owner: "admin@globex.test", lifecycle: "ACTIVE", exposure: "INTERNAL", protocol: "GRPC", authSchemes: ["MTLS"], dataClassification: "INTERNAL", dataFlags: [], tags: ["supply"], apiVersion: "2.1.0", system: "supply", environments: env("inventory.internal.globex.test") },
      { name: "Globex Loyalty", description: "Points and rewards for shop customers.", team: "Commerce", owner: "admin@globex.test", lifecycle: "DESIGN", exposure: "PARTNER", protocol: "GRAPHQL", authSchemes: ["OAUTH2_OIDC"], dataClassification: "CONFIDENTIAL", dataFlags: ["PII"], tags: ["loyalty"], apiVersion: "0.2.0", system: "commerce", environments: [] },
    ],
  },
];

export const DEMO_EMAILS = DEMO_ORGS.flatMap((org) => org.members.map((member) => ({ email: member.email, role: member.role, org: org.name })));

/** True when the database holds no organisation yet (the only time demo data is added). */
export async function isDatabaseEmpty(client: DbClient): Promise<boolean> {
  return (await client.organization.count()) === 0 && (await client.user.count()) === 0;
}

/** `now` anchors the demo risk history (threat models, mitigations, weekly snapshots); tests pass a fixed date. */
export async function seedDemoData(client: DbClient, password: string, now: Date = new Date()): Promise<void> {
  // One hash per user, each with its own salt, computed before the transaction opens.
  const hashes = new Map<string, string>();
  for (const { email } of DEMO_EMAILS) hashes.set(email, await hashPassword(password));
  await client.$transaction(async (tx) => {
    for (const demo of DEMO_ORGS) {
      const org = await tx.organization.create({ data: { name: demo.name, slug: demo.slug } });
      const userIds = new Map<string, string>();
      for (const member of demo.members) {
        const user = await tx.user.create({ data: { email: member.email, name: member.name, passwordHash: hashes.get(member.email)! } });
        userIds.set(member.email, user.id);
        await tx.membership.create({ data: { orgId: org.id, userId: user.id, role: member.role } });
      }
      for (const api of demo.apis) {
        const team = await tx.team.upsert({
          where: { orgId_name: { orgId: org.id, name: api.team } },
          create: { orgId: org.id, name: api.team },
          update: {},
        });
        const { team: _team, owner, environments, ...fields } = api;
        await tx.api.create({
          data: {
            ...fields,
            orgId: org.id,
            teamId: team.id,
            technicalOwnerId: userIds.get(owner) ?? null,
            createdById: userIds.get(owner) ?? null,
            environments: { create: environments.map((e, position) => ({ ...e, position, orgId: org.id })) },
          },
        });
      }
      await tx.auditEvent.create({ data: { orgId: org.id, action: "org.seeded", targetType: "organization", targetId: org.id, metadata: { apis: demo.apis.length } } });
    }
    // Threat models, threats, mitigations and risk history for the dashboard: the demo scenario
    // of the one generator (scripts/lib/demo-data), which bench:seed runs at scale.
    await seedDemoRisk(tx, now);
  }, { timeout: 30_000 });
}
