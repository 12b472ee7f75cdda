import "server-only";
import type { TPortfolioReportData, TThreatModelReportData } from "@/lib/core/exports/report-data";
import { createWorkerQueue } from "@/lib/server/worker-queue";

// One long-lived worker thread lays out PDFs, one at a time (lib/server/worker-queue.ts). Only
// plain report data crosses over; the worker reads no database.

type TRequest = { kind: "threat-model"; data: TThreatModelReportData } | { kind: "portfolio"; data: TPortfolioReportData };
type TReply = { id: number; stage: string; fraction: number } | { id: number; pdf: Uint8Array; pages: number } | { id: number; failure: string };

const TIMEOUT_MS = 120_000;

const renderInWorker = createWorkerQueue<TRequest, { pdf: Buffer; pages: number }, { stage: string; fraction: number }>({
  name: "PDF worker",
  entry: "lib/core/exports/pdf/render-worker.ts",
  // Layout makes a lot of short-lived garbage and keeps little: a small young generation and a
  // capped old one make V8 collect early instead of growing the heap. Peak RSS of the 200-threat
  // report: 457 MB without limits, ~370 MB with them (docs/PERFORMANCE.md); a report whose live
  // data outgrew 192 MB would fail as a job, not take the server down.
  resourceLimits: { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 192 },
  timeoutMs: TIMEOUT_MS,
  // Exports come in bursts; between them the worker's heap goes back to the system.
  idleMs: 30_000,
  timeoutError: () => new Error(`PDF rendering took longer than ${TIMEOUT_MS / 1000} s`),
  readReply: (message) => {
    const reply = message as TReply;
    if ("stage" in reply) return { progress: { stage: reply.stage, fraction: reply.fraction } };
    if ("pdf" in reply) return { result: { pdf: Buffer.from(reply.pdf.buffer, reply.pdf.byteOffset, reply.pdf.byteLength), pages: reply.pages } };
    return { error: new Error(`PDF rendering failed: ${reply.failure}`) };
  },
});

/** `orgId` is the fairness key: waiting renders take turns between organisations. */
export function renderPdfOffThread(request: TRequest, onProgress: (stage: string, fraction: number) => void = () => undefined, orgId?: string): Promise<{ pdf: Buffer; pages: number }> {
  return renderInWorker(request, (progress) => onProgress(progress.stage, progress.fraction), orgId);
}
