import { describe, expect, it } from "vitest";
import { slugify } from "@/lib/core/organization/slugify";

describe("slugify", () => {
  it("lower-cases and joins words with dashes", () => {
    expect(slugify("Acme Security Team")).toBe("acme-security-team");
  });

  it("removes diacritics", () => {
    expect(slugify("Crème Brûlée Société")).toBe("creme-brulee-societe");
    expect(slugify("Zürich Ørsted Ñandú")).toMatch(/^zurich-/);
    expect(slugify("Ñandú")).toBe("nandu");
  });

  it("collapses runs of punctuation and spaces into one dash", () => {
    expect(slugify("Acme,  Inc. -- R&D!!")).toBe("acme-inc-r-d");
    expect(slugify("a___b///c")).toBe("a-b-c");
  });

  it("trims leading and trailing dashes", () => {
    expect(slugify("  --Acme--  ")).toBe("acme");
    expect(slugify("(Acme)")).toBe("acme");
  });

  it("keeps digits", () => {
    expect(slugify("Team 42")).toBe("team-42");
  });

  it("cuts to at most 48 characters", () => {
    const slug = slugify("a".repeat(100));
    expect(slug).toBe("a".repeat(48));
  });

  it("never ends with a dash after cutting to 48 characters", () => {
    // 47 letters, a space, then more words: the cut lands right after the separator.
    const slug = slugify(`${"a".repeat(47)} bcd efg`);
    expect(slug.length).toBeLessThanOrEqual(48);
    expect(slug).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(slug).toBe("a".repeat(47));
  });

  it('answers "org" when nothing usable is left', () => {
    expect(slugify("")).toBe("org");
    expect(slugify("   ")).toBe("org");
    expect(slugify("!!!---???")).toBe("org");
    expect(slugify("日本語")).toBe("org");
  });

  it("always produces a URL-safe slug", () => {
    for (const name of ["Ünïcödé Ltd.", "  x  ", "1", "<script>alert(1)</script>", "../../etc/passwd", "A".repeat(60) + "!"]) {
      const slug = slugify(name);
      expect(slug, name).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
      expect(slug.length, name).toBeLessThanOrEqual(48);
    }
  });
});
