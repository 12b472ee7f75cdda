import "server-only";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";
import { jobSelect, toJobDto, type TExportJobDto } from "./export-job-dto";

/** The caller's own job: another member's export is as unknown as a missing one. */
export async function getExport(caller: TOrgScope, id: string): Promise<TExportJobDto> {
  const row = await db.exportJob.findFirst({ where: { ...byIdInOrg(caller, id), requestedById: caller.userId }, select: jobSelect });
  if (!row) throw notFound("export");
  return toJobDto(row);
}
