import { describe, expect, it } from "vitest";
import { asciiFileName, buildFileName, contentDisposition, fileNamePart } from "./content-disposition";

describe("download file names", () => {
  it("keeps letters and digits, and turns everything else into single dashes", () => {
    expect(fileNamePart("Payments API (v2)")).toBe("Payments-API-v2");
    expect(fileNamePart('../../etc/passwd"; x=y')).toBe("etc-passwd-x-y");
    expect(fileNamePart("Zahlungs-API über Grenzen")).toBe("Zahlungs-API-über-Grenzen");
    expect(fileNamePart("\r\nSet-Cookie: a=b")).toBe("Set-Cookie-a-b");
    expect(fileNamePart("   ")).toBe("export");
  });

  it("builds a name from parts with an extension and a length limit", () => {
    expect(buildFileName(["acme-payments", "Payments API", "threat model v2"], "pdf")).toBe("acme-payments_Payments-API_threat-model-v2.pdf");
    expect(buildFileName(["x".repeat(200), "y".repeat(200)], "csv").length).toBeLessThanOrEqual(120);
  });

  it("answers both filename and filename* (RFC 6266 / 8187)", () => {
    const name = buildFileName(["Zahlungs API über"], "pdf");
    expect(asciiFileName(name)).toBe("Zahlungs-API-uber.pdf");
    expect(contentDisposition(name)).toBe(`attachment; filename="Zahlungs-API-uber.pdf"; filename*=UTF-8''Zahlungs-API-%C3%BCber.pdf`);
    expect(contentDisposition("日本語.csv")).toBe(`attachment; filename="export.csv"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.csv`);
  });
});
