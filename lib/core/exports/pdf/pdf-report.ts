import path from "node:path";
import PDFDocument from "pdfkit";

// A small layout engine on pdfkit for Bulwark's reports: cover, table of contents with page
// numbers, headings, paragraphs, fact lists, tables whose header row repeats on every page they
// run onto, simple vector charts, and a header and "Page n of m" footer on every page.
//
// pdfkit draws text as text: nothing in a report is ever parsed as markup or run as script, so
// user-written titles and notes cannot inject anything. Pages are buffered, so the table of
// contents (page 2) and the footers are written last, once every page number is known.

const FONT_DIR = path.join(process.cwd(), "node_modules", "geist", "dist", "fonts", "geist-sans");
const FONTS = { regular: "Geist-Regular.ttf", medium: "Geist-Medium.ttf", bold: "Geist-SemiBold.ttf" } as const;
type TFont = keyof typeof FONTS;

export const COLOUR = {
  ink: "#0f172a",
  body: "#1e293b",
  muted: "#475569",
  faint: "#94a3b8",
  rule: "#cbd5e1",
  zebra: "#f1f5f9",
  headerFill: "#e2e8f0",
  brand: "#1c3fae",
  brandLight: "#dae6ff",
  banner: "#991b1b",
} as const;

export const SEVERITY_COLOUR = { CRITICAL: "#991b1b", HIGH: "#ea580c", MEDIUM: "#a16207", LOW: "#15803d" } as const;
export const SEVERITY_FILL = { CRITICAL: "#fca5a5", HIGH: "#fed7aa", MEDIUM: "#fde68a", LOW: "#bbf7d0" } as const;

const PAGE = { width: 595.28, height: 841.89 } as const;
const MARGIN = { top: 66, bottom: 62, left: 50, right: 50 } as const;
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const CELL_PAD = 4;
/** A cell longer than this is cut (with a note): a table row must fit on one page. */
const MAX_CELL_CHARS = 1_200;

export type TColumn = { header: string; width: number; align?: "left" | "right" | "center" };
export type TCell = string | { text: string; colour?: string; bold?: boolean; fill?: string };
export type TTableOptions = { fontSize?: number; zebra?: boolean; emptyText?: string };
export type TSectionEntry = { title: string; level: 1 | 2; page: number; destination: string };

type TDoc = InstanceType<typeof PDFDocument>;
type TFontkitFont = { hasGlyphForCodePoint(codePoint: number): boolean };

export type TReportMeta = {
  title: string;
  /** Printed in every page header, e.g. "Acme Payments · Payments API threat model v2". */
  runningHead: string;
  author: string;
  subject: string;
  /** Printed in the footer of every page. */
  classification: string;
};

export class PdfReport {
  readonly doc: TDoc;
  private readonly chunks: Buffer[] = [];
  private readonly done: Promise<Buffer>;
  private readonly sections: TSectionEntry[] = [];
  private tocPage: number | null = null;
  /** The body font's glyph table, to tell which characters it can draw. */
  private readonly glyphs: TFontkitFont;
  private readonly meta: TReportMeta;
  /** Called after each new page, with the number of pages so far (progress reporting). */
  onPage?: (pages: number) => void;

  constructor(meta: TReportMeta) {
    this.meta = meta;
    this.doc = new PDFDocument({
      size: "A4",
      margins: MARGIN,
      bufferPages: true,
      autoFirstPage: true,
      info: { Title: meta.title, Author: meta.author, Subject: meta.subject, Creator: "Bulwark", Producer: "Bulwark (pdfkit)" },
      lang: "en-GB",
      displayTitle: true,
    });
    for (const [name, file] of Object.entries(FONTS)) this.doc.registerFont(name, path.join(FONT_DIR, file));
    this.doc.on("data", (chunk: Buffer) => this.chunks.push(chunk));
    this.done = new Promise((resolve, reject) => {
      this.doc.on("end", () => resolve(Buffer.concat(this.chunks)));
      this.doc.on("error", reject);
    });
    this.doc.on("pageAdded", () => this.onPage?.(this.doc.bufferedPageRange().count));
    this.font("regular", 10);
    // pdfkit keeps the fontkit font of the current embedded font here; it is only read.
    this.glyphs = (this.doc as unknown as { _font: { font: TFontkitFont } })._font.font;
  }

