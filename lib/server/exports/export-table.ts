import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { CSV_BOM, csvLine, joinList, type TCsvValue } from "@/lib/core/exports/csv";
import { apiSelect } from "@/lib/server/apis/api-dto";
import { mitigationSelect } from "@/lib/server/mitigations/mitigation-dto";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { threatSelect } from "@/lib/server/threats/threat-dto";

// The inventory, threats and mitigations as CSV or JSON: one row per record, every column a
// person can filter on in a spreadsheet. Rows are read in batches by id, so a large
// organisation's export never holds a whole table's Prisma objects at once.

const BATCH = 1_000;
// An operation a threat is linked to, with the reasons the spec rules linked it for (JSON only:
// a CSV cell cannot hold the pairs, and its columns stay as spreadsheets already read them).
type TLinkedOperation = { operation: string; reasons: string[] };
type TValue = TCsvValue | string[] | TLinkedOperation[];
// The columns in file order (the header row); every row must fill each of them.
export const COLUMNS = {
  inventory: ["id", "name", "description", "team", "technicalOwnerEmail", "technicalOwnerName", "lifecycle", "exposure", "protocol", "authSchemes", "dataClassification", "dataFlags", "tags", "apiVersion", "system", "specUrl", "environments", "operations", "currentModelStatus", "modelApprovedAt", "openCritical", "openHigh", "openMedium", "openLow", "riskScore", "createdAt", "updatedAt"],
  threats: ["id", "apiId", "api", "threatModelId", "threatModel", "modelVersion", "modelStatus", "title", "description", "category", "owaspApiId", "stride", "catalogEntryKey", "likelihood", "impact", "score", "severity", "status", "acceptanceJustification", "acceptanceExpiresAt", "source", "operations", "mitigationIds", "createdAt", "updatedAt"],
  mitigations: ["id", "title", "description", "status", "severity", "priority", "assigneeEmail", "assigneeName", "dueDate", "dueDateManual", "overdue", "wontDoReason", "evidenceUrl", "evidenceNote", "ticketUrl", "verifiedByEmail", "verifiedAt", "threatIds", "threats", "apis", "createdAt", "updatedAt"],
} as const;
type TRowOf<K extends keyof typeof COLUMNS> = Record<(typeof COLUMNS)[K][number], TValue>;
export type TProgress = (stage: string, fraction: number) => void;

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);
const OPEN_MITIGATION = ["PROPOSED", "PLANNED", "IN_PROGRESS"];

/** Pages through a table by id, `BATCH` rows at a time. */
async function* batches<T extends { id: string }>(load: (cursor: string | null) => Promise<T[]>): AsyncGenerator<T[]> {
  let cursor: string | null = null;
  for (;;) {
    const rows = await load(cursor);
    if (rows.length) yield rows;
    if (rows.length < BATCH) return;
    cursor = rows[rows.length - 1]!.id;
  }
}

const page = (cursor: string | null) => ({ take: BATCH, orderBy: { id: "asc" as const }, ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}) });

async function* inventoryRows(caller: TOrgScope): AsyncGenerator<TRowOf<"inventory">[]> {
  for await (const apis of batches((cursor) =>
    db.api.findMany({
      where: inOrg(caller),
      // The inventory's own shape (api-dto.ts), plus the rollup's figures.
      select: {
        ...apiSelect,
        riskRollup: { select: { currentModelStatus: true, approvedAt: true, openCritical: true, openHigh: true, openMedium: true, openLow: true, riskScore: true } },
      },
      ...page(cursor),
    }),
  )) {
    const operations = await db.operation.groupBy({ by: ["apiId"], where: inOrg(caller, { apiId: { in: apis.map((api) => api.id) }, removedAt: null }), _count: { _all: true } });
    const count = new Map(operations.map((row) => [row.apiId, row._count._all]));
    yield apis.map((api): TRowOf<"inventory"> => ({
      id: api.id,
      name: api.name,
      description: api.description,
      team: api.team?.name ?? null,
      technicalOwnerEmail: api.technicalOwner?.email ?? null,
      technicalOwnerName: api.technicalOwner?.name ?? null,
      lifecycle: api.lifecycle,
      exposure: api.exposure,
      protocol: api.protocol,
      authSchemes: api.authSchemes,
      dataClassification: api.dataClassification,
      dataFlags: api.dataFlags,
      tags: api.tags,
      apiVersion: api.apiVersion,
      system: api.system,
      specUrl: api.specUrl,
      environments: api.environments.map((environment) => `${environment.name}=${environment.baseUrl}`),
      operations: count.get(api.id) ?? 0,
      currentModelStatus: api.riskRollup?.currentModelStatus ?? null,
      modelApprovedAt: iso(api.riskRollup?.approvedAt),
      openCritical: api.riskRollup?.openCritical ?? 0,
      openHigh: api.riskRollup?.openHigh ?? 0,
      openMedium: api.riskRollup?.openMedium ?? 0,
      openLow: api.riskRollup?.openLow ?? 0,
      riskScore: api.riskRollup?.riskScore ?? 0,
      createdAt: iso(api.createdAt),
      updatedAt: iso(api.updatedAt),
    }));
  }
}

function threatWhere(caller: TOrgScope, models: "current" | "all"): Prisma.ThreatWhereInput {
  // "current" is the threat register's choice: each API's approved model, else its latest draft.
  return inOrg(caller, models === "current" ? { threatModel: { currentOf: { some: {} } } } : {});
}

