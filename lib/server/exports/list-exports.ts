import "server-only";
import { db } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";
import { jobSelect, toJobDto, type TExportJobDto } from "./export-job-dto";

export async function listExports(caller: TOrgScope): Promise<TExportJobDto[]> {
  const rows = await db.exportJob.findMany({ where: inOrg(caller, { requestedById: caller.userId, expiresAt: { gt: new Date() } }), select: jobSelect, orderBy: { createdAt: "desc" }, take: 20 });
  return rows.map((row) => toJobDto(row));
}
