// npm run bench:seed -- --apis 2000 [--org acme-payments] [--risk false]
// Adds generated APIs to an existing organisation of the database in DATABASE_URL, then (unless
// --risk false) their operations, threat models, threats, mitigations and weekly risk history.
import { parseArgs } from "node:util";
import { createDbClient } from "@/lib/db/client";
import { generateInventory } from "@/scripts/lib/demo-data/inventory";
import { generateRisk } from "@/scripts/lib/demo-data/portfolio";

const { values } = parseArgs({
  options: { apis: { type: "string", default: "2000" }, org: { type: "string", default: "acme-payments" }, risk: { type: "string", default: "true" } },
});
const url = process.env.DATABASE_URL;
if (!url) {
  console.error("Set DATABASE_URL to the database to fill (npm start prints where the embedded one runs).");
  process.exit(1);
}
if (values.risk !== "true" && values.risk !== "false") {
  console.error("--risk takes true or false.");
  process.exit(1);
}
const client = createDbClient({ url });
try {
  const org = await client.organization.findUnique({ where: { slug: values.org }, select: { id: true, memberships: { select: { userId: true } } } });
  if (!org) throw new Error(`No organisation with slug ${values.org}`);
  const userIds = org.memberships.map((m) => m.userId);
  const started = Date.now();
  const result = await generateInventory(client, { orgId: org.id, ownerIds: userIds, apis: Number(values.apis) });
  console.log(`Added ${result.apis} APIs across ${result.teams} teams to ${values.org} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  if (values.risk === "true") {
    const riskStarted = Date.now();
    const risk = await generateRisk(client, { orgId: org.id, userIds, apiIds: result.apiIds, log: (line) => console.log(line) });
    const c = risk.counts;
    const v = risk.verification;
    console.log(
      `Risk data for ${risk.apis} APIs in ${((Date.now() - riskStarted) / 1000).toFixed(1)} s: ${c.Operation} operations, ${c.ThreatModel} threat models, ${c.ChecklistAnswer} checklist answers, ` +
        `${c.Threat} threats (${c.ThreatOperation} operation links), ${c.Mitigation} mitigations (${c.ThreatMitigation} threat links), ${c.RiskSnapshot} weekly snapshots. ` +
        `Rollup check: ${v.sampled - v.rollupMismatches}/${v.sampled} sampled APIs match a direct count of open threats in their current model; ` +
        `${v.snapshotMismatches} current-week snapshots differ from the rollup.`,
    );
    if (risk.skippedApis) console.log(`Skipped ${risk.skippedApis} APIs that already had threat models or operations.`);
    for (const line of v.details) console.log(`  mismatch ${line}`);
    console.log(`Timings (ms): ${Object.entries(risk.timingsMs).map(([k, ms]) => `${k} ${ms}`).join(", ")}`);
    if (v.rollupMismatches || v.snapshotMismatches) process.exitCode = 1;
  }
  console.log(`Total ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await client.$disconnect();
}
