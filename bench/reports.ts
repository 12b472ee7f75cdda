// npm run bench:reports [-- --runs 5] [--skip-scale]
// The renderer comparison and the report budgets (docs/PERFORMANCE.md, "Reports"):
// 1. a 200-threat model (200 mitigations, 77 checklist answers) rendered by pdfkit (what the app
//    uses) and by Chromium's print (the alternative), each in its own process, `runs` times:
//    data load + render, median and peak memory;
// 2. the portfolio PDF with 2,000 APIs, 40,000 threats and 60,000 mitigations (bench/generate-*).
// Writes bench/results/reports-<timestamp>.json and prints Markdown rows.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDbClient, type DbClient } from "@/lib/db/client";
import { startEmbeddedPostgres } from "@/lib/db/embedded";
import { prepareDatabase } from "@/lib/db/prepare";
import { severityOf } from "@/lib/core/threats/risk";
import { DEMO_ORGS, seedDemoData } from "@/prisma/seed";
import { ensureDatabase } from "@/scripts/lib/database";
import { generateInventory } from "@/scripts/lib/demo-data/inventory";
import { generateRisk } from "@/scripts/lib/demo-data/portfolio";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" }, "skip-scale": { type: "boolean", default: false } } });
const RUNS = Number(values.runs);
const root = process.cwd();
const DAY = 86_400_000;

type TChildResult = { renderer: string; report: string; runs: { loadMs: number; renderMs: number; totalMs: number; pages: number; bytes: number }[]; launchMs: number; baselineMb: number; nodePeakMb: number; browserPeakMb: number; peakMb: number };

