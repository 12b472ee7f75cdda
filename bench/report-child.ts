// One renderer in its own process, so its peak memory is its own: loads the report data the way
// the export job does (lib/server/exports, org-scoped) and renders it `runs` times; pdfkit runs
// in the app's PDF worker thread, as in the app.
// Started by bench/reports.ts with `node --conditions=react-server --import tsx` (server-only
// modules load outside Next that way). Prints one JSON line.
import { readFileSync } from "node:fs";
import { renderPdfOffThread } from "@/lib/server/exports/pdf-renderer";
import { loadPortfolioReport } from "@/lib/server/exports/load-portfolio-report";
import { loadThreatModelReport } from "@/lib/server/exports/load-threat-model-report";
import { ZPortfolioFilters } from "@/lib/validation/portfolio";
import { launchChromium, renderWithChromium, threatModelHtml } from "./renderers/chromium-report";

const [renderer, report, orgId, userId, modelId, runsText] = process.argv.slice(2) as [string, string, string, string, string, string];
const runs = Number(runsText);
const scope = { orgId, userId };

/** Peak resident memory of a process (kB → MB), from the kernel's own high-water mark. */
function peakMb(pid: number): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : 0;
  } catch {
    return 0;
  }
}

function descendants(pid: number): number[] {
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
    return children.flatMap((child) => [child, ...descendants(child)]);
  } catch {
    return [];
  }
}

// What the process holds before any report: Node, tsx, Prisma and the report modules loaded.
const baselineMb = process.resourceUsage().maxRSS / 1024;
const timings: { loadMs: number; renderMs: number; totalMs: number; pages: number; bytes: number }[] = [];
let browserPeakMb = 0;
let launchMs = 0;
const browser = renderer === "chromium" ? await (async () => {
  const started = performance.now();
  const launched = await launchChromium();
  launchMs = performance.now() - started;
  return launched;
})() : null;

for (let run = 0; run < runs; run++) {
  const started = performance.now();
  if (report === "threat-model") {
    const data = await loadThreatModelReport(scope, modelId);
    const loaded = performance.now();
    let pdf: Buffer;
    let pages: number;
    if (browser) {
      pdf = await renderWithChromium(browser, threatModelHtml(data), `${data.api.name}: ${data.model.title}`);
      pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    } else {
      ({ pdf, pages } = await renderPdfOffThread({ kind: "threat-model", data }));
    }
    const done = performance.now();
    timings.push({ loadMs: loaded - started, renderMs: done - loaded, totalMs: done - started, pages, bytes: pdf.length });
  } else {
    const data = await loadPortfolioReport(scope, ZPortfolioFilters.parse({}));
    const loaded = performance.now();
    const { pdf, pages } = await renderPdfOffThread({ kind: "portfolio", data });
    const done = performance.now();
    timings.push({ loadMs: loaded - started, renderMs: done - loaded, totalMs: done - started, pages, bytes: pdf.length });
  }
  // Chromium's own processes (browser, renderer, GPU/utility): the sum of their peaks is an upper
  // bound of what they held at once (shared pages are counted once per process).
  if (browser) browserPeakMb = Math.max(browserPeakMb, descendants(process.pid).reduce((sum, pid) => sum + peakMb(pid), 0));
}
await browser?.close();
const nodePeakMb = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ renderer, report, runs: timings, launchMs, baselineMb, nodePeakMb, browserPeakMb, peakMb: nodePeakMb + browserPeakMb }));
process.exit(0);
