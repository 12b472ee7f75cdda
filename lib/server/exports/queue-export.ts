import "server-only";
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { logger } from "@/lib/logger";
import type { TCreateExport } from "@/lib/validation/exports";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";
import { createFairQueue } from "@/lib/server/fair-queue";
import { renderExport, type TOnProgress } from "./render-export";

// Reports and exports run in the background, one at a time per app process (a 2-core class of
// machine: two PDFs at once would only slow each other down), taking turns between organisations
// so one organisation's burst delays another's export by one job, not by the burst. Each member
// has at most MAX_UNFINISHED_PER_MEMBER jobs queued or running. The request answers 202 with a job;
// the job row carries status, progress and, when ready, the file, so the browser can poll any
// instance and download from any instance. A process that dies mid-job stops its heartbeat, and
// the job then reads as failed instead of "running" forever.

const gzipAsync = promisify(gzip);
const HEARTBEAT_MS = 10_000;
const PROGRESS_WRITE_MS = 400;

// ---- the queue (this process) ------------------------------------------------------------

// One lane per organisation, served round-robin (lib/server/fair-queue.ts).
const queue = createFairQueue<{ id: string; caller: TOrgScope }>();
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

/** Runs the caller's job in this process, after the jobs already waiting (taking turns between organisations). */
export function queueExport(caller: TOrgScope, id: string): void {
  queue.push({ id, caller }, caller.orgId);
  heartbeat ??= setInterval(unsafeBeatQueuedExports, HEARTBEAT_MS);
  heartbeat.unref();
  setImmediate(runNext);
}

async function runNext(): Promise<void> {
  const job = running ? undefined : queue.shift();
  if (!job) return;
  running = job.id;
  try {
    await runJob(job.id, job.caller);
  } finally {
    running = null;
    setImmediate(runNext);
  }
}

/** For tests and the benchmark: resolves when this process has no export queued or running, of any organisation. */
export async function unsafeWaitForExports(): Promise<void> {
  while (running || queue.size) await new Promise((resolve) => setTimeout(resolve, 20));
}

async function runJob(id: string, caller: TOrgScope): Promise<void> {
  const claimed = await db.exportJob.updateMany({ where: { ...byIdInOrg(caller, id), status: "QUEUED" }, data: { status: "RUNNING", startedAt: new Date(), heartbeatAt: new Date(), stage: "Starting" } });
  if (claimed.count === 0) return;
  const row = await db.exportJob.findUniqueOrThrow({ where: byIdInOrg(caller, id), select: { params: true } });
  let lastWrite = 0;
  const onProgress: TOnProgress = (stage, fraction) => {
    const at = Date.now();
    if (at - lastWrite < PROGRESS_WRITE_MS) return;
    lastWrite = at;
    void db.exportJob
      .updateMany({ where: { ...byIdInOrg(caller, id), status: "RUNNING" }, data: { stage: stage.slice(0, 120), progress: Math.max(1, Math.min(99, Math.round(fraction * 100))), heartbeatAt: new Date() } })
      .catch((error: unknown) => logger.warn("export progress write failed", { error }));
  };
  try {
    // Validated by ZCreateExport when the job was created, and stored in its parsed form.
    const file = await renderExport(caller, row.params as TCreateExport, onProgress);
    await db.exportJob.update({
      where: byIdInOrg(caller, id),
      data: { status: "READY", progress: 100, stage: "Ready", fileName: file.fileName, contentType: file.contentType, byteSize: file.content.length, content: new Uint8Array(await gzipAsync(file.content)), finishedAt: new Date() },
    });
  } catch (error) {
    const message = error instanceof AppError ? error.message : `The export could not be produced. Reference: ${id}.`;
    if (!(error instanceof AppError)) logger.error("export failed", { jobId: id, error });
    await db.exportJob.update({ where: byIdInOrg(caller, id), data: { status: "FAILED", stage: "Failed", error: message, finishedAt: new Date() } });
  }
}
