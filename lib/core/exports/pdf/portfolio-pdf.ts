import type { Severity } from "@/lib/generated/prisma/enums";
import type { TPortfolioReportData } from "@/lib/core/exports/report-data";
import { severityOf } from "@/lib/core/threats/risk";
import { COLOUR, PdfReport, SEVERITY_COLOUR, SEVERITY_FILL, type TCell } from "./pdf-report";
import { formatDate, label, SEVERITY_ORDER_DESC } from "./labels";
import type { TRenderProgress } from "./threat-model-pdf";

// The portfolio report for the people upstairs: the dashboard's figures and charts, the OWASP
// coverage matrix, overdue work by team and the top risks, for the filters the dashboard had.

const number = (value: number) => value.toLocaleString("en-GB");
const DAY = 86_400_000;

export async function renderPortfolioPdf(data: TPortfolioReportData, onProgress: TRenderProgress = () => undefined): Promise<{ pdf: Buffer; pages: number }> {
  const scopeText = data.filters.length ? data.filters.join(" · ") : "All APIs (retired ones excepted)";
  const report = new PdfReport({
    title: `${data.org.name}: API security portfolio`,
    runningHead: `${data.org.name} · Portfolio report · ${scopeText}`,
    author: data.generatedBy,
    subject: "API security portfolio",
    classification: "Confidential",
  });
  report.onPage = (pages) => onProgress(`Rendering page ${pages}`, Math.min(0.95, pages / 10));
  const { figures } = data;
  const openTotal = SEVERITY_ORDER_DESC.reduce((sum, severity) => sum + figures.open[severity], 0);
  const share = figures.apis ? Math.round((figures.freshlyModelled / figures.apis) * 100) : 0;

  report.cover({
    banner: "Confidential",
    kicker: `${data.org.name} · Portfolio report`,
    title: "API security portfolio",
    subtitle: scopeText,
    facts: [
      ["Organisation", data.org.name],
      ["APIs", number(figures.apis)],
      ["Open threats", number(openTotal)],
      ["Overdue mitigations", number(figures.overdueMitigations)],
      ["Report date", formatDate(data.generatedAt, true)],
      ["Prepared for", data.generatedBy],
    ],
    note: `Figures as of ${formatDate(data.generatedAt, true)} UTC, the same as Bulwark's dashboard showed with these filters. Share this report only with people who need it.`,
  });
  report.reserveContents();

  report.heading("1. Key figures");
  report.table(
    [
      { header: "Figure", width: 4 },
      { header: "Value", width: 1.4, align: "right" },
      { header: "What it means", width: 4.6 },
    ],
    [
      ["APIs in the inventory", number(figures.apis), "Retired APIs are not counted."],
      ["With a current threat model", `${share}%`, `${number(figures.freshlyModelled)} of ${number(figures.apis)} have a model approved in the last ${data.reviewIntervalDays} days.`],
      [{ text: "Internet-facing without a current model", bold: figures.internetWithoutModel > 0 }, number(figures.internetWithoutModel), "Exposed to anyone, and nobody has looked at them lately."],
      ...SEVERITY_ORDER_DESC.map((severity): TCell[] => [{ text: `Open ${label(severity).toLowerCase()} threats`, colour: SEVERITY_COLOUR[severity] }, number(figures.open[severity]), "In each API's current model."]),
      ["Overdue mitigations", number(figures.overdueMitigations), "Proposed, planned or in progress after their due date."],
      ["Models waiting for review", number(figures.reviewsWaiting), "Submitted and not yet approved."],
      ["Operations not yet modelled", number(figures.newOperations), "Added to an API after its model was approved."],
      ...figures.meanDaysToMitigate.map((entry): TCell[] => [`Mean days to mitigate, ${label(entry.severity).toLowerCase()}`, String(entry.meanDays), `${entry.count} verified in the last 90 days.`]),
    ],
    { zebra: true },
  );

  onProgress("Charts", 0.2);
  report.heading("2. Trend and concentration", 1, 290);
  report.trendChart(
    "Open threats per week (the last column is now)",
    data.trend.map((point) => ({ label: point.live ? "now" : new Date(`${point.week}T00:00:00Z`).toLocaleDateString("en-GB", { day: "numeric", month: "short", timeZone: "UTC" }), values: point.open })),
  );
  report.stackedBars(
    "Open threats by owning team",
    data.teams.slice(0, 15).map((team) => ({ label: team.team || "No team", values: team.open })),
  );
  report.heading("Risk matrix", 2, 330);
  report.riskMatrix(data.heat, (score) => severityOf(score, data.bands), { caption: "Open threats of every API's current model by likelihood and impact." });

  onProgress("Coverage", 0.4);
  report.heading("3. OWASP API Top 10 coverage");
  report.paragraph("How many APIs have each category assessed with nothing open, have open threats in it, or have not looked at it yet.", { colour: COLOUR.muted, size: 9 });
  report.table(
    [
      { header: "Category", width: 1.2 },
      { header: "Open threats", width: 1.4, align: "right" },
      { header: "Assessed, clean", width: 1.6, align: "right" },
      { header: "Not assessed", width: 1.4, align: "right" },
      { header: "Assessed share", width: 1.4, align: "right" },
    ],
    data.coverage.summary.map((row): TCell[] => [
      { text: row.category, bold: true },
      { text: number(row.open), colour: row.open ? SEVERITY_COLOUR.HIGH : undefined },
      number(row.clean),
      number(row.notAssessed),
      data.coverage.total ? `${Math.round(((row.open + row.clean) / data.coverage.total) * 100)}%` : "—",
    ]),
  );
  report.heading(`Coverage matrix: the ${data.coverage.rows.length} riskiest APIs`, 2);
  const cellText: Record<string, string> = { "not-assessed": "·", clean: "ok" };
  report.table(
    [{ header: "API", width: 3.2 }, ...data.coverage.summary.map((row) => ({ header: row.category, width: 0.72, align: "center" as const }))],
    data.coverage.rows.map((row): TCell[] => [
      row.name,
      ...row.cells.map((cell): TCell =>
        cell.state === "open" ? { text: label(cell.severity).slice(0, 4), fill: SEVERITY_FILL[cell.severity], bold: true } : { text: cellText[cell.state]!, colour: cell.state === "clean" ? SEVERITY_COLOUR.LOW : COLOUR.faint },
      ),
    ]),
    { fontSize: 7.5, zebra: false, emptyText: "No APIs match." },
  );
  report.paragraph("Cells: worst open severity in the category; ok = assessed with nothing open; · = not assessed.", { colour: COLOUR.muted, size: 8 });

  onProgress("Overdue work", 0.6);
  report.heading("4. Overdue work by team");
  report.paragraph(
    `${number(data.overdueItemsTotal)} mitigation${data.overdueItemsTotal === 1 ? " is" : "s are"} overdue on these APIs. A mitigation that answers threats of several teams' APIs counts for each of them.`,
    { colour: COLOUR.muted, size: 9 },
  );
  const now = Date.parse(data.generatedAt);
  report.table(
    [
      { header: "Team", width: 2.6 },
      { header: "Overdue", width: 1, align: "right" },
      { header: "Critical", width: 0.9, align: "right" },
      { header: "High", width: 0.8, align: "right" },
      { header: "Medium", width: 0.9, align: "right" },
      { header: "Low", width: 0.7, align: "right" },
      { header: "Unassigned", width: 1.1, align: "right" },
      { header: "Oldest due", width: 1.5 },
    ],
    data.overdueByTeam.map((row): TCell[] => [
      { text: row.team, bold: true },
      number(row.overdue.total),
      { text: number(row.overdue.CRITICAL), colour: row.overdue.CRITICAL ? SEVERITY_COLOUR.CRITICAL : undefined },
      number(row.overdue.HIGH),
      number(row.overdue.MEDIUM),
      number(row.overdue.LOW),
      number(row.unassigned),
      `${formatDate(row.oldestDueDate)} (${Math.floor((now - Date.parse(row.oldestDueDate)) / DAY)} d)`,
    ]),
    { emptyText: "Nothing is overdue." },
  );
  if (data.overdueItems.length) {
    report.heading(`Most overdue (${data.overdueItems.length} of ${number(data.overdueItemsTotal)})`, 2);
    report.table(
      [
        { header: "Mitigation", width: 3.6 },
        { header: "API", width: 2 },
        { header: "Team", width: 1.6 },
        { header: "Owner", width: 1.6 },
        { header: "Due", width: 1.3 },
      ],
      data.overdueItems.map((item): TCell[] => [
        item.title,
        item.api ?? "—",
        item.team ?? "—",
        item.assignee ?? "Unassigned",
        { text: formatDate(item.dueDate), colour: item.severity ? SEVERITY_COLOUR[item.severity] : undefined },
      ]),
    );
  }

  onProgress("Top risks", 0.8);
  report.heading("5. Top risks");
  report.heading("APIs carrying the most open risk", 2);
  const counts = (open: Record<Severity, number>) => SEVERITY_ORDER_DESC.map((severity) => `${open[severity]}${severity.charAt(0)}`).join(" ");
  report.table(
    [
      { header: "API", width: 3 },
      { header: "Team", width: 1.8 },
      { header: "Exposure", width: 1.3 },
      { header: "Open (C H M L)", width: 1.8 },
      { header: "Risk score", width: 1.1, align: "right" },
    ],
    data.topApis.map((api): TCell[] => [{ text: api.name, bold: true }, api.team ?? "—", label(api.exposure), counts(api.open), number(api.score)]),
    { emptyText: "No API has open threats." },
  );
  report.heading("Riskiest open threats", 2);
  report.table(
    [
      { header: "Threat", width: 4 },
      { header: "API", width: 2 },
      { header: "OWASP", width: 0.9 },
      { header: "Score", width: 0.8, align: "right" },
      { header: "Mitigations", width: 1.1, align: "right" },
    ],
    data.topThreats.map((threat): TCell[] => [
      threat.title,
      threat.api,
      threat.owaspApiId ?? "—",
      { text: String(threat.score), colour: SEVERITY_COLOUR[threat.severity], bold: true },
      { text: String(threat.mitigations), colour: threat.mitigations ? undefined : SEVERITY_COLOUR.CRITICAL },
    ]),
    { emptyText: "No open threats." },
  );
  onProgress("Finishing", 0.95);
  return report.finish();
}
