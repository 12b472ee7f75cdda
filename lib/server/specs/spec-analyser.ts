import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { AppError, type AppErrorCode, type TFieldError } from "@/lib/api/app-error";
import { logger } from "@/lib/logger";
import type { TAnalyseStage, TSpecAnalysis } from "@/lib/specs/analyse-spec";
import { SpecError } from "@/lib/specs/spec-error";

// One long-lived worker thread analyses specs, one at a time (this is a 2-core class of
// machine; parallel lints would only fight each other). The worker loads the TypeScript sources
// through tsx, which the server itself runs under.

const WORKER_FILE = path.join(process.cwd(), "lib", "specs", "analyse-worker.ts");
const TIMEOUT_MS = 60_000;

type Job = {
  id: number;
  text: string;
  lint: boolean;
  onStage?: (stage: TAnalyseStage) => void;
  resolve: (analysis: TSpecAnalysis) => void;
  reject: (error: unknown) => void;
};

type Reply =
  | { id: number; stage: TAnalyseStage }
  | { id: number; analysis: Omit<TSpecAnalysis, "text"> }
  | { id: number; appError: { spec: boolean; code: AppErrorCode; message: string; fieldErrors?: TFieldError[] } }
  | { id: number; failure: string };

let worker: Worker | null = null;
let current: Job | null = null;
let timer: NodeJS.Timeout | undefined;
const queue: Job[] = [];
let nextId = 1;

// Registers tsx inside the worker, then loads the TypeScript entry.
const BOOTSTRAP = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(WORKER_FILE).href)}); });`;

function startWorker(): Worker {
  const created = new Worker(BOOTSTRAP, { eval: true });
  created.unref();
  created.on("message", (reply: Reply) => {
    const job = current;
    if (!job || reply.id !== job.id) return;
    if ("stage" in reply) {
      job.onStage?.(reply.stage);
      return;
    }
    finish();
    if ("analysis" in reply) job.resolve({ ...reply.analysis, text: job.text });
    else if ("appError" in reply) {
      const { spec, code, message, fieldErrors } = reply.appError;
      job.reject(spec ? SpecError.restore(message, fieldErrors) : new AppError(code, message, { fieldErrors }));
    }
    else job.reject(new Error(`spec analysis failed: ${reply.failure}`));
  });
  created.on("error", (error) => {
    logger.error("spec analysis worker failed", { error });
    abandonWorker(error);
  });
  created.on("exit", (code) => {
    if (worker === created) abandonWorker(new Error(`spec analysis worker exited with code ${code}`));
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
  // An idle worker must not keep the process alive (tests, scripts, shutdown).
  if (queue.length === 0) worker?.unref();
  setImmediate(runNext);
}

function runNext() {
  if (current || queue.length === 0) return;
  const job = queue.shift()!;
  current = job;
  worker ??= startWorker();
  worker.ref();
  timer = setTimeout(() => {
    logger.warn("spec analysis took too long; restarting the worker", { timeoutMs: TIMEOUT_MS });
    abandonWorker(new AppError("VALIDATION_FAILED", `The spec took longer than ${TIMEOUT_MS / 1000} s to analyse; it is too complex to import.`));
  }, TIMEOUT_MS);
  worker.postMessage({ id: job.id, text: job.text, lint: job.lint });
}

export function analyseSpecOffThread(text: string, options: { lint?: boolean; onStage?: (stage: TAnalyseStage) => void } = {}): Promise<TSpecAnalysis> {
  return new Promise((resolve, reject) => {
    queue.push({ id: nextId++, text, lint: options.lint !== false, onStage: options.onStage, resolve, reject });
    runNext();
  });
}
