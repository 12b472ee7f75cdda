import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { logger } from "@/lib/logger";
import type { TPortfolioReportData, TThreatModelReportData } from "@/lib/reports/report-data";

// One long-lived worker thread lays out PDFs, one at a time (the spec analyser's pattern, see
// lib/server/specs/spec-analyser.ts). The worker loads the TypeScript sources through tsx, which
// the server itself runs under. Only plain report data crosses over; the worker reads no database.

const WORKER_FILE = path.join(process.cwd(), "lib", "reports", "pdf", "render-worker.ts");
const TIMEOUT_MS = 120_000;
const BOOTSTRAP = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(WORKER_FILE).href)}); });`;

type TRequest = { kind: "threat-model"; data: TThreatModelReportData } | { kind: "portfolio"; data: TPortfolioReportData };
type Job = { id: number; request: TRequest; onProgress: (stage: string, fraction: number) => void; resolve: (result: { pdf: Buffer; pages: number }) => void; reject: (error: unknown) => void };
type Reply = { id: number; stage: string; fraction: number } | { id: number; pdf: Uint8Array; pages: number } | { id: number; failure: string };

let worker: Worker | null = null;
let current: Job | null = null;
let timer: NodeJS.Timeout | undefined;
const queue: Job[] = [];
let nextId = 1;

function startWorker(): Worker {
  // Layout makes a lot of short-lived garbage and keeps little: a small young generation and a
  // capped old one make V8 collect early instead of growing the heap. Peak RSS of the 200-threat
  // report: 457 MB without limits, ~370 MB with them (docs/PERFORMANCE.md); a report whose live
  // data outgrew 192 MB would fail as a job, not take the server down.
  const created = new Worker(BOOTSTRAP, { eval: true, resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 192 } });
  created.unref();
  created.on("message", (reply: Reply) => {
    const job = current;
    if (!job || reply.id !== job.id) return;
    if ("stage" in reply) return job.onProgress(reply.stage, reply.fraction);
    finish();
    if ("pdf" in reply) job.resolve({ pdf: Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength), pages: reply.pages });
    else job.reject(new Error(`PDF rendering failed: ${reply.failure}`));
  });
  created.on("error", (error) => {
    logger.error("PDF worker failed", { error });
    abandonWorker(error);
  });
  created.on("exit", (code) => {
    if (worker === created) abandonWorker(new Error(`PDF worker exited with code ${code}`));
  });
  return created;
}

function abandonWorker(error: unknown) {
  const failed = worker;
  worker = null;
  void failed?.terminate();
  const job = current;
  finish();
  job?.reject(error);
}

function finish() {
  clearTimeout(timer);
  current = null;
  if (queue.length === 0) worker?.unref();
  setImmediate(runNext);
}

function runNext() {
  if (current || queue.length === 0) return;
  const job = queue.shift()!;
  current = job;
  worker ??= startWorker();
  worker.ref();
  timer = setTimeout(() => abandonWorker(new Error(`PDF rendering took longer than ${TIMEOUT_MS / 1000} s`)), TIMEOUT_MS);
  worker.postMessage({ id: job.id, ...job.request });
}

export function renderPdfOffThread(request: TRequest, onProgress: (stage: string, fraction: number) => void = () => undefined): Promise<{ pdf: Buffer; pages: number }> {
  return new Promise((resolve, reject) => {
    queue.push({ id: nextId++, request, onProgress, resolve, reject });
    runNext();
  });
}
