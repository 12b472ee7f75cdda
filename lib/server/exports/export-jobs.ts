import "server-only";
import { Readable } from "node:stream";
import { promisify } from "node:util";
import { createGunzip, gzip } from "node:zlib";
import { AppError, notFound } from "@/lib/core/app-error";
import { can } from "@/lib/core/auth/permissions";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { logger } from "@/lib/logger";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { buildFileName } from "@/lib/core/exports/content-disposition";
import type { TCaller, TOrgScope } from "@/lib/server/scope";
import { byIdInOrg } from "@/lib/server/scope";
import type { TCreateExport } from "@/lib/validation/exports";
import { ZPortfolioFilters } from "@/lib/validation/portfolio";
import { createFairQueue } from "@/lib/server/fair-queue";
import { exportOrganization } from "./organization-transfer";
import { renderPdfOffThread } from "./pdf-renderer";
import { loadPortfolioReport, loadThreatModelReport } from "./load-report-data";
import { exportTable } from "./tabular-exports";

// Reports and exports run in the background, one at a time per app process (a 2-core class of
// machine: two PDFs at once would only slow each other down), taking turns between organisations
// so one organisation's burst delays another's export by one job, not by the burst. Each member
// has at most MAX_UNFINISHED_PER_MEMBER jobs queued or running. The request answers 202 with a job;
// the job row carries status, progress and, when ready, the file, so the browser can poll any
// instance and download from any instance. A process that dies mid-job stops its heartbeat, and
// the job then reads as failed instead of "running" forever.

const gzipAsync = promisify(gzip);
const KEEP_FILES_MS = 24 * 60 * 60 * 1000;
const HEARTBEAT_MS = 10_000;
const STALE_MS = 60_000;
const MAX_UNFINISHED_PER_MEMBER = 3;
const PROGRESS_WRITE_MS = 400;

const jobSelect = {
  id: true,
  kind: true,
  format: true,
  status: true,
  progress: true,
  stage: true,
  fileName: true,
  byteSize: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  heartbeatAt: true,
  expiresAt: true,
} satisfies Prisma.ExportJobSelect;

type TJobRow = Prisma.ExportJobGetPayload<{ select: typeof jobSelect }>;

function toJobDto(row: TJobRow, now = new Date()) {
  const { heartbeatAt, ...rest } = row;
  const lost = (row.status === "QUEUED" || row.status === "RUNNING") && now.getTime() - heartbeatAt.getTime() > STALE_MS;
  const dto = lost ? { ...rest, status: "FAILED" as const, error: "The server restarted before this export finished. Ask for it again." } : rest;
  return { ...dto, downloadUrl: dto.status === "READY" ? `/api/v1/exports/${row.id}/file` : null };
}
export type TExportJobDto = ReturnType<typeof toJobDto>;

// ---- the queue (this process) ------------------------------------------------------------

// One lane per organisation, served round-robin (lib/server/fair-queue.ts).
const queue = createFairQueue<{ id: string; scope: TOrgScope }>();
let running: string | null = null;
let heartbeat: NodeJS.Timeout | undefined;

/** Keeps this process's jobs, of every organisation, from reading as lost: housekeeping by id, no data leaves. */
function unsafeBeatQueuedExports() {
  const ids = [...(running ? [running] : []), ...queue.values().map((job) => job.id)];
  if (!ids.length) {
    clearInterval(heartbeat);
    heartbeat = undefined;
    return;
  }
  void db.exportJob.updateMany({ where: { id: { in: ids } }, data: { heartbeatAt: new Date() } }).catch((error: unknown) => logger.warn("export heartbeat failed", { error }));
}

function enqueue(job: { id: string; scope: TOrgScope }) {
  queue.push(job, job.scope.orgId);
  heartbeat ??= setInterval(unsafeBeatQueuedExports, HEARTBEAT_MS);
  heartbeat.unref();
  setImmediate(runNext);
}

async function runNext(): Promise<void> {
  const job = running ? undefined : queue.shift();
  if (!job) return;
  running = job.id;
  try {
    await runJob(job.id, job.scope);
  } finally {
    running = null;
    setImmediate(runNext);
  }
}

/** For tests and the benchmark: resolves when this process has no export queued or running. */
export async function waitForExports(): Promise<void> {
  while (running || queue.size) await new Promise((resolve) => setTimeout(resolve, 20));
}

export type TProducedFile = { fileName: string; contentType: string; content: Buffer };
type TOnProgress = (stage: string, fraction: number) => void;

const today = (now: Date) => now.toISOString().slice(0, 10);

/** Renders one export. Every read is scoped to the organisation that asked. */
export async function produceExport(scope: TOrgScope, request: TCreateExport, onProgress: TOnProgress = () => undefined, now = new Date()): Promise<TProducedFile> {
  switch (request.kind) {
    case "threat-model-pdf": {
      onProgress("Reading the model", 0.02);
      const data = await loadThreatModelReport(scope, request.threatModelId, now);
      const { pdf } = await renderPdfOffThread({ kind: "threat-model", data }, (stage, fraction) => onProgress(stage, 0.1 + fraction * 0.9), scope.orgId);
      return { fileName: buildFileName([data.org.slug, data.api.name, `threat-model-v${data.model.modelVersion}`, today(now)], "pdf"), contentType: "application/pdf", content: pdf };
    }
    case "portfolio-pdf": {
      onProgress("Reading the portfolio", 0.02);
      const data = await loadPortfolioReport(scope, request.filters ?? ZPortfolioFilters.parse({}), now);
      const { pdf } = await renderPdfOffThread({ kind: "portfolio", data }, (stage, fraction) => onProgress(stage, 0.3 + fraction * 0.7), scope.orgId);
      return { fileName: buildFileName([data.org.slug, "portfolio", today(now)], "pdf"), contentType: "application/pdf", content: pdf };
    }
    case "inventory":
    case "threats":
    case "mitigations": {
      const org = await db.organization.findUniqueOrThrow({ where: { id: scope.orgId }, select: { slug: true } });
      const { content } = await exportTable(scope, { kind: request.kind, format: request.format, models: request.kind === "threats" ? request.models : undefined }, onProgress, now);
      return {
        fileName: buildFileName([org.slug, request.kind, today(now)], request.format),
        contentType: request.format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
        content,
      };
    }
    case "organization": {
      const document = await exportOrganization(scope, onProgress, now);
      return { fileName: buildFileName([document.organization.slug, "organization-export", today(now)], "json"), contentType: "application/json; charset=utf-8", content: Buffer.from(JSON.stringify(document), "utf8") };
    }
  }
}

