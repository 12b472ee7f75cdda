// Runs in a worker thread (see lib/server/exports/pdf-renderer.ts): laying out a long report
// keeps a CPU busy for up to a second or two, which must not stall every other request on the
// server's event loop.
import { parentPort } from "node:worker_threads";
import type { TPortfolioReportData, TThreatModelReportData } from "@/lib/core/exports/report-data";
import { renderPortfolioPdf } from "./portfolio-pdf";
import { renderThreatModelPdf } from "./threat-model-pdf";

type Request = { id: number } & ({ kind: "threat-model"; data: TThreatModelReportData } | { kind: "portfolio"; data: TPortfolioReportData });

parentPort?.on("message", async (request: Request) => {
  const { id } = request;
  const onProgress = (stage: string, fraction: number) => parentPort?.postMessage({ id, stage, fraction });
  try {
    const { pdf, pages } = request.kind === "threat-model" ? await renderThreatModelPdf(request.data, onProgress) : await renderPortfolioPdf(request.data, onProgress);
    // Handed over, not copied: the bytes move to the main thread.
    const bytes = new Uint8Array(pdf);
    parentPort?.postMessage({ id, pdf: bytes, pages }, [bytes.buffer]);
  } catch (error) {
    parentPort?.postMessage({ id, failure: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});
