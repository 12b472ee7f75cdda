import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "@/lib/core/audit/csv";

describe("csvCell", () => {
  it("leaves plain text alone and quotes commas, quotes and line breaks", () => {
    expect(csvCell("mitigation.updated")).toBe("mitigation.updated");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("defuses every formula prefix: = + - @ tab and carriage return", () => {
    expect(csvCell("=HYPERLINK(\"http://evil.example\",\"x\")")).toBe("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
    expect(csvCell("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1:A9)")).toBe("'@SUM(A1:A9)");
    expect(csvCell("\t=1+1")).toBe("'\t=1+1");
    expect(csvCell("\r=1+1")).toBe("\"'\r=1+1\"");
    // Inside the text the same characters are harmless and kept.
    expect(csvCell("a=b")).toBe("a=b");
  });

  it("joins a row with CRLF", () => {
    expect(csvRow(["x", "=1", null])).toBe("x,'=1,\r\n");
  });
});