async function* threatRows(caller: TOrgScope, models: "current" | "all"): AsyncGenerator<(TRowOf<"threats"> & { operationReasons: TLinkedOperation[] })[]> {
  for await (const threats of batches((cursor) =>
    db.threat.findMany({
      where: threatWhere(caller, models),
      // The register's own shape (threat-dto.ts), with the model and only the mitigations' ids.
      select: {
        ...threatSelect,
        threatModel: { select: { id: true, title: true, modelVersion: true, status: true, api: { select: { id: true, name: true } } } },
        operations: { select: { reasons: true, operation: { select: { method: true, path: true } } } },
        mitigations: { select: { mitigationId: true } },
      },
      ...page(cursor),
    }),
  )) {
    yield threats.map((threat) => ({
      id: threat.id,
      apiId: threat.threatModel.api.id,
      api: threat.threatModel.api.name,
      threatModelId: threat.threatModel.id,
      threatModel: threat.threatModel.title,
      modelVersion: threat.threatModel.modelVersion,
      modelStatus: threat.threatModel.status,
      title: threat.title,
      description: threat.description,
      category: threat.category,
      owaspApiId: threat.owaspApiId,
      stride: threat.stride,
      catalogEntryKey: threat.catalogEntryKey,
      likelihood: threat.likelihood,
      impact: threat.impact,
      score: threat.score,
      severity: threat.severity,
      status: threat.status,
      acceptanceJustification: threat.acceptanceJustification,
      acceptanceExpiresAt: iso(threat.acceptanceExpiresAt),
      source: threat.source,
      operations: threat.operations.map((link) => `${link.operation.method} ${link.operation.path}`),
      operationReasons: threat.operations.map((link) => ({ operation: `${link.operation.method} ${link.operation.path}`, reasons: link.reasons })),
      mitigationIds: threat.mitigations.map((link) => link.mitigationId),
      createdAt: iso(threat.createdAt),
      updatedAt: iso(threat.updatedAt),
    }));
  }
}

async function* mitigationRows(caller: TOrgScope, now: Date): AsyncGenerator<TRowOf<"mitigations">[]> {
  for await (const mitigations of batches((cursor) =>
    db.mitigation.findMany({
      where: inOrg(caller),
      // The mitigation's own shape (mitigation-dto.ts), with its severity and the verifier's email;
      // no comment counts.
      select: { ...mitigationSelect, severity: true, verifiedBy: { select: { name: true, email: true } }, _count: false },
      ...page(cursor),
    }),
  )) {
    yield mitigations.map((mitigation): TRowOf<"mitigations"> => ({
      id: mitigation.id,
      title: mitigation.title,
      description: mitigation.description,
      status: mitigation.status,
      severity: mitigation.severity,
      priority: mitigation.priority,
      assigneeEmail: mitigation.assignee?.email ?? null,
      assigneeName: mitigation.assignee?.name ?? null,
      dueDate: iso(mitigation.dueDate),
      dueDateManual: mitigation.dueDateManual,
      overdue: mitigation.dueDate !== null && mitigation.dueDate < now && OPEN_MITIGATION.includes(mitigation.status),
      wontDoReason: mitigation.wontDoReason,
      evidenceUrl: mitigation.evidenceUrl,
      evidenceNote: mitigation.evidenceNote,
      ticketUrl: mitigation.ticketUrl,
      verifiedByEmail: mitigation.verifiedBy?.email ?? null,
      verifiedAt: iso(mitigation.verifiedAt),
      threatIds: mitigation.threats.map((link) => link.threat.id),
      threats: mitigation.threats.map((link) => link.threat.title),
      apis: [...new Set(mitigation.threats.map((link) => link.threat.threatModel.api.name))],
      createdAt: iso(mitigation.createdAt),
      updatedAt: iso(mitigation.updatedAt),
    }));
  }
}

export type TTabularKind = "inventory" | "threats" | "mitigations";

async function countRows(caller: TOrgScope, kind: TTabularKind, models: "current" | "all"): Promise<number> {
  if (kind === "inventory") return db.api.count({ where: inOrg(caller) });
  if (kind === "threats") return db.threat.count({ where: threatWhere(caller, models) });
  return db.mitigation.count({ where: inOrg(caller) });
}

/**
 * One table as a file. CSV: a header row, lists joined with "; ", text neutralised against
 * formula injection. JSON: `{ kind, exportedAt, count, data: [...] }` with lists as arrays.
 */
export async function exportTable(
  caller: TOrgScope,
  input: { kind: TTabularKind; format: "csv" | "json"; models?: "current" | "all" },
  onProgress: TProgress = () => undefined,
  now = new Date(),
): Promise<{ content: Buffer; rows: number }> {
  const models = input.models ?? "current";
  const total = await countRows(caller, input.kind, models);
  const source: AsyncGenerator<Record<string, TValue>[]> = input.kind === "inventory" ? inventoryRows(caller) : input.kind === "threats" ? threatRows(caller, models) : mitigationRows(caller, now);
  const columns: readonly string[] = COLUMNS[input.kind];
  const parts: string[] = input.format === "csv" ? [CSV_BOM + csvLine(columns)] : [`{"kind":${JSON.stringify(input.kind)},"exportedAt":${JSON.stringify(now.toISOString())},"count":${total},"data":[`];
  let written = 0;
  for await (const rows of source) {
    for (const row of rows) {
      parts.push(input.format === "csv" ? csvLine(columns.map((key) => toCell(row[key]))) : `${written ? "," : ""}\n${JSON.stringify(row)}`);
      written++;
    }
    onProgress(`${written.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} rows`, total ? written / total : 1);
  }
  if (input.format === "json") parts.push("\n]}\n");
  return { content: Buffer.from(parts.join(""), "utf8"), rows: written };
}

function toCell(value: TValue): TCsvValue {
  if (!Array.isArray(value)) return value;
  return joinList(value.map((item) => (typeof item === "string" ? item : item.operation)));
}