  // ---- text helpers -----------------------------------------------------------------------

  private font(font: TFont, size: number, colour: string = COLOUR.body): this {
    this.doc.font(font).fontSize(size).fillColor(colour);
    return this;
  }

  /**
   * Text the embedded font can draw. Characters it has no glyph for (CJK, emoji) print as "?"
   * rather than as invisible boxes; control characters other than newlines are dropped.
   */
  clean(text: string): string {
    let out = "";
    for (const char of text.replace(/\r\n?/g, "\n")) {
      const code = char.codePointAt(0)!;
      if (char === "\n" || char === " ") out += char;
      else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += char === "\t" ? " " : "";
      else out += this.glyphs.hasGlyphForCodePoint(code) ? char : "?";
    }
    return out;
  }

  get y(): number {
    return this.doc.y;
  }

  private get bottom(): number {
    return PAGE.height - MARGIN.bottom;
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.newPage();
  }

  newPage(): void {
    this.doc.addPage();
    this.doc.x = MARGIN.left;
    this.doc.y = MARGIN.top;
  }

  // ---- cover and contents -------------------------------------------------------------------

  cover(input: { kicker: string; title: string; subtitle?: string; facts: [string, string][]; banner: string; note?: string }): void {
    const { doc } = this;
    doc.rect(0, 0, PAGE.width, 34).fill(COLOUR.banner);
    this.font("bold", 11, "#ffffff");
    doc.text(this.clean(input.banner).toUpperCase(), MARGIN.left, 11, { width: CONTENT_WIDTH, align: "center" });
    doc.rect(MARGIN.left, 150, 6, 120).fill(COLOUR.brand);
    this.font("medium", 12, COLOUR.brand);
    doc.text(this.clean(input.kicker), MARGIN.left + 22, 150, { width: CONTENT_WIDTH - 22 });
    this.font("bold", 28, COLOUR.ink);
    doc.text(this.clean(input.title), MARGIN.left + 22, doc.y + 6, { width: CONTENT_WIDTH - 22 });
    if (input.subtitle) {
      this.font("regular", 13, COLOUR.muted);
      doc.text(this.clean(input.subtitle), MARGIN.left + 22, doc.y + 6, { width: CONTENT_WIDTH - 22 });
    }
    doc.y = Math.max(doc.y + 40, 320);
    doc.x = MARGIN.left;
    this.facts(input.facts, { labelWidth: 150 });
    if (input.note) {
      this.font("regular", 9, COLOUR.muted);
      doc.text(this.clean(input.note), MARGIN.left, this.bottom - 60, { width: CONTENT_WIDTH });
    }
    this.withoutMargins(() => {
      doc.rect(0, PAGE.height - 34, PAGE.width, 34).fill(COLOUR.banner);
      this.font("bold", 11, "#ffffff");
      doc.text(this.clean(input.banner).toUpperCase(), MARGIN.left, PAGE.height - 23, { width: CONTENT_WIDTH, align: "center", lineBreak: false });
    });
  }

  /** Writing below the bottom margin would otherwise make pdfkit start a new page. */
  private withoutMargins(draw: () => void): void {
    const margins = this.doc.page.margins;
    this.doc.page.margins = { top: 0, bottom: 0, left: 0, right: 0 };
    draw();
    this.doc.page.margins = margins;
  }

  /** Leaves a page for the table of contents, written by finish() once page numbers are known. */
  reserveContents(): void {
    this.newPage();
    this.tocPage = this.doc.bufferedPageRange().count - 1;
    this.newPage();
  }

  // ---- headings and text --------------------------------------------------------------------

  /** `keepWith`: the height of what must follow on the same page (a chart); default a few lines or a table's first rows. */
  heading(title: string, level: 1 | 2 = 1, keepWith?: number): void {
    const { doc } = this;
    this.ensureSpace(keepWith ?? (level === 1 ? 110 : 100));
    if (level === 1 && doc.y > MARGIN.top + 1) doc.y += 10;
    const destination = `section-${this.sections.length + 1}`;
    doc.addNamedDestination(destination, "XYZ", MARGIN.left, PAGE.height - doc.y + 8, null);
    this.sections.push({ title, level, page: doc.bufferedPageRange().count, destination });
    doc.outline.addItem(title);
    if (level === 1) {
      this.font("bold", 17, COLOUR.ink);
      doc.text(this.clean(title), MARGIN.left, doc.y, { width: CONTENT_WIDTH });
      doc.moveTo(MARGIN.left, doc.y + 3).lineTo(MARGIN.left + CONTENT_WIDTH, doc.y + 3).lineWidth(1).strokeColor(COLOUR.brand).stroke();
      doc.y += 12;
    } else {
      doc.y += 6;
      this.font("bold", 12.5, COLOUR.ink);
      doc.text(this.clean(title), MARGIN.left, doc.y, { width: CONTENT_WIDTH });
      doc.y += 5;
    }
    this.font("regular", 10);
  }

