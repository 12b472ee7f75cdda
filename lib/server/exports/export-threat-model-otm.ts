import "server-only";
import { db } from "@/lib/db";
import { toOtm, type TOtm, type TOtmThreatExtra } from "@/lib/core/exports/otm/otm";
import { listCatalog } from "@/lib/server/catalog/list-catalog";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { loadThreatModelReport } from "./load-threat-model-report";

/** A threat model of the caller's organisation as an Open Threat Model document. */
export async function exportThreatModelOtm(caller: TOrgScope, modelId: string): Promise<{ otm: TOtm; data: Awaited<ReturnType<typeof loadThreatModelReport>> }> {
  const data = await loadThreatModelReport(caller, modelId);
  const threats = await db.threat.findMany({ where: inOrg(caller, { threatModelId: modelId }), select: { id: true, catalogEntryKey: true } });
  const keys = [...new Set(threats.flatMap((threat) => (threat.catalogEntryKey ? [threat.catalogEntryKey] : [])))];
  const { entries } = keys.length ? await listCatalog(caller, { includeDisabled: true, keys }) : { entries: [] };
  const cwes = new Map(entries.map((entry) => [entry.key, entry.cwe]));
  const extra = new Map<string, TOtmThreatExtra>(threats.map((threat) => [threat.id, { catalogEntryKey: threat.catalogEntryKey, cwes: threat.catalogEntryKey ? (cwes.get(threat.catalogEntryKey) ?? []) : [] }]));
  return { otm: toOtm(data, extra), data };
}
