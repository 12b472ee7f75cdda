// The threat model report as HTML printed by Chromium (Debian's /usr/bin/chromium through
// playwright-core): the candidate renderer the benchmark compares with pdfkit. Same content as
// lib/core/exports/pdf/threat-model-pdf.ts (cover, contents, facts, risk matrix, threats by severity,
// mitigations, open items, checklist appendix), with `thead` rows that Chromium repeats on every
// page and "Page n of m" in the print footer. Not used by the app: kept to re-run the comparison.
//
// Safety as the app would need it: every piece of user text is HTML-escaped, the page runs with
// JavaScript disabled, a CSP allows no loads at all, and every request is aborted.
import { existsSync } from "node:fs";
import { chromium, type Browser } from "@playwright/test";
import type { TThreatModelReportData } from "@/lib/core/exports/report-data";
import { formatDate, humanise, label, personName, SEVERITY_ORDER_DESC, STATUS_LABEL } from "@/lib/core/exports/pdf/labels";

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

function table(headers: string[], rows: string[][]): string {
  return `<table><thead><tr>${headers.map((header) => `<th>${escape(header)}</th>`).join("")}</tr></thead><tbody>${rows.map((row) => `<tr>${row.map((cell) => `<td>${escape(cell)}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

export function threatModelHtml(data: TThreatModelReportData): string {
  const { model, api } = data;
  const threats = [...data.threats].sort((a, b) => SEVERITY_ORDER_DESC.indexOf(a.severity) - SEVERITY_ORDER_DESC.indexOf(b.severity) || b.score - a.score);
  const ref = new Map(threats.map((threat, index) => [threat.id, `T${index + 1}`]));
  const mitigationRef = new Map(data.mitigations.map((mitigation, index) => [mitigation.id, `M${index + 1}`]));
  const heat = Array.from({ length: 25 }, () => 0);
  for (const threat of threats) if (threat.status === "OPEN") heat[(threat.likelihood - 1) * 5 + (threat.impact - 1)]!++;
  const sections = ["1. Summary", "2. Scope and assumptions", "3. API facts", "4. Risk matrix", "5. Threats by severity", "6. Mitigations", "7. Open items", "Appendix A. Checklist answers"];
  return `<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escape(`${api.name}: ${model.title}`)}</title>
<style>
  @page { size: A4; margin: 22mm 17mm 20mm; }
  body { font-family: sans-serif; font-size: 9pt; color: #1e293b; }
  h1 { font-size: 16pt; border-bottom: 1px solid #1c3fae; page-break-after: avoid; }
  h2 { font-size: 12pt; page-break-after: avoid; }
  table { width: 100%; border-collapse: collapse; margin: 6pt 0 12pt; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; }
  th { background: #e2e8f0; text-align: left; padding: 3pt; }
  td { border-bottom: 0.5pt solid #cbd5e1; padding: 3pt; vertical-align: top; }
  .cover { page-break-after: always; }
  .banner { background: #991b1b; color: white; text-align: center; font-weight: bold; padding: 6pt; }
  .matrix td { width: 40pt; height: 32pt; text-align: center; }
  .contents { page-break-after: always; }
</style></head><body>
<section class="cover"><div class="banner">CONFIDENTIAL</div><p>${escape(data.org.name)} · Threat model report</p><h1>${escape(api.name)}</h1><p>${escape(`${model.title} v${model.modelVersion}`)}</p>
${table(["", ""], [["Status", STATUS_LABEL.model[model.status]], ["Approved by", personName(model.approvedBy)], ["Report date", formatDate(data.generatedAt, true)]])}</section>
<section class="contents"><h1>Contents</h1><ol>${sections.map((section) => `<li>${escape(section)}</li>`).join("")}</ol></section>
<h1>1. Summary</h1><p>${threats.length} threats, ${data.mitigations.length} mitigations.</p>
<h1>2. Scope and assumptions</h1><p>${escape(model.scope)}</p><p>${escape(model.assumptions)}</p>
<h1>3. API facts</h1>${table(["Fact", "Value"], [["Exposure", label(api.exposure)], ["Classification", label(api.dataClassification)], ["Authentication", api.authSchemes.map(humanise).join(", ")], ["Operations", String(api.operations)]])}
<h1>4. Risk matrix</h1><table class="matrix"><tbody>${[5, 4, 3, 2, 1].map((likelihood) => `<tr>${[1, 2, 3, 4, 5].map((impact) => `<td>${heat[(likelihood - 1) * 5 + impact - 1]}</td>`).join("")}</tr>`).join("")}</tbody></table>
<h1>5. Threats by severity</h1>${table(
    ["Ref", "Threat", "Category", "L×I", "Status", "Mitigations"],
    threats.map((threat) => [ref.get(threat.id)!, threat.title, [threat.owaspApiId, humanise(threat.category)].filter(Boolean).join(" · "), `${threat.likelihood}×${threat.impact}=${threat.score}`, STATUS_LABEL.threat[threat.status], threat.mitigationIds.map((id) => mitigationRef.get(id)).join(", ")]),
  )}
${table(["Ref", "Description", "Operations"], threats.map((threat) => [ref.get(threat.id)!, threat.description, threat.operations.map((operation) => operation.label).join("\n")]))}
<h1>6. Mitigations</h1>${table(
    ["Ref", "Mitigation", "Threats", "Owner", "Due", "Status"],
    data.mitigations.map((mitigation) => [mitigationRef.get(mitigation.id)!, mitigation.title, mitigation.threatIds.map((id) => ref.get(id)).join(", "), personName(mitigation.assignee, "Unassigned"), formatDate(mitigation.dueDate), STATUS_LABEL.mitigation[mitigation.status]]),
  )}
<h1>7. Open items</h1>${table(["What", "Item"], threats.filter((threat) => threat.status === "OPEN" && !threat.mitigationIds.length).map((threat) => ["Open threat without a mitigation", threat.title]))}
<h1>Appendix A. Checklist answers</h1>${table(["Category", "Question", "Answer", "Note"], data.answers.map((answer) => [humanise(answer.category), answer.title, answer.answer ? label(answer.answer) : "Not answered", answer.note]))}
</body></html>`;
}

const SYSTEM_CHROMIUM = "/usr/bin/chromium";

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: existsSync(SYSTEM_CHROMIUM) ? SYSTEM_CHROMIUM : undefined,
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
  });
}

export async function renderWithChromium(browser: Browser, html: string, footer: string): Promise<Buffer> {
  const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
  try {
    const page = await context.newPage();
    await page.route("**/*", (route) => route.abort());
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      headerTemplate: "<span></span>",
      footerTemplate: `<div style="font-size:7pt;width:100%;padding:0 17mm;display:flex;justify-content:space-between"><span>${escape(footer)}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
      margin: { top: "22mm", bottom: "20mm", left: "17mm", right: "17mm" },
    });
  } finally {
    await context.close();
  }
}
