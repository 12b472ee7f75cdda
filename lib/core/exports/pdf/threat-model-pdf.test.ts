import { extractText, getDocumentProxy } from "unpdf";
import { describe, expect, it } from "vitest";
import { sampleModel } from "@/tests/support/sample-report-data";
import { reasonLines, reasonText, renderThreatModelPdf } from "./threat-model-pdf";


/** A model with `threats` threats, each with one mitigation owned by one of three people. */
async function pdfText(pdf: Buffer) {
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const { totalPages, text } = await extractText(document, { mergePages: false });
  return { totalPages, pages: text as string[] };
}

describe("threat model PDF", () => {
  it("prints the cover, contents, every threat, every owner and page numbers", async () => {
    const data = sampleModel(60);
    const { pdf, pages } = await renderThreatModelPdf(data);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { totalPages, pages: text } = await pdfText(pdf);
    expect(totalPages).toBe(pages);
    expect(totalPages).toBeGreaterThan(4);
    // Titles wrap inside table cells: compare with whitespace collapsed.
    const all = text.join("\n").replace(/\s+/g, " ");
    expect(text[0]).toContain("CONFIDENTIAL");
    expect(text[0]).toContain("Acme Payments");
    expect(text[0]).toContain("Payments threat model v2");
    expect(text[1]).toContain("Contents");
    for (const heading of ["1. Summary", "2. Scope and assumptions", "3. API facts", "4. Risk matrix", "5. Threats by severity", "6. Mitigations", "7. Open items", "Appendix A. Checklist answers"]) {
      expect(text[1]).toContain(heading);
    }
    for (const threat of data.threats) expect(all).toContain(threat.title);
    for (const owner of ["Ada Lovelace", "Grace Hopper", "Zoë Åström"]) expect(all).toContain(owner);
    for (let page = 2; page <= totalPages; page++) expect(text[page - 1]).toContain(`Page ${page} of ${totalPages}`);
    // The contents page points at the page where each section really starts.
    const mitigationsPage = Number(/6\. Mitigations[\s.]*?(\d+)/.exec(text[1]!)?.[1]);
    expect(text[mitigationsPage - 1]).toContain("6. Mitigations");
    expect(all).toContain("Checklist question not answered");
    expect(all).toContain("(overdue)");
  });

  it("repeats the table header on every page a table continues onto", async () => {
    const { pdf } = await renderThreatModelPdf(sampleModel(200));
    const { pages } = await pdfText(pdf);
    // Pages from the one where section 6 starts to the one before section 7 (page 2 is the contents).
    const first = pages.findIndex((page, index) => index > 1 && page.includes("6. Mitigations"));
    const next = pages.findIndex((page, index) => index > 1 && page.includes("7. Open items"));
    const mitigationPages = pages.slice(first, next);
    expect(mitigationPages.length).toBeGreaterThan(1);
    for (const page of mitigationPages) expect(page).toMatch(/Ref\s+Mitigation\s+Threats\s+Owner\s+Due\s+Status/);
  });

  it("prints user text as text: markup stays visible and nothing outside the font breaks the file", async () => {
    const data = sampleModel(2);
    data.threats[0]!.title = '<script>alert("x")</script> <img src=x onerror=alert(1)>';
    data.model.scope = "中文 scope 😀 with ✓";
    const { pdf } = await renderThreatModelPdf(data);
    const all = (await pdfText(pdf)).pages.join("\n");
    expect(all).toContain('<script>alert("x")</script>');
    expect(all).toContain("?? scope ? with ?");
    expect(pdf.includes("/JavaScript")).toBe(false);
    expect(pdf.includes("/URI")).toBe(false);
  });

  it("lists each rule-linked operation with its reasons, at most five, backticks turned into quotes", async () => {
    const data = sampleModel(3);
    const reasons = Array.from({ length: 7 }, (_, index) => `\`POST /accounts\` accepts \`field${index + 1}\` (boolean) in its body, reason ${index + 1}`);
    data.threats[0]!.operations = [
      { label: "POST /accounts", reasons },
      { label: "PATCH /accounts/{accountId}", reasons: ["`PATCH /accounts/{accountId}` takes `role` in its body"] },
      { label: "GET /linked-by-hand", reasons: [] },
    ];
    data.answers[0] = { ...data.answers[0]!, answer: "YES", confirmed: false, ruleReason: "`POST /accounts` accepts `isAdmin` in its body" };
    const { pdf } = await renderThreatModelPdf(data);
    const all = (await pdfText(pdf)).pages.join("\n").replace(/\s+/g, " ");
    expect(all).toContain("Why the rules linked each operation");
    for (let index = 1; index <= 5; index++) expect(all).toContain(`“POST /accounts” accepts “field${index}” (boolean) in its body, reason ${index}`);
    expect(all).not.toContain("reason 6");
    expect(all).toContain("and 2 more");
    expect(all).toContain("“PATCH /accounts/{accountId}” takes “role” in its body");
    // The appendix keeps the pre-answer's own reason.
    expect(all).toContain("Rule: “POST /accounts” accepts “isAdmin” in its body");
    expect(all).not.toContain("`");
    // An operation a person linked is listed with its threat, not in the reasons table.
    const reasonsTable = all.slice(all.indexOf("Why the rules linked each operation"), all.indexOf("6. Mitigations", all.indexOf("Why the rules linked each operation")));
    expect(reasonsTable).not.toContain("GET /linked-by-hand");
    expect(all).toContain("GET /linked-by-hand");
  });

  it("prints no reasons table when no operation was linked by a rule", async () => {
    const all = (await pdfText((await renderThreatModelPdf(sampleModel(3))).pdf)).pages.join("\n");
    expect(all).not.toContain("Why the rules linked each operation");
  });
});

describe("reason text", () => {
  it("quotes what the reason put in backticks and drops a stray backtick", () => {
    expect(reasonText("`GET /users/{username}` is keyed by `username`")).toBe("“GET /users/{username}” is keyed by “username”");
    expect(reasonText("an odd ` mark")).toBe("an odd  mark");
  });

  it("keeps up to five reasons and counts the rest", () => {
    expect(reasonLines(["a", "b"])).toEqual(["• a", "• b"]);
    expect(reasonLines(["1", "2", "3", "4", "5"])).toHaveLength(5);
    expect(reasonLines(["1", "2", "3", "4", "5", "6", "7", "8"])).toEqual(["• 1", "• 2", "• 3", "• 4", "• 5", "and 3 more (see the threat in Bulwark)"]);
  });
});
