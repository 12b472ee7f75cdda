import "server-only";
import { AppError, type AppErrorCode, type TFieldError } from "@/lib/core/app-error";
import type { TAnalyseStage, TSpecAnalysis } from "@/lib/core/specs/analyse-spec";
import { SpecError } from "@/lib/core/specs/spec-error";
import { createWorkerQueue } from "@/lib/server/worker-queue";

// One long-lived worker thread analyses specs, one at a time (lib/server/worker-queue.ts).

type TReply =
  | { id: number; stage: TAnalyseStage }
  | { id: number; analysis: Omit<TSpecAnalysis, "text"> }
  | { id: number; appError: { spec: boolean; code: AppErrorCode; message: string; fieldErrors?: TFieldError[] } }
  | { id: number; failure: string };

const TIMEOUT_MS = 60_000;

const analyseInWorker = createWorkerQueue<{ text: string; lint: boolean }, TSpecAnalysis, TAnalyseStage>({
  name: "spec analysis worker",
  entry: "lib/core/specs/analyse-worker.ts",
  timeoutMs: TIMEOUT_MS,
  // Analysing a large spec leaves the worker's heap hundreds of MB larger; imports come in bursts.
  idleMs: 10_000,
  timeoutError: () => new AppError("VALIDATION_FAILED", `The spec took longer than ${TIMEOUT_MS / 1000} s to analyse; it is too complex to import.`),
  readReply: (message, request) => {
    const reply = message as TReply;
    if ("stage" in reply) return { progress: reply.stage };
    if ("analysis" in reply) return { result: { ...reply.analysis, text: request.text } };
    if ("appError" in reply) {
      const { spec, code, message: text, fieldErrors } = reply.appError;
      return { error: spec ? SpecError.restore(text, fieldErrors) : new AppError(code, text, { fieldErrors }) };
    }
    return { error: new Error(`spec analysis failed: ${reply.failure}`) };
  },
});

/** `orgId` is the fairness key: waiting analyses take turns between organisations. */
export function analyseSpecOffThread(
  text: string,
  options: { orgId: string; lint?: boolean; onStage?: (stage: TAnalyseStage) => void },
): Promise<TSpecAnalysis> {
  return analyseInWorker({ text, lint: options.lint !== false }, options.onStage, options.orgId);
}
