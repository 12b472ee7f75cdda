import "server-only";
import { notFound } from "@/lib/core/app-error";
import type { DbTransaction } from "@/lib/db";
import { byIdInOrg, inOrg, type TOrgScope } from "@/lib/server/scope";
import type { TRuleContext } from "@/lib/core/threat-models/rules";

/** The facts the rules read: the API, its current operations and the latest lint findings. */
export async function loadRuleContext(tx: DbTransaction, caller: TOrgScope, apiId: string): Promise<TRuleContext & { apiName: string }> {
  const api = await tx.api.findFirst({
    where: byIdInOrg(caller, apiId),
    select: {
      name: true,
      exposure: true,
      lifecycle: true,
      authSchemes: true,
      dataClassification: true,
      dataFlags: true,
      environments: { select: { name: true, baseUrl: true }, orderBy: { position: "asc" } },
    },
  });
  if (!api) throw notFound("API");
  // One after the other: a transaction is one connection, and pg runs one query at a time on it.
  const operations = await tx.operation.findMany({
    where: inOrg(caller, { apiId, removedAt: null }),
    select: { id: true, method: true, path: true, requiresAuth: true, deprecated: true, flags: true, sensitiveFields: true },
    orderBy: [{ path: "asc" }, { method: "asc" }],
  });
  const findings = await tx.lintFinding.findMany({ where: inOrg(caller, { apiId }), select: { ruleId: true, operationId: true } });
  const { name, ...facts } = api;
  return { apiName: name, api: facts, operations, findings };
}
