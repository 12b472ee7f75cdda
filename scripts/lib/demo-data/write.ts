import type { DbClient } from "@/lib/db/client";
import { DEFAULT_RISK_BANDS } from "@/lib/core/threats/risk";
import type { TGeneratedThreatEntry } from "@/lib/core/threat-models/generated-threat";
import { DEFAULT_SLA } from "@/lib/core/mitigations/sla";
import type { TBuildApi, TBuildOrg, TPlan } from "./build";

// Reading what the generator builds on (catalogue, organisations, people, APIs, settings) and
// writing its rows: one INSERT … jsonb_populate_recordset per table and chunk, so the
// statement-level rollup triggers run once per statement (Prisma's createMany is several
// times slower at bench scale).

export type TTx = Parameters<Parameters<DbClient["$transaction"]>[0]>[0];
type TQueries = Pick<TTx, "catalogEntry" | "orgCatalogSetting" | "organization" | "membership" | "api" | "team" | "orgSettings">;

/** The switched-on built-in entries, in checklist order. */
export async function loadCatalogue(tx: TQueries, orgId: string): Promise<TGeneratedThreatEntry[]> {
  const rows = await tx.catalogEntry.findMany({
    select: { key: true, category: true, title: true, whyItMatters: true, owaspApi: true, stride: true, mitigations: true },
    orderBy: { position: "asc" },
  });
  const disabled = new Set((await tx.orgCatalogSetting.findMany({ where: { orgId, disabled: true }, select: { entryKey: true } })).map((setting) => setting.entryKey));
  return rows
    .filter((entry) => !disabled.has(entry.key))
    .map((entry) => ({
      ...entry,
      mitigations: Array.isArray(entry.mitigations)
        ? (entry.mitigations as { title?: unknown; description?: unknown }[]).filter((m) => typeof m?.title === "string").map((m) => ({ title: String(m.title), description: typeof m.description === "string" ? m.description : "" }))
        : [],
    }));
}

/**
 * One organisation as the generator sees it. `people` names the members the scenario refers to
 * (key → email); without it every member is known by their user id. `apiIds` limits the APIs
 * read (default all), keyed by name when `byName`, else by id.
 */
export async function loadOrg(tx: TQueries, orgId: string, options: { people?: Record<string, string>; apiIds?: string[]; byName?: boolean } = {}): Promise<TBuildOrg> {
  // Flat queries, one after the other: sibling relations in one query would run in parallel on
  // the transaction's single connection.
  const members = await tx.membership.findMany({ where: { orgId }, orderBy: { createdAt: "asc" }, select: { user: { select: { id: true, email: true, name: true } } } });
  const apis = await tx.api.findMany({
    where: { orgId, ...(options.apiIds ? { id: { in: options.apiIds } } : {}) },
    orderBy: { id: "asc" },
    select: { id: true, name: true, exposure: true, lifecycle: true, authSchemes: true, dataClassification: true, dataFlags: true, environments: { select: { name: true, baseUrl: true }, orderBy: { position: "asc" } } },
  });
  const teams = await tx.team.findMany({ where: { orgId }, select: { id: true } });
  const settings = await tx.orgSettings.findUnique({ where: { orgId } });
  const users: TBuildOrg["users"] = {};
  if (options.people) {
    for (const [key, email] of Object.entries(options.people)) {
      const user = members.find((member) => member.user.email === email)?.user;
      if (user) users[key] = { id: user.id, name: user.name };
    }
  } else {
    for (const { user } of members) users[user.id] = { id: user.id, name: user.name };
  }
  const byKey: Record<string, TBuildApi> = {};
  for (const { id, name, environments, ...facts } of apis) byKey[options.byName ? name : id] = { id, name, facts: { ...facts, environments } };
  return {
    id: orgId,
    users,
    apis: byKey,
    teamIds: teams.map((team) => team.id),
    bands: settings ? { mediumFrom: settings.mediumFrom, highFrom: settings.highFrom, criticalFrom: settings.criticalFrom } : DEFAULT_RISK_BANDS,
    sla: settings
      ? { slaCriticalDays: settings.slaCriticalDays, slaHighDays: settings.slaHighDays, slaMediumDays: settings.slaMediumDays, slaLowDays: settings.slaLowDays, independentVerification: settings.independentVerification, reviewIntervalDays: settings.reviewIntervalDays }
      : DEFAULT_SLA,
  };
}

export type TTable = "Operation" | "ThreatModel" | "ThreatModelReview" | "ChecklistAnswer" | "Threat" | "ThreatOperation" | "Mitigation" | "ThreatMitigation" | "Comment" | "RiskSnapshot";

async function insertRows(tx: TTx, table: TTable, rows: object[], chunk: number, timings: Record<string, number>): Promise<number> {
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

/** Writes a plan inside the caller's transaction; returns rows written per table. */
export async function writePlan(tx: TTx, plan: TPlan, timings: Record<string, number> = {}): Promise<Record<TTable, number>> {
  if (plan.created) {
    // The organisations, their people and APIs existed long before the history.
    const { orgIds, teamIds, userIds, at } = plan.created;
    await tx.organization.updateMany({ where: { id: { in: orgIds } }, data: { createdAt: at } });
    await tx.team.updateMany({ where: { id: { in: teamIds } }, data: { createdAt: at } });
    await tx.user.updateMany({ where: { id: { in: userIds } }, data: { createdAt: at } });
    await tx.membership.updateMany({ where: { orgId: { in: orgIds } }, data: { createdAt: at } });
  }
  if (plan.apiCreatedAt.length) {
    const rows = JSON.stringify(plan.apiCreatedAt.map((row) => ({ id: row.id, created: row.createdAt.toISOString() })));
    await tx.$executeRaw`UPDATE "Api" AS a SET "createdAt" = v.created FROM jsonb_to_recordset(${rows}::jsonb) AS v(id text, created timestamp(3)) WHERE a.id = v.id`;
  }
  const large = plan.threats.length > 5_000;
  // Versions in order: a model's previous version is written before it.
  const models = [...plan.models].sort((a, b) => a.modelVersion - b.modelVersion);
  const counts = {} as Record<TTable, number>;
  counts.Operation = await insertRows(tx, "Operation", plan.operations, 10_000, timings);
  counts.ThreatModel = await insertRows(tx, "ThreatModel", models, 10_000, timings);
  counts.ThreatModelReview = await insertRows(tx, "ThreatModelReview", plan.reviews, 20_000, timings);
  counts.ChecklistAnswer = await insertRows(tx, "ChecklistAnswer", plan.answers, 40_000, timings);
  counts.Threat = await insertRows(tx, "Threat", plan.threats, 20_000, timings);
  counts.ThreatOperation = await insertRows(tx, "ThreatOperation", plan.threatOperations, 20_000, timings);
  counts.Mitigation = await insertRows(tx, "Mitigation", plan.mitigations, 10_000, timings);
  // The links' trigger keeps each mitigation's worst severity; without statistics on the rows
  // this transaction just wrote, its lookups plan as sequential scans (minutes, not seconds).
  if (large) await tx.$executeRawUnsafe(`ANALYZE "Mitigation", "Threat", "ThreatMitigation"`);
  counts.ThreatMitigation = await insertRows(tx, "ThreatMitigation", plan.threatMitigations, 40_000, timings);
  counts.Comment = await insertRows(tx, "Comment", plan.comments, 10_000, timings);
  counts.RiskSnapshot = await insertRows(tx, "RiskSnapshot", plan.snapshots, 20_000, timings);
  return counts;
}
