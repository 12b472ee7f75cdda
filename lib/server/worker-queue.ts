import "server-only";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { logger } from "@/lib/logger";
import { createFairQueue } from "./fair-queue";

// One worker thread (long-lived, or ended after `idleMs` without work) that takes one job at a
// time, for CPU-heavy work (spec analysis, PDF layout) that must not stall the server's event loop. One at a time because this is a
// 2-core class of machine: parallel jobs would only fight each other and the requests. The worker
// loads its TypeScript entry through tsx, which the server itself runs under. A worker that
// fails, exits or overruns the timeout is dropped (its job rejected); the next job starts a new one.
// A job may name a fairness key (its organisation): waiting jobs are then served round-robin
// across keys (lib/server/fair-queue.ts), so one tenant's burst does not hold up another's job.

/** What one reply from the worker means for the job it answers. */
export type TWorkerReplyMeaning<TResult, TProgress> = { progress: TProgress } | { result: TResult } | { error: unknown };

type TJob<TRequest, TResult, TProgress> = {
  id: number;
  request: TRequest;
  onProgress: (progress: TProgress) => void;
  resolve: (result: TResult) => void;
  reject: (error: unknown) => void;
};

export function createWorkerQueue<TRequest extends object, TResult, TProgress>(options: {
  /** For logs and error messages, e.g. "PDF worker". */
  name: string;
  /** The worker's entry, relative to the project root. */
  entry: string;
  resourceLimits?: ResourceLimits;
  timeoutMs: number;
  /**
   * Ends the worker once it has been idle this long. A worker's heap only grows (V8 keeps what a big
   * job made it reserve), so ending it is how the memory goes back; the next job pays a cold start.
   */
  idleMs?: number;
  /** The error a job that overran the timeout is rejected with. */
  timeoutError: () => unknown;
  /** Reads a reply (already matched to the running job by its id). */
  readReply: (reply: { id: number } & Record<string, unknown>, request: TRequest) => TWorkerReplyMeaning<TResult, TProgress>;
}) {
  // Registers tsx inside the worker, then loads the TypeScript entry.
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(pathToFileURL(path.join(process.cwd(), options.entry)).href)}); });`;
  let worker: Worker | null = null;
  let current: TJob<TRequest, TResult, TProgress> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let idleTimer: NodeJS.Timeout | undefined;
  const queue = createFairQueue<TJob<TRequest, TResult, TProgress>>();
  let nextId = 1;

  function startWorker(): Worker {
    const created = new Worker(bootstrap, { eval: true, resourceLimits: options.resourceLimits });
    created.unref();
    created.on("message", (reply: { id: number } & Record<string, unknown>) => {
      const job = current;
      if (!job || reply.id !== job.id) return;
      const meaning = options.readReply(reply, job.request);
      if ("progress" in meaning) return job.onProgress(meaning.progress);
      finish();
      if ("result" in meaning) job.resolve(meaning.result);
      else job.reject(meaning.error);
    });
    created.on("error", (error) => {
      logger.error(`${options.name} failed`, { error });
      abandonWorker(error);
    });
    created.on("exit", (code) => {
      if (worker === created) abandonWorker(new Error(`${options.name} exited with code ${code}`));
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
    if (queue.size === 0) {
      worker?.unref();
      if (options.idleMs !== undefined && worker) {
        const idle = worker;
        idleTimer = setTimeout(() => {
          if (worker !== idle || current) return;
          worker = null;
          void idle.terminate();
        }, options.idleMs);
        idleTimer.unref();
      }
    }
    setImmediate(runNext);
  }

  function runNext() {
    if (current || queue.size === 0) return;
    const job = queue.shift()!;
    current = job;
    clearTimeout(idleTimer);
    worker ??= startWorker();
    worker.ref();
    timer = setTimeout(() => {
      logger.warn(`${options.name} took too long; restarting it`, { timeoutMs: options.timeoutMs });
      abandonWorker(options.timeoutError());
    }, options.timeoutMs);
    worker.postMessage({ id: job.id, ...job.request });
  }

  /** Queues a job (in its fairness key's lane, if it has one); resolves with its result once the worker has done it. */
  return function run(request: TRequest, onProgress: (progress: TProgress) => void = () => undefined, fairnessKey?: string): Promise<TResult> {
    return new Promise((resolve, reject) => {
      queue.push({ id: nextId++, request, onProgress, resolve, reject }, fairnessKey);
      runNext();
    });
  };
}
