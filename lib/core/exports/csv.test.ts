import { describe, expect, it } from "vitest";
import { CSV_BOM, csvCell, csvLine, joinList } from "./csv";

describe("csvCell", () => {
  it.each([
    ["=HYPERLINK(\"http://evil.example\",\"click\")", `"'=HYPERLINK(""http://evil.example"",""click"")"`],
    ["+1+1", `"'+1+1"`],
    ["-2+3", `"'-2+3"`],
    ["@SUM(A1:A2)", `"'@SUM(A1:A2)"`],
    ["\tcmd", `"'\tcmd"`],
    ["\r=1", `"'\r=1"`],
    ["  =1+1", `"'  =1+1"`],
  ])("neutralises a formula: %j", (input, expected) => {
    expect(csvCell(input)).toBe(expected);
  });

  it("leaves ordinary text alone and quotes only what needs it", () => {
    expect(csvCell("Payments API")).toBe("Payments API");
    expect(csvCell("a, b")).toBe('"a, b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("mid-word - dash = fine")).toBe("mid-word - dash = fine");
    expect(csvCell("")).toBe("");
  });

  it("writes numbers, booleans, dates and empty values as themselves", () => {
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(12)).toBe("12");
    expect(csvCell(true)).toBe("true");
    expect(csvCell(new Date("2026-01-02T03:04:05.000Z"))).toBe("2026-01-02T03:04:05.000Z");
    expect(csvCell(null)).toBe("");
    expect(csvCell(undefined)).toBe("");
  });

  it("quotes every neutralised cell, as OWASP advises; ends lines with CRLF and joins lists", () => {
    expect(csvLine(["a", 1, null, "=x"])).toBe(`a,1,,"'=x"\r\n`);
    expect(joinList(["PII", null, "PCI"])).toBe("PII; PCI");
    expect(CSV_BOM).toBe("\uFEFF");
  });
});
