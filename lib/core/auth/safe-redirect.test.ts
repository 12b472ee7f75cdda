import { describe, expect, it } from "vitest";
import { safeNextPath } from "@/lib/core/auth/safe-redirect";

const ORIGIN = "https://bulwark.example";

/**
 * Where a browser ends up when the login form does router.replace(result) on ORIGIN: the result
 * must be a path of this site, never a protocol-relative "//host" or a backslash variant of it.
 */
function expectSameSitePath(input: string) {
  const result = safeNextPath(input);
  const what = `safeNextPath(${JSON.stringify(input)}) returned ${JSON.stringify(result)}`;
  expect(result.startsWith("/"), what).toBe(true);
  expect(result.startsWith("//"), what).toBe(false);
  expect(result.startsWith("/\\"), what).toBe(false);
  expect(new URL(result, ORIGIN).origin, what).toBe(ORIGIN);
}

describe("safeNextPath", () => {
  it("keeps a same-site path with its query and fragment", () => {
    expect(safeNextPath("/acme/apis?x=1#h")).toBe("/acme/apis?x=1#h");
    expect(safeNextPath("/")).toBe("/");
    expect(safeNextPath("/acme/apis/c123/threat-model")).toBe("/acme/apis/c123/threat-model");
  });

  it.each([
    ["undefined", undefined],
    ["null", null],
    ["an empty string", ""],
    ["an absolute https URL", "https://evil.com"],
    ["an absolute http URL", "http://evil.com/acme"],
    ["a protocol-relative URL", "//evil.com"],
    ["a protocol-relative URL with a path", "//evil.com/acme/apis"],
    ["three slashes", "///evil.com"],
    ["a backslash after the slash", "/\\evil.com"],
    ["slash, backslash, slash", "/\\/evil.com"],
    ["a tab between the slashes", "/\t/evil.com"],
    ["a newline between the slashes", "/\n/evil.com"],
    ["a carriage return between the slashes", "/\r/evil.com"],
    ["a javascript: URL", "javascript:alert(1)"],
    ["a relative path without a leading slash", "acme/apis"],
    ["a leading space", " /acme"],
  ])("answers / for %s", (_label, input) => {
    expect(safeNextPath(input)).toBe("/");
  });

  it("keeps an encoded backslash as a harmless path on this site", () => {
    // URL leaves %5C encoded in the path; a browser never reads it as a second slash.
    expectSameSitePath("/%5Cevil.com");
    expect(safeNextPath("/%5Cevil.com")).toBe("/%5Cevil.com");
  });

  // Dot segments are resolved by URL after the "starts with one slash" check, so "/..//evil.com"
  // resolves to the path "//evil.com" on the same origin. Returned as it is, the login form's
  // router.replace("//evil.com") goes to evil.com: the redirect must not start with "//".
  it.each([
    "/..//evil.com",
    "/.//evil.com",
    "/a/..//evil.com",
    "/%2e%2e//evil.com",
    "/%2e//evil.com",
    "/./\\evil.com",
    "/.//evil.com/acme?x=1",
  ])("never returns a protocol-relative path for the dot-segment trick %j", (input) => {
    expectSameSitePath(input);
  });

  it("every result is a same-site path", () => {
    const inputs = ["/acme", "/acme/../other", "/a/b/../../c", "/?next=//evil.com", "/#//evil.com", "/%2F%2Fevil.com", "/acme//apis", "/\u00e9t\u00e9"];
    for (const input of inputs) expectSameSitePath(input);
    // An encoded or embedded "//" in the query or fragment is data, not a host.
    expect(safeNextPath("/?next=//evil.com")).toBe("/?next=//evil.com");
    expect(safeNextPath("/acme/../other")).toBe("/other");
  });
});
