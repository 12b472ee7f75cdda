import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ZCreateApi, ZListApisQuery, ZTag, ZUpdateApi } from "@/lib/validation/apis";

function issues(result: z.ZodSafeParseResult<unknown>) {
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
}

describe("ZCreateApi", () => {
  it("fills in defaults for everything but the name", () => {
    expect(ZCreateApi.parse({ name: "Payments" })).toEqual({
      name: "Payments",
      description: "",
      team: null,
      technicalOwnerId: null,
      lifecycle: "DESIGN",
      exposure: "INTERNAL",
      protocol: "REST",
      authSchemes: [],
      dataClassification: "INTERNAL",
      dataFlags: [],
      tags: [],
      apiVersion: null,
      system: null,
      specUrl: null,
      environments: [],
    });
  });

  it("trims the name and description", () => {
    const api = ZCreateApi.parse({ name: "  Payments API \n", description: "  Moves money.  " });
    expect(api.name).toBe("Payments API");
    expect(api.description).toBe("Moves money.");
  });

  it('rejects an empty or blank name with "Enter a name."', () => {
    for (const name of ["", "   "]) {
      expect(issues(ZCreateApi.safeParse({ name }))).toEqual([{ path: "name", message: "Enter a name." }]);
    }
  });

  it('rejects a missing name with "Enter a name."', () => {
    expect(issues(ZCreateApi.safeParse({}))).toEqual([{ path: "name", message: "Enter a name." }]);
  });

  it("rejects a name over 120 characters", () => {
    expect(ZCreateApi.safeParse({ name: "a".repeat(120) }).success).toBe(true);
    expect(issues(ZCreateApi.safeParse({ name: "a".repeat(121) }))[0]?.path).toBe("name");
  });

  it("rejects unknown keys, such as an orgId smuggled in the body", () => {
    const found = issues(ZCreateApi.safeParse({ name: "Payments", orgId: "other-org" }));
    expect(found).toHaveLength(1);
    expect(found[0]?.message).toMatch(/orgId/);
  });

  it("rejects unknown enum values", () => {
    expect(issues(ZCreateApi.safeParse({ name: "P", exposure: "EVERYONE" }))).toEqual([
      { path: "exposure", message: "Choose who can reach the API." },
    ]);
    expect(issues(ZCreateApi.safeParse({ name: "P", authSchemes: ["KERBEROS"] }))[0]?.path).toBe("authSchemes.0");
  });

  it("accepts http and https spec URLs, trimmed", () => {
    expect(ZCreateApi.parse({ name: "P", specUrl: " https://api.example.com/openapi.json " }).specUrl).toBe(
      "https://api.example.com/openapi.json",
    );
    expect(ZCreateApi.parse({ name: "P", specUrl: "http://localhost:8080/spec" }).specUrl).toBe("http://localhost:8080/spec");
  });

  it("rejects javascript:, data:, ftp: and file: spec URLs", () => {
    for (const specUrl of ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html,<script>", "ftp://files.example.com/spec", "file:///etc/passwd"]) {
      expect(issues(ZCreateApi.safeParse({ name: "P", specUrl })), specUrl).toEqual([
        { path: "specUrl", message: "The spec URL must be an http:// or https:// URL." },
      ]);
    }
  });

  it("rejects a spec URL over 2048 characters", () => {
    const specUrl = `https://example.com/${"a".repeat(2048)}`;
    expect(issues(ZCreateApi.safeParse({ name: "P", specUrl }))[0]).toEqual({
      path: "specUrl",
      message: "The spec URL is at most 2048 characters.",
    });
  });

  it("validates environment base URLs the same way", () => {
    const ok = ZCreateApi.parse({ name: "P", environments: [{ name: " production ", baseUrl: "https://api.example.com" }] });
    expect(ok.environments).toEqual([{ name: "production", baseUrl: "https://api.example.com" }]);
    for (const baseUrl of ["javascript:alert(1)", "ftp://api.example.com"]) {
      expect(issues(ZCreateApi.safeParse({ name: "P", environments: [{ name: "prod", baseUrl }] })), baseUrl).toEqual([
        { path: "environments.0.baseUrl", message: "The base URL must be an http:// or https:// URL." },
      ]);
    }
  });

  it("lower-cases and trims tags", () => {
    expect(ZCreateApi.parse({ name: "P", tags: [" Payments ", "PCI-DSS", "team:core", "v1.2/beta_x"] }).tags).toEqual([
      "payments",
      "pci-dss",
      "team:core",
      "v1.2/beta_x",
    ]);
  });

  it("rejects tags outside the allowed character set", () => {
    for (const tag of ["has space", "<script>", "-leading-dash", "émoji", "a,b"]) {
      expect(issues(ZCreateApi.safeParse({ name: "P", tags: [tag] })), tag).toEqual([
        { path: "tags.0", message: "Tags use letters, digits and . _ : / - only." },
      ]);
    }
  });

  it("rejects empty and over-long tags", () => {
    expect(issues(ZCreateApi.safeParse({ name: "P", tags: ["  "] }))[0]).toEqual({ path: "tags.0", message: "Tags cannot be empty." });
    expect(ZTag.safeParse("a".repeat(40)).success).toBe(true);
    expect(issues(ZTag.safeParse("a".repeat(41)))[0]?.message).toBe("Tags are at most 40 characters.");
  });

  it("rejects duplicate tags, including ones that only differ by case", () => {
    expect(issues(ZCreateApi.safeParse({ name: "P", tags: ["pci", "pci"] }))).toEqual([{ path: "tags", message: "Each tag may appear once." }]);
    expect(issues(ZCreateApi.safeParse({ name: "P", tags: ["PCI", "pci "] }))).toEqual([{ path: "tags", message: "Each tag may appear once." }]);
  });

  it("accepts 20 tags and rejects 21", () => {
    const tags = Array.from({ length: 21 }, (_, i) => `tag-${i}`);
    expect(ZCreateApi.safeParse({ name: "P", tags: tags.slice(0, 20) }).success).toBe(true);
    expect(issues(ZCreateApi.safeParse({ name: "P", tags }))).toContainEqual({ path: "tags", message: "At most 20 tags." });
  });

  it("rejects duplicate auth schemes and data flags", () => {
    expect(issues(ZCreateApi.safeParse({ name: "P", authSchemes: ["JWT", "MTLS", "JWT"] }))).toEqual([
      { path: "authSchemes", message: "Each auth scheme may appear once." },
    ]);
    expect(issues(ZCreateApi.safeParse({ name: "P", dataFlags: ["PII", "PII"] }))).toEqual([
      { path: "dataFlags", message: "Each data flag may appear once." },
    ]);
    expect(ZCreateApi.parse({ name: "P", authSchemes: ["JWT", "MTLS"] }).authSchemes).toEqual(["JWT", "MTLS"]);
  });

  it("rejects more than 20 environments", () => {
    const environments = Array.from({ length: 21 }, (_, i) => ({ name: `env-${i}`, baseUrl: `https://e${i}.example.com` }));
    expect(ZCreateApi.safeParse({ name: "P", environments: environments.slice(0, 20) }).success).toBe(true);
    expect(issues(ZCreateApi.safeParse({ name: "P", environments }))).toContainEqual({ path: "environments", message: "At most 20 environments." });
  });
});

