import { randomBytes } from "node:crypto";
import type { DbClient } from "@/lib/db/client";
import type { AuthScheme, DataClassification, DataFlag, Exposure, Lifecycle, Protocol } from "@/lib/generated/prisma/enums";

// The portfolio scenario's inventory (portfolio.ts adds its risk). Realistic-looking inventory at scale: skewed towards internal, active REST APIs, as real
// portfolios are, with a long tail of teams and tags. Deterministic for a given seed.

export function rng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

export function weighted<T>(random: () => number, options: [T, number][]): T {
  const total = options.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [value, weight] of options) {
    roll -= weight;
    if (roll <= 0) return value;
  }
  return options[options.length - 1]![0];
}

const DOMAINS = ["payments", "orders", "customers", "identity", "ledger", "catalog", "shipping", "risk", "reports", "search", "billing", "notifications", "partners", "inventory", "pricing"];
const NOUNS = ["Gateway", "Service", "API", "Events", "Admin", "Sync", "Export", "Lookup", "Webhooks", "Feed"];
const TAGS = ["pci-scope", "gdpr", "legacy", "graphql", "mobile", "partner", "batch", "public", "internal-only", "tier-1", "tier-2", "ml", "kafka", "sox"];

export type GenerateOptions = { orgId: string; ownerIds: string[]; apis: number; seed?: number; namePrefix?: string };

export async function generateInventory(client: DbClient, options: GenerateOptions): Promise<{ apis: number; teams: number; apiIds: string[] }> {
  const random = rng(options.seed ?? 42);
  const teamNames = Array.from({ length: Math.max(5, Math.round(options.apis / 50)) }, (_, i) => `${DOMAINS[i % DOMAINS.length]!.replace(/^./, (c) => c.toUpperCase())} Team ${Math.floor(i / DOMAINS.length) + 1}`);
  await client.team.createMany({ data: teamNames.map((name) => ({ orgId: options.orgId, name })), skipDuplicates: true });
  const teams = await client.team.findMany({ where: { orgId: options.orgId }, select: { id: true } });
  const prefix = options.namePrefix ?? `Gen-${randomBytes(3).toString("hex")}`;

  const batchSize = 500;
  const apiIds: string[] = [];
  for (let start = 0; start < options.apis; start += batchSize) {
    const rows = [];
    const environments = [];
    for (let i = start; i < Math.min(start + batchSize, options.apis); i++) {
      const id = `bench${prefix.toLowerCase().replace(/[^a-z0-9]/g, "")}${i.toString(36).padStart(6, "0")}`;
      const domain = DOMAINS[Math.floor(random() * DOMAINS.length)]!;
      const tags = TAGS.filter(() => random() < 0.15);
      rows.push({
        id,
        orgId: options.orgId,
        name: `${prefix} ${domain} ${NOUNS[i % NOUNS.length]} ${i}`,
        description: `Generated ${domain} API number ${i} for load tests.`,
        teamId: teams[Math.floor(random() * teams.length)]!.id,
        technicalOwnerId: options.ownerIds[Math.floor(random() * options.ownerIds.length)] ?? null,
        lifecycle: weighted<Lifecycle>(random, [["ACTIVE", 70], ["DESIGN", 12], ["DEPRECATED", 12], ["RETIRED", 6]]),
        exposure: weighted<Exposure>(random, [["INTERNAL", 55], ["PARTNER", 20], ["INTERNET", 25]]),
        protocol: weighted<Protocol>(random, [["REST", 75], ["GRAPHQL", 8], ["GRPC", 12], ["SOAP", 3], ["WEBSOCKET", 2]]),
        authSchemes: [weighted<AuthScheme>(random, [["OAUTH2_OIDC", 45], ["JWT", 20], ["API_KEY", 15], ["MTLS", 12], ["BASIC", 5], ["NONE", 3]])],
        dataClassification: weighted<DataClassification>(random, [["INTERNAL", 40], ["CONFIDENTIAL", 35], ["RESTRICTED", 15], ["PUBLIC", 10]]),
        dataFlags: (["PII", "PCI", "PHI", "CREDENTIALS"] as DataFlag[]).filter((_, k) => random() < [0.35, 0.1, 0.03, 0.05][k]!),
        tags: [...new Set([domain, ...tags])],
        apiVersion: `${1 + Math.floor(random() * 5)}.${Math.floor(random() * 10)}.0`,
        system: domain,
      });
      environments.push(
        { orgId: options.orgId, apiId: id, name: "production", baseUrl: `https://${domain}-${i}.example.test`, position: 0 },
        { orgId: options.orgId, apiId: id, name: "staging", baseUrl: `https://staging.${domain}-${i}.example.test`, position: 1 },
      );
    }
    await client.api.createMany({ data: rows });
    apiIds.push(...rows.map((row) => row.id));
    await client.apiEnvironment.createMany({ data: environments });
  }
  return { apis: options.apis, teams: teams.length, apiIds };
}
