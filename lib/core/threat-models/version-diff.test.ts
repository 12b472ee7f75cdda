import { describe, expect, it } from "vitest";
import { diffVersions, threatKey, type TDiffThreat } from "./version-diff";

function threat(fields: Partial<TDiffThreat> & Pick<TDiffThreat, "title">): TDiffThreat {
  const likelihood = fields.likelihood ?? 3;
  const impact = fields.impact ?? 3;
  return { catalogEntryKey: null, likelihood, impact, score: likelihood * impact, severity: "MEDIUM", status: "OPEN", ...fields };
}

describe("threatKey", () => {
  it("uses the catalogue entry for checklist threats and the normalised title for manual ones", () => {
    expect(threatKey({ catalogEntryKey: "api1-object-id-in-path", title: "Whatever" })).toBe("api1-object-id-in-path");
    expect(threatKey({ catalogEntryKey: null, title: "  SQL Injection in Search " })).toBe("manual:sql injection in search");
  });
});

describe("diffVersions", () => {
  it("reports nothing for identical versions", () => {
    const threats = [threat({ title: "A", catalogEntryKey: "api1-x" }), threat({ title: "Manual" })];
    const answers = [{ entryKey: "api1-x", answer: "YES" }];
    expect(diffVersions({ threats, answers }, { threats: threats.map((t) => ({ ...t })), answers: [...answers] })).toEqual({
      added: [],
      removed: [],
      changed: [],
      answers: [],
      scoreBefore: 18,
      scoreAfter: 18,
    });
  });

  it("lists added, removed and changed threats, with exactly the fields that changed", () => {
    const before = {
      threats: [
        threat({ title: "Object ids", catalogEntryKey: "api1-object-id-in-path", likelihood: 4, impact: 3, score: 12, severity: "HIGH" }),
        threat({ title: "Rate limits", catalogEntryKey: "api4-no-rate-limiting" }),
        threat({ title: "Old manual threat", likelihood: 2, impact: 2, score: 4, severity: "LOW" }),
        threat({ title: "Unchanged", catalogEntryKey: "api7-url-inputs" }),
      ],
      answers: [],
    };
    const after = {
      threats: [
        threat({ title: "Object ids", catalogEntryKey: "api1-object-id-in-path", likelihood: 5, impact: 3, score: 15, severity: "HIGH" }),
        threat({ title: "Rate limits", catalogEntryKey: "api4-no-rate-limiting", status: "MITIGATED" }),
        threat({ title: "New manual threat", likelihood: 5, impact: 4, score: 20, severity: "CRITICAL" }),
        threat({ title: "Unchanged", catalogEntryKey: "api7-url-inputs" }),
      ],
      answers: [],
    };
    const diff = diffVersions(before, after);
    expect(diff.added).toEqual([{ key: "manual:new manual threat", title: "New manual threat", severity: "CRITICAL", score: 20 }]);
    expect(diff.removed).toEqual([{ key: "manual:old manual threat", title: "Old manual threat", severity: "LOW", score: 4 }]);
    expect(diff.changed).toEqual([
      { key: "api1-object-id-in-path", title: "Object ids", changes: { likelihood: { from: 4, to: 5 }, score: { from: 12, to: 15 } } },
      { key: "api4-no-rate-limiting", title: "Rate limits", changes: { status: { from: "OPEN", to: "MITIGATED" } } },
    ]);
  });

  it("matches checklist threats by entry even when their title changed", () => {
    const diff = diffVersions(
      { threats: [threat({ title: "Old title", catalogEntryKey: "api2-weak-auth-scheme" })], answers: [] },
      { threats: [threat({ title: "New title", catalogEntryKey: "api2-weak-auth-scheme", severity: "HIGH" })], answers: [] },
    );
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([{ key: "api2-weak-auth-scheme", title: "New title", changes: { title: { from: "Old title", to: "New title" }, severity: { from: "MEDIUM", to: "HIGH" } } }]);
  });

  it("matches manual threats by title case-insensitively and ignoring outer spaces", () => {
    const diff = diffVersions(
      { threats: [threat({ title: "Replay of signed links" })], answers: [] },
      { threats: [threat({ title: " REPLAY of Signed Links ", impact: 4, score: 12, severity: "HIGH" })], answers: [] },
    );
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([
      {
        key: "manual:replay of signed links",
        title: " REPLAY of Signed Links ",
        changes: { title: { from: "Replay of signed links", to: " REPLAY of Signed Links " }, impact: { from: 3, to: 4 }, score: { from: 9, to: 12 }, severity: { from: "MEDIUM", to: "HIGH" } },
      },
    ]);
  });

  it("does not confuse a manual threat with a checklist threat of the same title", () => {
    const diff = diffVersions(
      { threats: [threat({ title: "Same title", catalogEntryKey: "api1-object-id-in-path" })], answers: [] },
      { threats: [threat({ title: "Same title" })], answers: [] },
    );
    expect(diff.added.map((t) => t.key)).toEqual(["manual:same title"]);
    expect(diff.removed.map((t) => t.key)).toEqual(["api1-object-id-in-path"]);
    expect(diff.changed).toEqual([]);
  });

  it("lists answers that were given, withdrawn or changed, and not the unchanged ones", () => {
    const diff = diffVersions(
      {
        threats: [],
        answers: [
          { entryKey: "same", answer: "YES" },
          { entryKey: "changed", answer: "UNSURE" },
          { entryKey: "withdrawn", answer: "NO" },
        ],
      },
      {
        threats: [],
        answers: [
          { entryKey: "same", answer: "YES" },
          { entryKey: "changed", answer: "NOT_APPLICABLE" },
          { entryKey: "new", answer: "YES" },
        ],
      },
    );
    expect(diff.answers).toEqual([
      { entryKey: "changed", from: "UNSURE", to: "NOT_APPLICABLE" },
      { entryKey: "withdrawn", from: "NO", to: null },
      { entryKey: "new", from: null, to: "YES" },
    ]);
  });

  it("sums the scores of open threats only, before and after", () => {
    const statuses = ["OPEN", "MITIGATED", "ACCEPTED", "TRANSFERRED", "NOT_APPLICABLE"];
    const before = { threats: statuses.map((status, i) => threat({ title: `T${i}`, status, likelihood: 2, impact: i + 1, score: 2 * (i + 1) })), answers: [] };
    const after = {
      threats: [threat({ title: "T0", status: "MITIGATED", likelihood: 2, impact: 1, score: 2 }), threat({ title: "T1", status: "OPEN", likelihood: 2, impact: 2, score: 4 }), threat({ title: "Extra", score: 25, likelihood: 5, impact: 5 })],
      answers: [],
    };
    const diff = diffVersions(before, after);
    expect(diff.scoreBefore).toBe(2);
    expect(diff.scoreAfter).toBe(29);
  });
});
