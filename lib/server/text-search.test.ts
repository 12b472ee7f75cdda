import { describe, expect, it } from "vitest";
import { containsText, escapeLike, startsWithText } from "@/lib/server/text-search";

// Finding 7 of the security assessment: "%" and "_" in a search acted as LIKE wildcards.
// tests/integration/assessment-validation.test.ts shows the effect on real PostgreSQL.

describe("finding 7: escapeLike", () => {
  it.each([
    ["%", "\\%"],
    ["_", "\\_"],
    ["\\", "\\\\"],
    ["100%_done\\x", "100\\%\\_done\\\\x"],
    ["plain text", "plain text"],
  ])("finding 7: %j → %j", (input, escaped) => {
    expect(escapeLike(input)).toBe(escaped);
  });

  it("finding 7: containsText and startsWithText pass the escaped text", () => {
    expect(containsText("5%")).toEqual({ contains: "5\\%", mode: "insensitive" });
    expect(startsWithText("api_")).toEqual({ startsWith: "api\\_" });
  });
});
