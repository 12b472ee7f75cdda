import type { Severity } from "@/lib/generated/prisma/enums";
import { severityOf } from "@/lib/core/threats/risk";
import type { TThreatModelReportData } from "@/lib/core/exports/report-data";
import { COLOUR, PdfReport, SEVERITY_COLOUR, type TCell } from "./pdf-report";
import { formatDate, humanise, label, personName, SEVERITY_ORDER_DESC, STATUS_LABEL } from "./labels";

// The threat model report: what leaves the building when a model is approved. Threats are
// numbered T1, T2… by severity and score, mitigations M1, M2… in the order they are first
// linked, so the two tables refer to each other.

const OPEN_MITIGATION = new Set(["PROPOSED", "PLANNED", "IN_PROGRESS"]);
const DAY = 86_400_000;

export type TOpenItem = { kind: string; text: string };

/** Reasons printed per operation; the rest are counted, so one noisy rule cannot fill a page. */
export const REASONS_PER_OPERATION = 5;

/**
 * A rule's reason as report text. Reasons quote spec names in backticks (Markdown code); the
 * report has no monospace font, so the names are put in quotes instead.
 */
export function reasonText(reason: string): string {
  return reason.replace(/`([^`]*)`/g, "“$1”").replace(/`/g, "");
}

/** An operation's reasons as bullet lines, at most REASONS_PER_OPERATION, then "and N more". */
export function reasonLines(reasons: string[]): string[] {
  const shown = reasons.slice(0, REASONS_PER_OPERATION).map((reason) => `• ${reasonText(reason)}`);
  const hidden = reasons.length - shown.length;
  return hidden > 0 ? [...shown, `and ${hidden} more (see the threat in Bulwark)`] : shown;
}

/** What still needs someone's attention, worst first. Exported for the tests. */
export function openItems(data: TThreatModelReportData, refs: ReturnType<typeof numberRows>, now: Date): TOpenItem[] {
  const items: TOpenItem[] = [];
  for (const threat of refs.threats) {
    if (threat.status === "OPEN" && threat.mitigationIds.length === 0) items.push({ kind: "Open threat without a mitigation", text: `${threat.ref} ${threat.title} (${label(threat.severity)})` });
  }
  for (const mitigation of refs.mitigations) {
    const open = OPEN_MITIGATION.has(mitigation.status);
    if (open && mitigation.dueDate && Date.parse(mitigation.dueDate) < now.getTime()) {
      items.push({ kind: "Overdue mitigation", text: `${mitigation.ref} ${mitigation.title}: due ${formatDate(mitigation.dueDate)}, ${personName(mitigation.assignee, "unassigned")}` });
    }
    if (open && !mitigation.assignee) items.push({ kind: "Mitigation without an owner", text: `${mitigation.ref} ${mitigation.title}` });
  }
  for (const threat of refs.threats) {
    if (threat.status === "ACCEPTED" && threat.acceptanceExpiresAt && Date.parse(threat.acceptanceExpiresAt) < now.getTime() + 30 * DAY) {
      items.push({ kind: "Risk acceptance expiring", text: `${threat.ref} ${threat.title}: accepted until ${formatDate(threat.acceptanceExpiresAt)}` });
    }
  }
  for (const answer of data.answers) {
    if (answer.answer === null) items.push({ kind: "Checklist question not answered", text: answer.title });
    else if (!answer.confirmed) items.push({ kind: "Rule pre-answer not confirmed", text: `${answer.title}: ${label(answer.answer)}` });
    else if (answer.answer === "UNSURE") items.push({ kind: "Checklist answer unsure", text: answer.title });
  }
  return items;
}

function numberRows(data: TThreatModelReportData) {
  const rank = (severity: Severity) => SEVERITY_ORDER_DESC.indexOf(severity);
  const threats = [...data.threats].sort((a, b) => rank(a.severity) - rank(b.severity) || b.score - a.score || a.title.localeCompare(b.title)).map((threat, index) => ({ ...threat, ref: `T${index + 1}` }));
  const mitigationOrder: string[] = [];
  for (const threat of threats) for (const id of threat.mitigationIds) if (!mitigationOrder.includes(id)) mitigationOrder.push(id);
  const byId = new Map(data.mitigations.map((mitigation) => [mitigation.id, mitigation]));
  const mitigations = mitigationOrder.flatMap((id, index) => {
    const mitigation = byId.get(id);
    return mitigation ? [{ ...mitigation, ref: `M${index + 1}` }] : [];
  });
  return { threats, mitigations };
}