describe("ZUpdateApi", () => {
  it("requires the version the client last read", () => {
    expect(issues(ZUpdateApi.safeParse({ name: "Renamed" }))).toEqual([{ path: "version", message: "Send the version you last read." }]);
  });

  it("rejects a version that is not a positive integer", () => {
    for (const version of [0, -1, 1.5, "3"]) {
      expect(issues(ZUpdateApi.safeParse({ version }))[0]?.path, String(version)).toBe("version");
    }
  });

  it("accepts a partial update and adds no defaults", () => {
    expect(ZUpdateApi.parse({ version: 3, exposure: "INTERNET" })).toEqual({ version: 3, exposure: "INTERNET" });
  });

  it("still validates the fields it is given", () => {
    expect(issues(ZUpdateApi.safeParse({ version: 1, name: "  " }))).toEqual([{ path: "name", message: "Enter a name." }]);
    expect(issues(ZUpdateApi.safeParse({ version: 1, specUrl: "javascript:alert(1)" }))[0]?.path).toBe("specUrl");
  });

  it("rejects unknown keys", () => {
    expect(ZUpdateApi.safeParse({ version: 1, orgId: "other-org" }).success).toBe(false);
  });
});

describe("ZListApisQuery", () => {
  it("defaults to sort by name, 25 per page, no filters", () => {
    expect(ZListApisQuery.parse({})).toEqual({ exposure: [], lifecycle: [], classification: [], sort: "name", limit: 25 });
  });

  it("parses comma-separated filters", () => {
    const query = ZListApisQuery.parse({ exposure: "INTERNET,PARTNER", lifecycle: "ACTIVE", classification: "RESTRICTED,CONFIDENTIAL" });
    expect(query.exposure).toEqual(["INTERNET", "PARTNER"]);
    expect(query.lifecycle).toEqual(["ACTIVE"]);
    expect(query.classification).toEqual(["RESTRICTED", "CONFIDENTIAL"]);
  });

  it("ignores empty CSV items", () => {
    expect(ZListApisQuery.parse({ exposure: "INTERNET,,PARTNER," }).exposure).toEqual(["INTERNET", "PARTNER"]);
    expect(ZListApisQuery.parse({ exposure: "" }).exposure).toEqual([]);
  });

  it("rejects unknown enum values in a filter", () => {
    expect(issues(ZListApisQuery.safeParse({ exposure: "INTERNET,EVERYONE" }))[0]?.path).toBe("exposure.1");
    expect(ZListApisQuery.safeParse({ lifecycle: "active" }).success).toBe(false);
  });

  it("coerces the limit from a query string and bounds it to 1..100", () => {
    expect(ZListApisQuery.parse({ limit: "100" }).limit).toBe(100);
    expect(issues(ZListApisQuery.safeParse({ limit: "1000" }))).toEqual([{ path: "limit", message: "limit is at most 100." }]);
    expect(issues(ZListApisQuery.safeParse({ limit: "0" }))).toEqual([{ path: "limit", message: "limit is at least 1." }]);
    expect(ZListApisQuery.safeParse({ limit: "ten" }).success).toBe(false);
    expect(ZListApisQuery.safeParse({ limit: "2.5" }).success).toBe(false);
  });

  it("accepts only the listed sorts", () => {
    expect(ZListApisQuery.parse({ sort: "-updatedAt" }).sort).toBe("-updatedAt");
    expect(issues(ZListApisQuery.safeParse({ sort: "passwordHash" }))[0]?.path).toBe("sort");
  });

  it("normalises the tag filter like a tag", () => {
    expect(ZListApisQuery.parse({ tag: " PCI " }).tag).toBe("pci");
    expect(ZListApisQuery.safeParse({ tag: "a b" }).success).toBe(false);
  });

  it("bounds the search text to 100 characters", () => {
    expect(ZListApisQuery.parse({ q: "  pay  " }).q).toBe("pay");
    expect(ZListApisQuery.safeParse({ q: "x".repeat(101) }).success).toBe(false);
  });
});
