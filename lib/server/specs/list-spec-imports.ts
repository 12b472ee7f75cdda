import "server-only";
import { db } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { findSpecApi } from "./find-spec-api";

export async function listSpecImports(caller: TOrgScope, apiId: string) {
  const api = await findSpecApi(caller, apiId);
  return db.specImport.findMany({
    where: inOrg(caller, { apiId: api.id }),
    select: {
      id: true,
      createdAt: true,
      source: true,
      sourceUrl: true,
      fileName: true,
      format: true,
      title: true,
      specVersion: true,
      sizeBytes: true,
      operationCount: true,
      added: true,
      removed: true,
      changed: true,
      findingCount: true,
      durationMs: true,
      importedBy: { select: { id: true, name: true } },
    },
    orderBy: { createdAt: "desc" },
    take: 50,
  });
}