function child(databaseUrl: string, args: string[]): TChildResult {
  const output = execFileSync(process.execPath, ["--conditions=react-server", "--import", "tsx", "bench/report-child.ts", ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", NODE_ENV: "production" },
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output.trim().split("\n").pop()!) as TChildResult;
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** An approved model with 200 threats, 200 mitigations and every checklist entry answered or not. */
async function createBigModel(client: DbClient, orgId: string, userIds: string[]): Promise<string> {
  const team = await client.team.create({ data: { orgId, name: "Bench reports" } });
  const api = await client.api.create({
    data: { orgId, name: "Bench reports API", description: "Card payments for the report benchmark.", teamId: team.id, technicalOwnerId: userIds[0], lifecycle: "ACTIVE", exposure: "INTERNET", authSchemes: ["OAUTH2_OIDC"], dataClassification: "RESTRICTED", dataFlags: ["PCI", "PII"], environments: { create: [{ orgId, name: "prod", baseUrl: "https://bench.example.com" }] } },
  });
  await client.operation.createMany({ data: Array.from({ length: 30 }, (_, index) => ({ orgId, apiId: api.id, method: index % 3 ? "GET" : "POST", path: `/v1/resource-${index}/{id}`, requiresAuth: index % 5 !== 0 })) });
  const operations = await client.operation.findMany({ where: { apiId: api.id }, select: { id: true } });
  const entries = await client.catalogEntry.findMany({ select: { key: true }, orderBy: { position: "asc" } });
  const now = Date.now();
  const model = await client.threatModel.create({
    data: { orgId, apiId: api.id, title: "Payments threat model", scope: "All card payment flows: authorisation, capture, refunds and payouts, including the partner webhooks. ".repeat(3), assumptions: "TLS terminates at the gateway; the card vault is out of scope.", authorId: userIds[1] ?? userIds[0], reviewerId: userIds[0], entryKeys: entries.map((entry) => entry.key) },
  });
  const answers = ["YES", "NO", "UNSURE", "NOT_APPLICABLE"] as const;
  await client.checklistAnswer.createMany({ data: entries.slice(0, 70).map((entry, index) => ({ orgId, threatModelId: model.id, entryKey: entry.key, answer: answers[index % 4]!, note: index % 3 ? "" : "Discussed in the design review; see the ticket for details.", answeredById: userIds[index % userIds.length] })) });
  const statuses = ["OPEN", "OPEN", "OPEN", "MITIGATED", "ACCEPTED", "NOT_APPLICABLE"] as const;
  const threats = Array.from({ length: 200 }, (_, index) => {
    const likelihood = (index % 5) + 1;
    const impact = ((index * 7) % 5) + 1;
    const status = statuses[index % statuses.length]!;
    return {
      id: `cbenchthreat${String(index).padStart(12, "0")}`,
      orgId,
      threatModelId: model.id,
      title: `Caller can read another customer's payment record ${index + 1} by changing the id in the path`,
      description: `An attacker who holds any valid token calls GET /v1/resource-${index % 30}/{id} with ids of other customers. The service checks the token but not ownership. `.repeat(2),
      category: "object-authorization",
      owaspApiId: `API${(index % 10) + 1}`,
      stride: ["I", "E"],
      likelihood,
      impact,
      score: likelihood * impact,
      severity: severityOf(likelihood * impact),
      status,
      acceptanceJustification: status === "ACCEPTED" ? "Compensating control at the gateway." : null,
      acceptanceExpiresAt: status === "ACCEPTED" ? new Date(now + 60 * DAY) : null,
      createdById: userIds[1] ?? userIds[0],
    };
  });
  await client.threat.createMany({ data: threats });
  await client.threatOperation.createMany({ data: threats.map((threat, index) => ({ orgId, threatId: threat.id, operationId: operations[index % operations.length]!.id })) });
  const mitigationStatuses = ["PROPOSED", "PLANNED", "IN_PROGRESS", "IMPLEMENTED", "VERIFIED", "WONT_DO"] as const;
  const mitigations = threats.map((threat, index) => ({
    id: `cbenchmitig${String(index).padStart(13, "0")}`,
    orgId,
    title: `Check that the record belongs to the caller's account before answering (control ${index + 1})`,
    assigneeId: index % 7 ? userIds[index % userIds.length] : null,
    dueDate: new Date(now + ((index % 9) - 3) * 10 * DAY),
    status: mitigationStatuses[index % mitigationStatuses.length]!,
    ticketUrl: `https://tickets.example.com/PAY-${1000 + index}`,
    evidenceNote: index % 6 === 4 ? "Verified by a penetration test." : null,
    wontDoReason: index % 6 === 5 ? "Endpoint retired next quarter." : null,
  }));
  await client.mitigation.createMany({ data: mitigations });
  await client.threatMitigation.createMany({ data: threats.flatMap((threat, index) => [{ orgId, threatId: threat.id, mitigationId: mitigations[index]!.id }, ...(index % 10 === 0 ? [{ orgId, threatId: threat.id, mitigationId: mitigations[(index + 1) % 200]!.id }] : [])]) });
  await client.threatModel.update({ where: { id: model.id }, data: { status: "APPROVED", submittedAt: new Date(now - DAY), approvedAt: new Date(), approvedById: userIds[0] } });
  return model.id;
}

function row(label: string, result: TChildResult): string {
  const total = result.runs.map((run) => run.totalMs);
  const render = result.runs.map((run) => run.renderMs);
  const load = result.runs.map((run) => run.loadMs);
  const memory = `${result.peakMb.toFixed(0)} MB${result.browserPeakMb ? ` (Node ${result.nodePeakMb.toFixed(0)} + Chromium ${result.browserPeakMb.toFixed(0)})` : ""}; ${result.baselineMb.toFixed(0)} MB before the first report`;
  return `| ${label} | ${total.map((ms) => Math.round(ms).toLocaleString("en-GB")).join(" · ")} | **${Math.round(median(total)).toLocaleString("en-GB")} ms** | ${Math.round(median(load))} / ${Math.round(median(render))} ms | ${result.runs[0]!.pages} | ${memory}${result.launchMs ? `; launch ${Math.round(result.launchMs)} ms, not in the runs` : ""} |`;
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bulwark-bench-reports-"));
  const pg = await startEmbeddedPostgres({ dataDir: path.join(dir, "postgres") });
  const results: Record<string, unknown> = { date: new Date().toISOString(), machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version }, runs: RUNS };
  const lines: string[] = [];
  try {
    const databaseUrl = await ensureDatabase(pg.url, "bench_reports");
    await prepareDatabase(databaseUrl);
    const client = createDbClient({ url: databaseUrl });
    await seedDemoData(client, "bench-password-123456");
    const org = await client.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGS[0]!.slug }, select: { id: true, memberships: { select: { userId: true, role: true } } } });
    const userIds = org.memberships.map((membership) => membership.userId);
    const admin = org.memberships.find((membership) => membership.role === "ADMIN" || membership.role === "OWNER")!.userId;
    const modelId = await createBigModel(client, org.id, userIds);

    console.log(`200-threat model: pdfkit, ${RUNS} runs…`);
    const pdfkit = child(databaseUrl, ["pdfkit", "threat-model", org.id, admin, modelId, String(RUNS)]);
    console.log(`200-threat model: Chromium print, ${RUNS} runs…`);
    const chromium = child(databaseUrl, ["chromium", "threat-model", org.id, admin, modelId, String(RUNS)]);
    results.threatModel = { pdfkit, chromium };
    lines.push("| Renderer, 200-threat model | Runs (ms, load + render) | Median | Median load / render | Pages | Peak RSS |", "| --- | --- | --- | --- | --- | --- |", row("pdfkit (chosen)", pdfkit), row("Chromium `page.pdf()`", chromium));

    if (!values["skip-scale"]) {
      console.log("Generating 1,988 more APIs with operations, models, threats, mitigations and history…");
      const started = Date.now();
      const inventory = await generateInventory(client, { orgId: org.id, ownerIds: userIds, apis: 1988, namePrefix: "Bench" });
      await generateRisk(client, { orgId: org.id, userIds, apiIds: inventory.apiIds });
      await client.$executeRawUnsafe("ANALYZE");
      results.generateSeconds = Math.round((Date.now() - started) / 1000);
      const counts = { apis: await client.api.count({ where: { orgId: org.id } }), threats: await client.threat.count({ where: { orgId: org.id } }), mitigations: await client.mitigation.count({ where: { orgId: org.id } }) };
      results.scale = counts;
      console.log(`Portfolio PDF at ${counts.apis} APIs, ${counts.threats} threats, ${counts.mitigations} mitigations: ${RUNS} runs…`);
      const portfolio = child(databaseUrl, ["pdfkit", "portfolio", org.id, admin, "-", String(RUNS)]);
      results.portfolio = portfolio;
      lines.push("", `| Portfolio PDF, ${counts.apis.toLocaleString("en-GB")} APIs / ${counts.threats.toLocaleString("en-GB")} threats / ${counts.mitigations.toLocaleString("en-GB")} mitigations | Runs (ms, load + render) | Median | Median load / render | Pages | Peak RSS |`, "| --- | --- | --- | --- | --- | --- |", row("pdfkit", portfolio));
    }
    await client.$disconnect();
  } finally {
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(path.join(root, "bench", "results"), { recursive: true });
  const file = path.join(root, "bench", "results", `reports-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2));
  console.log(`\n${lines.join("\n")}\n\nRaw results: ${path.relative(root, file)}`);
}

await main();