async function runJob(id: string, scope: TOrgScope): Promise<void> {
  const claimed = await db.exportJob.updateMany({ where: { ...byIdInOrg(scope, id), status: "QUEUED" }, data: { status: "RUNNING", startedAt: new Date(), heartbeatAt: new Date(), stage: "Starting" } });
  if (claimed.count === 0) return;
  const row = await db.exportJob.findUniqueOrThrow({ where: byIdInOrg(scope, id), select: { params: true } });
  let lastWrite = 0;
  const onProgress: TOnProgress = (stage, fraction) => {
    const at = Date.now();
    if (at - lastWrite < PROGRESS_WRITE_MS) return;
    lastWrite = at;
    void db.exportJob
      .updateMany({ where: { ...byIdInOrg(scope, id), status: "RUNNING" }, data: { stage: stage.slice(0, 120), progress: Math.max(1, Math.min(99, Math.round(fraction * 100))), heartbeatAt: new Date() } })
      .catch((error: unknown) => logger.warn("export progress write failed", { error }));
  };
  try {
    // Validated by ZCreateExport when the job was created, and stored in its parsed form.
    const file = await produceExport(scope, row.params as TCreateExport, onProgress);
    await db.exportJob.update({
      where: byIdInOrg(scope, id),
      data: { status: "READY", progress: 100, stage: "Ready", fileName: file.fileName, contentType: file.contentType, byteSize: file.content.length, content: new Uint8Array(await gzipAsync(file.content)), finishedAt: new Date() },
    });
  } catch (error) {
    const message = error instanceof AppError ? error.message : `The export could not be produced. Reference: ${id}.`;
    if (!(error instanceof AppError)) logger.error("export failed", { jobId: id, error });
    await db.exportJob.update({ where: byIdInOrg(scope, id), data: { status: "FAILED", stage: "Failed", error: message, finishedAt: new Date() } });
  }
}

// ---- what route handlers call ------------------------------------------------------------

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
        where: { orgId: caller.orgId, requestedById: caller.userId, status: { in: ["QUEUED", "RUNNING"] }, heartbeatAt: { gte: new Date(now.getTime() - STALE_MS) } },
      });
      if (unfinished >= MAX_UNFINISHED_PER_MEMBER) {
        throw new AppError("RATE_LIMITED", `You have ${unfinished} exports in progress. Wait for one to finish, then ask again.`, { retryAfterSeconds: 10 });
      }
      const created = await tx.exportJob.create({
        data: { orgId: caller.orgId, requestedById: caller.userId, kind: request.kind, format, params: request as Prisma.InputJsonValue, expiresAt: new Date(now.getTime() + KEEP_FILES_MS), heartbeatAt: now },
        select: jobSelect,
      });
      // Data leaving the building is worth a line in the audit log, the whole organisation above all.
      await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "report.exported", targetType: "export", targetId: created.id, ip: caller.ip, userAgent: caller.userAgent, metadata: { kind: request.kind, format } }, tx);
      return created;
    },
    // Waiting for the lock counts towards the timeout: a burst of one member's requests queues
    // here one short transaction after another.
    { maxWait: 5_000, timeout: 10_000 },
  );
  enqueue({ id: row.id, scope: { orgId: caller.orgId, userId: caller.userId } });
  return toJobDto(row, now);
}

/** The caller's own job: another member's export is as unknown as a missing one. */
export async function getExport(scope: TOrgScope, id: string): Promise<TExportJobDto> {
  const row = await db.exportJob.findFirst({ where: { id, orgId: scope.orgId, requestedById: scope.userId }, select: jobSelect });
  if (!row) throw notFound("export");
  return toJobDto(row);
}

export async function listExports(scope: TOrgScope): Promise<TExportJobDto[]> {
  const rows = await db.exportJob.findMany({ where: { orgId: scope.orgId, requestedById: scope.userId, expiresAt: { gt: new Date() } }, select: jobSelect, orderBy: { createdAt: "desc" }, take: 20 });
  return rows.map((row) => toJobDto(row));
}

/**
 * The finished file, for the member who asked for it and is still a member of its
 * organisation (a download link carries no organisation header, so it is checked here).
 */
export async function openExportFile(userId: string, id: string): Promise<{ fileName: string; contentType: string; byteSize: number; body: ReadableStream<Uint8Array> }> {
  const row = await db.exportJob.findFirst({
    where: { id, requestedById: userId, status: "READY", expiresAt: { gt: new Date() }, org: { memberships: { some: { userId } } } },
    select: { fileName: true, contentType: true, byteSize: true, content: true },
  });
  if (!row?.content || !row.fileName || !row.contentType) throw notFound("export");
  const body = Readable.toWeb(Readable.from([Buffer.from(row.content)]).pipe(createGunzip())) as ReadableStream<Uint8Array>;
  return { fileName: row.fileName, contentType: row.contentType, byteSize: row.byteSize ?? 0, body };
}
