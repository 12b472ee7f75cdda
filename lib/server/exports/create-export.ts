import "server-only";
import { AppError, notFound } from "@/lib/core/app-error";
import { can } from "@/lib/core/auth/permissions";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller } from "@/lib/server/scope";
import type { TCreateExport } from "@/lib/validation/exports";
import { jobSelect, STALE_MS, toJobDto, type TExportJobDto } from "./export-job-dto";
import { queueExport } from "./queue-export";

// Each member has at most MAX_UNFINISHED_PER_MEMBER jobs queued or running; finished files are
// kept for KEEP_FILES_MS.
const KEEP_FILES_MS = 24 * 60 * 60 * 1000;
const MAX_UNFINISHED_PER_MEMBER = 3;

/** Deletes finished files past their time, in every organisation: housekeeping, no data leaves. */
async function unsafeDeleteExpiredExports(now: Date): Promise<void> {
  await db.exportJob.deleteMany({ where: { expiresAt: { lt: now } } });
}

export async function createExport(caller: TCaller, request: TCreateExport, now = new Date()): Promise<TExportJobDto> {
  if (request.kind === "organization" && !can(caller.role, "org:export")) {
    throw new AppError("FORBIDDEN", `Your role (${caller.role.toLowerCase()}) does not allow exporting the whole organisation; ask an admin.`);
  }
  // A model of another organisation is not found now, not as a failed job later.
  if (request.kind === "threat-model-pdf" && !(await db.threatModel.findFirst({ where: byIdInOrg(caller, request.threatModelId), select: { id: true } }))) {
    throw notFound("threat model");
  }
  await unsafeDeleteExpiredExports(now);
  const format = request.kind === "threat-model-pdf" || request.kind === "portfolio-pdf" ? "pdf" : request.kind === "organization" ? "json" : request.format;
  const row = await db.$transaction(
    async (tx) => {
      // Count and insert under a lock of this member's (released at commit): concurrent requests
      // take turns here, so each one counts the jobs the others inserted. Without it, 100
      // concurrent requests all counted 0 and were all accepted.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`bulwark:export-limit:${caller.orgId}:${caller.userId}`}, 0))`;
      const unfinished = await tx.exportJob.count({
        where: inOrg(caller, { requestedById: caller.userId, status: { in: ["QUEUED" as const, "RUNNING" as const] }, heartbeatAt: { gte: new Date(now.getTime() - STALE_MS) } }),
      });
      if (unfinished >= MAX_UNFINISHED_PER_MEMBER) {
        throw new AppError("RATE_LIMITED", `You have ${unfinished} exports in progress. Wait for one to finish, then ask again.`, { retryAfterSeconds: 10 });
      }
      const created = await tx.exportJob.create({
        data: { orgId: caller.orgId, requestedById: caller.userId, kind: request.kind, format, params: request as Prisma.InputJsonValue, expiresAt: new Date(now.getTime() + KEEP_FILES_MS), heartbeatAt: now },
        select: jobSelect,
      });
      // Data leaving the building is worth a line in the audit log, the whole organisation above all.
      await recordAuditEventBy(caller, { action: "report.exported", targetType: "export", targetId: created.id, metadata: { kind: request.kind, format } }, tx);
      return created;
    },
    // Waiting for the lock counts towards the timeout: a burst of one member's requests queues
    // here one short transaction after another.
    { maxWait: 5_000, timeout: 10_000 },
  );
  queueExport({ orgId: caller.orgId, userId: caller.userId }, row.id);
  return toJobDto(row, now);
}
