import { describe, expect, it } from "vitest";
import { DEFAULT_RISK_BANDS, SEVERITY_ORDER, riskScore, severityOf, validBands, type TRiskBands } from "./risk";

describe("riskScore", () => {
  it("multiplies likelihood by impact", () => {
    expect(riskScore(1, 1)).toBe(1);
    expect(riskScore(3, 4)).toBe(12);
    expect(riskScore(4, 3)).toBe(12);
    expect(riskScore(2, 5)).toBe(10);
    expect(riskScore(5, 5)).toBe(25);
  });
});

describe("severityOf with the default bands (1–4 low, 5–9 medium, 10–16 high, 20–25 critical)", () => {
  it("keeps the product's defaults", () => {
    expect(DEFAULT_RISK_BANDS).toEqual({ mediumFrom: 5, highFrom: 10, criticalFrom: 20 });
  });

  it.each([
    [1, "LOW"],
    [4, "LOW"],
    [5, "MEDIUM"],
    [9, "MEDIUM"],
    [10, "HIGH"],
    [16, "HIGH"],
    [19, "HIGH"],
    [20, "CRITICAL"],
    [25, "CRITICAL"],
  ] as const)("score %i is %s", (score, severity) => {
    expect(severityOf(score)).toBe(severity);
    expect(severityOf(score, DEFAULT_RISK_BANDS)).toBe(severity);
  });

  it("maps every reachable score (1–5 × 1–5) to the documented band", () => {
    const expected = (score: number) => (score <= 4 ? "LOW" : score <= 9 ? "MEDIUM" : score <= 16 ? "HIGH" : "CRITICAL");
    for (let likelihood = 1; likelihood <= 5; likelihood++) {
      for (let impact = 1; impact <= 5; impact++) {
        const score = riskScore(likelihood, impact);
        expect(severityOf(score), `${likelihood}×${impact}`).toBe(expected(score));
      }
    }
  });
});

describe("severityOf with an organisation's own bands", () => {
  const bands: TRiskBands = { mediumFrom: 3, highFrom: 8, criticalFrom: 15 };
  it.each([
    [2, "LOW"],
    [3, "MEDIUM"],
    [7, "MEDIUM"],
    [8, "HIGH"],
    [14, "HIGH"],
    [15, "CRITICAL"],
    [25, "CRITICAL"],
  ] as const)("score %i is %s", (score, severity) => {
    expect(severityOf(score, bands)).toBe(severity);
  });

  it("can leave almost everything low", () => {
    const lenient: TRiskBands = { mediumFrom: 23, highFrom: 24, criticalFrom: 25 };
    expect(severityOf(22, lenient)).toBe("LOW");
    expect(severityOf(23, lenient)).toBe("MEDIUM");
    expect(severityOf(24, lenient)).toBe("HIGH");
    expect(severityOf(25, lenient)).toBe("CRITICAL");
  });
});

describe("validBands", () => {
  it("accepts rising bands between 2 and 25", () => {
    expect(validBands(DEFAULT_RISK_BANDS)).toBe(true);
    expect(validBands({ mediumFrom: 2, highFrom: 3, criticalFrom: 4 })).toBe(true);
    expect(validBands({ mediumFrom: 23, highFrom: 24, criticalFrom: 25 })).toBe(true);
  });

  it("rejects a medium band starting below 2", () => {
    expect(validBands({ mediumFrom: 1, highFrom: 10, criticalFrom: 20 })).toBe(false);
    expect(validBands({ mediumFrom: 0, highFrom: 10, criticalFrom: 20 })).toBe(false);
  });

  it("rejects bands that do not strictly rise", () => {
    expect(validBands({ mediumFrom: 10, highFrom: 10, criticalFrom: 20 })).toBe(false);
    expect(validBands({ mediumFrom: 5, highFrom: 20, criticalFrom: 20 })).toBe(false);
    expect(validBands({ mediumFrom: 12, highFrom: 10, criticalFrom: 20 })).toBe(false);
    expect(validBands({ mediumFrom: 5, highFrom: 21, criticalFrom: 20 })).toBe(false);
  });

  it("rejects a critical band beyond the highest score", () => {
    expect(validBands({ mediumFrom: 5, highFrom: 10, criticalFrom: 26 })).toBe(false);
  });
});

describe("SEVERITY_ORDER", () => {
  it("runs from low to critical", () => {
    expect(SEVERITY_ORDER).toEqual(["LOW", "MEDIUM", "HIGH", "CRITICAL"]);
  });
});