  paragraph(text: string, options: { colour?: string; size?: number; bold?: boolean; gap?: number } = {}): void {
    const { doc } = this;
    this.font(options.bold ? "bold" : "regular", options.size ?? 10, options.colour ?? COLOUR.body);
    const clean = this.clean(text);
    // Long text flows across pages by itself; only keep a line or two together.
    this.ensureSpace(Math.min(doc.heightOfString(clean, { width: CONTENT_WIDTH }), 40));
    doc.text(clean, MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: 1.5 });
    doc.y += options.gap ?? 8;
    this.font("regular", 10);
  }

  /** Label / value pairs in two columns. */
  facts(pairs: [string, string][], options: { labelWidth?: number } = {}): void {
    const { doc } = this;
    const labelWidth = options.labelWidth ?? 170;
    const valueWidth = CONTENT_WIDTH - labelWidth - 10;
    for (const [label, value] of pairs) {
      this.font("regular", 10);
      const clean = this.clean(value || "—");
      const height = Math.max(doc.heightOfString(clean, { width: valueWidth }), 12) + 5;
      this.ensureSpace(height);
      const top = doc.y;
      this.font("medium", 10, COLOUR.muted);
      doc.text(this.clean(label), MARGIN.left, top, { width: labelWidth });
      this.font("regular", 10, COLOUR.body);
      doc.text(clean, MARGIN.left + labelWidth + 10, top, { width: valueWidth });
      doc.y = top + height;
    }
    doc.x = MARGIN.left;
    doc.y += 6;
  }

  // ---- tables -------------------------------------------------------------------------------

  /**
   * A table whose header row is repeated at the top of every page it continues on. Column
   * widths are fractions of the text width. A row is never split across pages.
   */
  table(columns: TColumn[], rows: TCell[][], options: TTableOptions = {}): void {
    const { doc } = this;
    const size = options.fontSize ?? 8.5;
    const total = columns.reduce((sum, column) => sum + column.width, 0);
    const widths = columns.map((column) => (column.width / total) * CONTENT_WIDTH);
    const lefts = widths.map((_, index) => MARGIN.left + widths.slice(0, index).reduce((sum, width) => sum + width, 0));

    const drawHeader = () => {
      this.font("bold", size, COLOUR.ink);
      const height = Math.max(...columns.map((column, index) => doc.heightOfString(this.clean(column.header), { width: widths[index]! - 2 * CELL_PAD }))) + 2 * CELL_PAD;
      const top = doc.y;
      doc.rect(MARGIN.left, top, CONTENT_WIDTH, height).fill(COLOUR.headerFill);
      this.font("bold", size, COLOUR.ink);
      columns.forEach((column, index) => doc.text(this.clean(column.header), lefts[index]! + CELL_PAD, top + CELL_PAD, { width: widths[index]! - 2 * CELL_PAD, align: column.align ?? "left" }));
      doc.y = top + height;
    };

    this.ensureSpace(60);
    drawHeader();
    if (rows.length === 0) {
      this.font("regular", size, COLOUR.muted);
      doc.text(this.clean(options.emptyText ?? "Nothing to list."), MARGIN.left + CELL_PAD, doc.y + CELL_PAD, { width: CONTENT_WIDTH - 2 * CELL_PAD });
      doc.y += 8;
      this.font("regular", 10);
      return;
    }
    rows.forEach((row, rowIndex) => {
      const cells = row.map((cell) => {
        const value = typeof cell === "string" ? { text: cell } : cell;
        const text = value.text.length > MAX_CELL_CHARS ? `${value.text.slice(0, MAX_CELL_CHARS)}… (cut; see the full text in Bulwark)` : value.text;
        return { ...value, text: this.clean(text || "—") };
      });
      const height =
        Math.max(
          ...cells.map((cell, index) => {
            this.font(cell.bold ? "bold" : "regular", size);
            return doc.heightOfString(cell.text, { width: widths[index]! - 2 * CELL_PAD });
          }),
        ) +
        2 * CELL_PAD;
      if (doc.y + height > this.bottom) {
        this.newPage();
        drawHeader();
      }
      const top = doc.y;
      if (options.zebra !== false && rowIndex % 2 === 1) doc.rect(MARGIN.left, top, CONTENT_WIDTH, height).fill(COLOUR.zebra);
      cells.forEach((cell, index) => {
        if (cell.fill) doc.rect(lefts[index]!, top, widths[index]!, height).fill(cell.fill);
        this.font(cell.bold ? "bold" : "regular", size, cell.colour ?? COLOUR.body);
        doc.text(cell.text, lefts[index]! + CELL_PAD, top + CELL_PAD, { width: widths[index]! - 2 * CELL_PAD, align: columns[index]!.align ?? "left" });
      });
      doc.moveTo(MARGIN.left, top + height).lineTo(MARGIN.left + CONTENT_WIDTH, top + height).lineWidth(0.5).strokeColor(COLOUR.rule).stroke();
      doc.y = top + height;
    });
    doc.x = MARGIN.left;
    doc.y += 10;
    this.font("regular", 10);
  }

  // ---- charts (vector) ----------------------------------------------------------------------

  /**
   * The risk matrix: likelihood (rows, 5 at the top) × impact (columns), each cell coloured by
   * the severity its score falls in and labelled with its count.
   */
  riskMatrix(counts: number[], severityOfScore: (score: number) => keyof typeof SEVERITY_FILL, options: { caption?: string } = {}): void {
    const { doc } = this;
    const cell = 44;
    const labelWidth = 90;
    const height = cell * 5 + 50;
    this.ensureSpace(height + 20);
    const top = doc.y + 6;
    const left = MARGIN.left + labelWidth;
    this.font("medium", 8, COLOUR.muted);
    doc.save().rotate(-90, { origin: [MARGIN.left + 10, top + (cell * 5) / 2] });
    doc.text("Likelihood", MARGIN.left - 30, top + (cell * 5) / 2 - 4, { width: 80, align: "center", lineBreak: false });
    doc.restore();
    for (let likelihood = 5; likelihood >= 1; likelihood--) {
      const y = top + (5 - likelihood) * cell;
      this.font("regular", 8, COLOUR.muted);
      doc.text(String(likelihood), left - 18, y + cell / 2 - 4, { width: 12, align: "right", lineBreak: false });
      for (let impact = 1; impact <= 5; impact++) {
        const x = left + (impact - 1) * cell;
        const count = counts[(likelihood - 1) * 5 + (impact - 1)] ?? 0;
        const severity = severityOfScore(likelihood * impact);
        doc.rect(x, y, cell, cell).fillAndStroke(SEVERITY_FILL[severity], "#ffffff");
        this.font(count ? "bold" : "regular", count ? 13 : 9, count ? COLOUR.ink : COLOUR.muted);
        doc.text(count ? String(count) : "·", x, y + cell / 2 - (count ? 7 : 5), { width: cell, align: "center", lineBreak: false });
      }
    }
    for (let impact = 1; impact <= 5; impact++) {
      this.font("regular", 8, COLOUR.muted);
      doc.text(String(impact), left + (impact - 1) * cell, top + cell * 5 + 4, { width: cell, align: "center", lineBreak: false });
    }
    this.font("medium", 8, COLOUR.muted);
    doc.text("Impact", left, top + cell * 5 + 16, { width: cell * 5, align: "center", lineBreak: false });
    // Legend to the right of the grid.
    const legendX = left + cell * 5 + 24;
    (["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const).forEach((severity, index) => {
      const y = top + index * 18;
      doc.rect(legendX, y, 12, 12).fill(SEVERITY_FILL[severity]);
      this.font("regular", 9, COLOUR.body);
      doc.text(severity.charAt(0) + severity.slice(1).toLowerCase(), legendX + 18, y + 1, { width: 100, lineBreak: false });
    });
    if (options.caption) {
      this.font("regular", 8.5, COLOUR.muted);
      doc.text(this.clean(options.caption), legendX, top + 4 * 18 + 8, { width: MARGIN.left + CONTENT_WIDTH - legendX });
    }
    doc.x = MARGIN.left;
    doc.y = top + height;
    this.font("regular", 10);
  }

  /** Horizontal stacked bars, one per label, segments by severity (worst first). */
  stackedBars(title: string, bars: { label: string; values: Record<keyof typeof SEVERITY_COLOUR, number> }[]): void {
    const { doc } = this;
    const order = ["CRITICAL", "HIGH", "MEDIUM", "LOW"] as const;
    const rowHeight = 16;
    const labelWidth = 150;
    const chartWidth = CONTENT_WIDTH - labelWidth - 50;
    const max = Math.max(1, ...bars.map((bar) => order.reduce((sum, severity) => sum + bar.values[severity], 0)));
    this.ensureSpace(40 + Math.min(bars.length, 6) * rowHeight);
    this.font("medium", 9.5, COLOUR.ink);
    doc.text(this.clean(title), MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.y += 4;
    this.legend(order.map((severity) => ({ label: severity.charAt(0) + severity.slice(1).toLowerCase(), colour: SEVERITY_COLOUR[severity] })));
    for (const bar of bars) {
      this.ensureSpace(rowHeight);
      const top = doc.y;
      this.font("regular", 8.5, COLOUR.body);
      doc.text(this.clean(bar.label), MARGIN.left, top + 3, { width: labelWidth - 8, height: rowHeight, ellipsis: true, lineBreak: false });
      let x = MARGIN.left + labelWidth;
      let total = 0;
      for (const severity of order) {
        const width = (bar.values[severity] / max) * chartWidth;
        if (width > 0) doc.rect(x, top + 2, width, rowHeight - 5).fill(SEVERITY_COLOUR[severity]);
        x += width;
        total += bar.values[severity];
      }
      this.font("regular", 8.5, COLOUR.muted);
      doc.text(String(total), x + 4, top + 3, { width: 46, lineBreak: false });
      doc.y = top + rowHeight;
    }
    doc.x = MARGIN.left;
    doc.y += 10;
  }

  /** Vertical stacked columns over time (the weekly trend). */
  trendChart(title: string, points: { label: string; values: Record<keyof typeof SEVERITY_COLOUR, number>; note?: string }[]): void {
    const { doc } = this;
    const order = ["LOW", "MEDIUM", "HIGH", "CRITICAL"] as const;
    const height = 150;
    this.ensureSpace(height + 70);
    this.font("medium", 9.5, COLOUR.ink);
    doc.text(this.clean(title), MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.y += 4;
    this.legend([...order].reverse().map((severity) => ({ label: severity.charAt(0) + severity.slice(1).toLowerCase(), colour: SEVERITY_COLOUR[severity] })));
    const top = doc.y + 4;
    const axisLeft = MARGIN.left + 34;
    const chartWidth = CONTENT_WIDTH - 40;
    const max = Math.max(1, ...points.map((point) => order.reduce((sum, severity) => sum + point.values[severity], 0)));
    const step = points.length ? chartWidth / points.length : chartWidth;
    const barWidth = Math.min(28, step * 0.7);
    doc.moveTo(axisLeft, top).lineTo(axisLeft, top + height).lineTo(axisLeft + chartWidth, top + height).lineWidth(0.7).strokeColor(COLOUR.rule).stroke();
    this.font("regular", 7.5, COLOUR.muted);
    for (const fraction of [0, 0.5, 1]) {
      const y = top + height - fraction * height;
      doc.text(String(Math.round(max * fraction)), MARGIN.left, y - 4, { width: 30, align: "right", lineBreak: false });
    }
    points.forEach((point, index) => {
      const x = axisLeft + index * step + (step - barWidth) / 2;
      let y = top + height;
      for (const severity of order) {
        const h = (point.values[severity] / max) * height;
        if (h > 0) doc.rect(x, y - h, barWidth, h).fill(SEVERITY_COLOUR[severity]);
        y -= h;
      }
      this.font("regular", 7, COLOUR.muted);
      doc.text(this.clean(point.label), axisLeft + index * step, top + height + 4, { width: step, align: "center", lineBreak: false });
    });
    doc.x = MARGIN.left;
    doc.y = top + height + 22;
  }

  private legend(items: { label: string; colour: string }[]): void {
    const { doc } = this;
    let x = MARGIN.left;
    const top = doc.y;
    for (const item of items) {
      doc.rect(x, top + 1, 9, 9).fill(item.colour);
      this.font("regular", 8, COLOUR.body);
      doc.text(item.label, x + 13, top + 1, { lineBreak: false });
      x += 13 + doc.widthOfString(item.label) + 14;
    }
    doc.y = top + 16;
  }

  // ---- finishing ----------------------------------------------------------------------------

  private writeContents(): void {
    if (this.tocPage === null) return;
    const { doc } = this;
    doc.switchToPage(this.tocPage);
    doc.x = MARGIN.left;
    doc.y = MARGIN.top;
    this.font("bold", 17, COLOUR.ink);
    doc.text("Contents", MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.moveTo(MARGIN.left, doc.y + 3).lineTo(MARGIN.left + CONTENT_WIDTH, doc.y + 3).lineWidth(1).strokeColor(COLOUR.brand).stroke();
    doc.y += 14;
    for (const section of this.sections) {
      if (doc.y > this.bottom - 16) break;
      const indent = section.level === 1 ? 0 : 18;
      const top = doc.y;
      this.font(section.level === 1 ? "medium" : "regular", section.level === 1 ? 11 : 10, COLOUR.body);
      const title = this.clean(section.title);
      const pageText = String(section.page);
      const titleWidth = Math.min(doc.widthOfString(title), CONTENT_WIDTH - indent - 60);
      doc.text(title, MARGIN.left + indent, top, { width: CONTENT_WIDTH - indent - 60, height: 16, ellipsis: true, lineBreak: false });
      // Dotted leader from the title to its page number.
      const leaderStart = MARGIN.left + indent + titleWidth + 6;
      const leaderEnd = MARGIN.left + CONTENT_WIDTH - 30;
      if (leaderEnd > leaderStart) {
        doc.moveTo(leaderStart, top + 9).lineTo(leaderEnd, top + 9).dash(1, { space: 2.5 }).lineWidth(0.6).strokeColor(COLOUR.faint).stroke().undash();
      }
      doc.text(pageText, MARGIN.left + CONTENT_WIDTH - 26, top, { width: 26, align: "right", lineBreak: false });
      doc.goTo(MARGIN.left + indent, top - 2, CONTENT_WIDTH - indent, 16, section.destination);
      doc.y = top + (section.level === 1 ? 20 : 17);
    }
  }

  private writeHeadersAndFooters(): void {
    const { doc } = this;
    const { count } = doc.bufferedPageRange();
    for (let index = 1; index < count; index++) {
      doc.switchToPage(index);
      this.withoutMargins(() => {
      this.font("regular", 8, COLOUR.muted);
      doc.text(this.clean(this.meta.runningHead), MARGIN.left, 30, { width: CONTENT_WIDTH - 90, lineBreak: false, ellipsis: true, height: 12 });
      this.font("bold", 8, COLOUR.banner);
      doc.text(this.clean(this.meta.classification).toUpperCase(), MARGIN.left + CONTENT_WIDTH - 90, 30, { width: 90, align: "right", lineBreak: false });
      doc.moveTo(MARGIN.left, 44).lineTo(MARGIN.left + CONTENT_WIDTH, 44).lineWidth(0.5).strokeColor(COLOUR.rule).stroke();
      doc.moveTo(MARGIN.left, PAGE.height - 44).lineTo(MARGIN.left + CONTENT_WIDTH, PAGE.height - 44).lineWidth(0.5).strokeColor(COLOUR.rule).stroke();
      this.font("regular", 8, COLOUR.muted);
      doc.text(this.clean(this.meta.title), MARGIN.left, PAGE.height - 38, { width: CONTENT_WIDTH - 90, lineBreak: false, ellipsis: true, height: 12 });
      doc.text(`Page ${index + 1} of ${count}`, MARGIN.left + CONTENT_WIDTH - 90, PAGE.height - 38, { width: 90, align: "right", lineBreak: false });
      });
    }
  }

  /** Writes the contents and page furniture and returns the finished PDF. */
  async finish(): Promise<{ pdf: Buffer; pages: number; sections: TSectionEntry[] }> {
    this.writeContents();
    this.writeHeadersAndFooters();
    const pages = this.doc.bufferedPageRange().count;
    this.doc.end();
    return { pdf: await this.done, pages, sections: this.sections };
  }
}
