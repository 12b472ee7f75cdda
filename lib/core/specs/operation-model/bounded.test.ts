import { describe, expect, it } from "vitest";
import { boundText, boundValue, readExtensions } from "./bounded";

// Values copied from a spec into the stored model: plain JSON, never larger than their cap.

describe("boundValue", () => {
  it("copies small values as JSON", () => {
    expect(boundValue({ a: [1, "two", null, true], b: { c: 1.5 } }, 100)).toEqual({ a: [1, "two", null, true], b: { c: 1.5 } });
    expect(boundValue(undefined, 100)).toBeUndefined();
  });

  it("turns what JSON cannot hold into text", () => {
    expect(boundValue(new Date("2026-12-03T08:00:00Z"), 100)).toBe("2026-12-03T08:00:00.000Z");
    expect(boundValue([Number.NaN, Number.POSITIVE_INFINITY], 100)).toEqual(["NaN", "Infinity"]);
    expect(boundValue({ skipped: undefined, kept: 1 }, 100)).toEqual({ kept: 1 });
  });

  it("replaces a value over its size or nesting cap by a marker", () => {
    expect(boundValue("x".repeat(101), 100)).toMatchObject({ truncated: true, reason: "size" });
    expect(boundValue(Array.from({ length: 100 }, () => "abc"), 100)).toMatchObject({ truncated: true, reason: "size" });
    let deep: unknown = "leaf";
    for (let level = 0; level < 30; level++) deep = [deep];
    expect(boundValue(deep, 10_000)).toMatchObject({ truncated: true, reason: "size" });
  });
});

describe("boundText and readExtensions", () => {
  it("trims text, drops empty text and marks a cut with an ellipsis", () => {
    expect(boundText("  Reset the database \n", 100)).toBe("Reset the database");
    expect(boundText("   ", 100)).toBeUndefined();
    expect(boundText(42, 100)).toBeUndefined();
    expect(boundText("abcdefghij", 5)).toBe("abcd…");
  });

  it("keeps only x-* keys, sorted", () => {
    expect(Object.keys(readExtensions({ "x-b": 1, summary: "s", "x-a": { internal: true } }, 100))).toEqual(["x-a", "x-b"]);
  });
});