export type TRenderProgress = (stage: string, fraction: number) => void;

export async function renderThreatModelPdf(data: TThreatModelReportData, onProgress: TRenderProgress = () => undefined): Promise<{ pdf: Buffer; pages: number }> {
  const now = new Date(data.generatedAt);
  const refs = numberRows(data);
  const threatRef = new Map(refs.threats.map((threat) => [threat.id, threat.ref]));
  const mitigationRef = new Map(refs.mitigations.map((mitigation) => [mitigation.id, mitigation.ref]));
  const { model, api } = data;
  const modelName = `${model.title} v${model.modelVersion}`;
  const report = new PdfReport({
    title: `${api.name}: ${modelName}`,
    runningHead: `${data.org.name} · ${api.name} · ${modelName}`,
    author: data.generatedBy,
    subject: `Threat model of ${api.name}`,
    classification: "Confidential",
  });
  // Rough page count for progress: about 30 threat rows or 25 answers to a page.
  const expectedPages = 4 + refs.threats.length / 28 + refs.mitigations.length / 30 + data.answers.length / 25;
  report.onPage = (pages) => onProgress(`Rendering page ${pages}`, Math.min(0.95, pages / expectedPages));

  report.cover({
    banner: "Confidential",
    kicker: `${data.org.name} · Threat model report`,
    title: api.name,
    subtitle: modelName,
    facts: [
      ["Organisation", data.org.name],
      ["API", api.name],
      ["Model", model.title],
      ["Version", String(model.modelVersion)],
      ["Status", STATUS_LABEL.model[model.status]],
      ["Author", personName(model.author)],
      ["Reviewer", personName(model.reviewer)],
      ["Approved by", model.approvedBy ? `${personName(model.approvedBy)}, ${formatDate(model.approvedAt)}` : "Not approved"],
      ["Report date", formatDate(data.generatedAt, true)],
      ["Prepared for", data.generatedBy],
    ],
    note: `This report describes security weaknesses of ${api.name} and how ${data.org.name} is addressing them. Share it only with people who need it. Generated by Bulwark on ${formatDate(data.generatedAt, true)} UTC from the model as it stood then.`,
  });
  report.reserveContents();

  // 1. Summary
  const open = refs.threats.filter((threat) => threat.status === "OPEN");
  const countBy = (severity: Severity) => open.filter((threat) => threat.severity === severity).length;
  report.heading("1. Summary");
  report.paragraph(
    `${refs.threats.length} threat${refs.threats.length === 1 ? "" : "s"} identified, ${open.length} open: ${SEVERITY_ORDER_DESC.map((severity) => `${countBy(severity)} ${label(severity).toLowerCase()}`).join(", ")}. ` +
      `${refs.mitigations.length} mitigation${refs.mitigations.length === 1 ? "" : "s"}, ${refs.mitigations.filter((mitigation) => mitigation.status === "VERIFIED").length} verified, ` +
      `${refs.mitigations.filter((mitigation) => OPEN_MITIGATION.has(mitigation.status) && mitigation.dueDate && Date.parse(mitigation.dueDate) < now.getTime()).length} overdue.`,
  );
  report.facts([
    ["Model status", STATUS_LABEL.model[model.status]],
    ["Checklist", `${data.answers.filter((answer) => answer.answer !== null && answer.confirmed).length} of ${data.answers.length} questions answered`],
    ["Last changed", formatDate(model.updatedAt, true)],
  ]);
  if (data.reviews.length) {
    report.heading("Review history", 2);
    report.table(
      [
        { header: "Date", width: 1.6 },
        { header: "Action", width: 1.4 },
        { header: "By", width: 1.4 },
        { header: "Comment", width: 4 },
      ],
      data.reviews.map((review) => [formatDate(review.createdAt, true), humanise(review.action), review.actor ?? "—", review.comment]),
    );
  }

  // 2. Scope and assumptions
  report.heading("2. Scope and assumptions");
  report.heading("Scope", 2);
  report.paragraph(model.scope.trim() || "No scope was written for this model.", { colour: model.scope.trim() ? COLOUR.body : COLOUR.muted });
  report.heading("Assumptions", 2);
  report.paragraph(model.assumptions.trim() || "No assumptions were recorded.", { colour: model.assumptions.trim() ? COLOUR.body : COLOUR.muted });

  // 3. API facts
  report.heading("3. API facts");
  if (api.description.trim()) report.paragraph(api.description);
  report.facts([
    ["Exposure", label(api.exposure)],
    ["Data classification", label(api.dataClassification)],
    ["Sensitive data", api.dataFlags.length ? api.dataFlags.join(", ") : "None flagged"],
    ["Authentication", api.authSchemes.length ? api.authSchemes.map(humanise).join(", ") : "None recorded"],
    ["Protocol", api.protocol],
    ["Lifecycle", label(api.lifecycle)],
    ["API version", api.apiVersion ?? "—"],
    ["Owning team", api.team ?? "—"],
    ["Technical owner", personName(api.owner)],
    ["Operations", `${api.operations} in the inventory, ${api.operationsWithoutAuth} accept anonymous callers`],
    ["Environments", api.environments.map((environment) => `${environment.name}: ${environment.baseUrl}`).join("\n") || "—"],
  ]);

  // 4. Risk matrix
  onProgress("Risk matrix", 0.1);
  report.heading("4. Risk matrix", 1, 330);
  const heat = Array.from({ length: 25 }, () => 0);
  for (const threat of open) heat[(threat.likelihood - 1) * 5 + (threat.impact - 1)]!++;
  report.riskMatrix(heat, (score) => severityOf(score, data.bands), {
    caption: `Open threats by likelihood and impact (1–5 each). Score = likelihood × impact; bands of this organisation: medium from ${data.bands.mediumFrom}, high from ${data.bands.highFrom}, critical from ${data.bands.criticalFrom}.`,
  });

  // 5. Threats by severity
  report.heading("5. Threats by severity");
  report.paragraph("Each threat with its score (likelihood × impact), status and the mitigations that answer it. Details follow the table.", { colour: COLOUR.muted, size: 9 });
  for (const severity of SEVERITY_ORDER_DESC) {
    const threats = refs.threats.filter((threat) => threat.severity === severity);
    if (!threats.length) continue;
    report.heading(`${label(severity)} (${threats.length})`, 2);
    report.table(
      [
        { header: "Ref", width: 0.6 },
        { header: "Threat", width: 4 },
        { header: "Category", width: 1.8 },
        { header: "L×I", width: 1.1, align: "center" },
        { header: "Status", width: 1.3 },
        { header: "Mitigations", width: 1.4 },
      ],
      threats.map((threat): TCell[] => [
        { text: threat.ref, bold: true },
        threat.title,
        [threat.owaspApiId, humanise(threat.category), threat.stride.length ? `STRIDE ${threat.stride.join("")}` : null].filter(Boolean).join(" · "),
        { text: `${threat.likelihood}×${threat.impact}=${threat.score}`, colour: SEVERITY_COLOUR[threat.severity], bold: true },
        STATUS_LABEL.threat[threat.status] + (threat.status === "ACCEPTED" && threat.acceptanceExpiresAt ? ` until ${formatDate(threat.acceptanceExpiresAt)}` : ""),
        threat.mitigationIds.map((id) => mitigationRef.get(id)).filter(Boolean).join(", ") || "none",
      ]),
    );
  }
  if (!refs.threats.length) report.paragraph("No threats have been recorded in this model.", { colour: COLOUR.muted });

  onProgress("Threat details", 0.4);
  const described = refs.threats.filter((threat) => threat.description.trim() || threat.operations.length || threat.acceptanceJustification);
  if (described.length) {
    report.heading("Threat details", 2);
    report.table(
      [
        { header: "Ref", width: 0.6 },
        { header: "Description", width: 5.4 },
        { header: "Affected operations", width: 2.4 },
      ],
      described.map((threat) => [
        { text: threat.ref, bold: true },
        [threat.description.trim(), threat.acceptanceJustification ? `Accepted because: ${threat.acceptanceJustification}` : ""].filter(Boolean).join("\n"),
        threat.operations.map((operation) => operation.label).join("\n") || "the whole API",
      ]),
    );
  }
  // One row per rule-linked operation rather than one per threat: a threat linking dozens of
  // operations then breaks across pages like any table instead of overflowing one cell.
  const reasoned = refs.threats.flatMap((threat) => threat.operations.filter((operation) => operation.reasons.length > 0).map((operation) => ({ ref: threat.ref, operation })));
  if (reasoned.length) {
    report.heading("Why the rules linked each operation", 2, 120);
    report.paragraph("What in the spec made Bulwark's rules link the operation to the threat. Operations a person linked have no reasons and are listed only above.", { colour: COLOUR.muted, size: 9 });
    report.table(
      [
        { header: "Ref", width: 0.6 },
        { header: "Operation", width: 2.6 },
        { header: "Reasons", width: 5.2 },
      ],
      reasoned.map(({ ref, operation }): TCell[] => [{ text: ref, bold: true }, operation.label, reasonLines(operation.reasons).join("\n")]),
    );
  }

  // 6. Mitigations
  onProgress("Mitigations", 0.55);
  report.heading("6. Mitigations");
  report.table(
    [
      { header: "Ref", width: 0.6 },
      { header: "Mitigation", width: 3.6 },
      { header: "Threats", width: 1.2 },
      { header: "Owner", width: 1.7 },
      { header: "Due", width: 1.2 },
      { header: "Status", width: 1.3 },
    ],
    refs.mitigations.map((mitigation): TCell[] => {
      const overdue = OPEN_MITIGATION.has(mitigation.status) && mitigation.dueDate !== null && Date.parse(mitigation.dueDate) < now.getTime();
      return [
        { text: mitigation.ref, bold: true },
        [mitigation.title, mitigation.ticketUrl ? `Ticket: ${mitigation.ticketUrl}` : "", mitigation.evidence ? `Evidence: ${mitigation.evidence}` : ""].filter(Boolean).join("\n"),
        mitigation.threatIds.map((id) => threatRef.get(id)).filter(Boolean).join(", "),
        personName(mitigation.assignee, "Unassigned"),
        { text: mitigation.dueDate ? formatDate(mitigation.dueDate) + (overdue ? " (overdue)" : "") : "—", colour: overdue ? SEVERITY_COLOUR.CRITICAL : undefined, bold: overdue },
        STATUS_LABEL.mitigation[mitigation.status],
      ];
    }),
    { emptyText: "No mitigations are linked to the threats of this model." },
  );

  // 7. Open items
  onProgress("Open items", 0.7);
  report.heading("7. Open items");
  const items = openItems(data, refs, now);
  report.table(
    [
      { header: "What", width: 2.2 },
      { header: "Item", width: 6 },
    ],
    items.map((item) => [item.kind, item.text]),
    { emptyText: "Nothing is waiting: every open threat has a mitigation, no work is overdue or unowned, and every checklist question is answered." },
  );

  // Appendix: checklist answers
  onProgress("Checklist appendix", 0.8);
  report.heading("Appendix A. Checklist answers");
  report.table(
    [
      { header: "Category", width: 1.6 },
      { header: "Question", width: 4 },
      { header: "Answer", width: 1.2 },
      { header: "Note", width: 2.6 },
    ],
    data.answers.map((answer): TCell[] => [
      humanise(answer.category),
      answer.title,
      { text: answer.answer ? label(answer.answer) + (answer.confirmed ? "" : " (rule, unconfirmed)") : "Not answered", bold: answer.answer === "YES" },
      [answer.note, answer.ruleReason ? `Rule: ${reasonText(answer.ruleReason)}` : ""].filter(Boolean).join("\n"),
    ]),
    { emptyText: "This model has no checklist (it was imported or its checklist is empty)." },
  );

  onProgress("Finishing", 0.95);
  return report.finish();
}
