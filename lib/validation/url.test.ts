import { describe, expect, it } from "vitest";
import { planOtmImport, validateOtm } from "@/lib/core/exports/otm/otm";
import { ZCreateApi } from "@/lib/validation/apis";
import { ZUpdateMitigation } from "@/lib/validation/mitigations";
import { ZCatalogEntryInput } from "@/lib/validation/catalog";
import { httpUrl } from "@/lib/validation/url";

// Finding 4 of the security assessment: the organisation and OTM imports stored javascript:
// links that the forms refuse. One schema now serves the forms, the API and both imports.

const BAD = ["javascript:alert(1)", "JavaScript:alert(document.cookie)", " javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", "file:///etc/passwd", "ftp://files.example.com/x"];

describe("finding 4: httpUrl", () => {
  it.each(BAD)("finding 4: refuses %j", (value) => {
    expect(httpUrl("The link", "link").safeParse(value).error?.issues.map((issue) => issue.message)).toEqual(["The link must be an http:// or https:// link."]);
  });

  it("finding 4: takes http and https links, trimmed, up to 2048 characters", () => {
    expect(httpUrl("The link").parse(" https://tickets.example.com/SEC-1 ")).toBe("https://tickets.example.com/SEC-1");
    expect(httpUrl("The link").parse("http://localhost:8080/x")).toBe("http://localhost:8080/x");
    expect(httpUrl("The link").safeParse(`https://example.com/${"a".repeat(2048)}`).error?.issues[0]?.message).toBe("The link is at most 2048 characters.");
  });

  it("finding 4: refuses what is not a string", () => {
    expect(httpUrl("The link").safeParse(42).success).toBe(false);
  });

  it("finding 4: the forms use it: spec URL, base URL, ticket and evidence links, catalogue references", () => {
    for (const value of BAD) {
      expect(ZCreateApi.safeParse({ name: "P", specUrl: value }).success, value).toBe(false);
      expect(ZCreateApi.safeParse({ name: "P", environments: [{ name: "prod", baseUrl: value }] }).success, value).toBe(false);
      expect(ZUpdateMitigation.safeParse({ version: 1, ticketUrl: value }).success, value).toBe(false);
      expect(ZUpdateMitigation.safeParse({ version: 1, evidenceUrl: value }).success, value).toBe(false);
      expect(ZCatalogEntryInput.shape.references.safeParse([{ label: "Ref", url: value }]).success, value).toBe(false);
    }
  });
});

describe("finding 4: OTM ticket links", () => {
  const otm = (ticketUrl: unknown) => ({
    otmVersion: "0.2.0",
    project: { id: "p", name: "P" },
    trustZones: [{ id: "z", name: "Z", risk: { trustRating: 10 } }],
    components: [{ id: "c", name: "C", type: "web-service", parent: { trustZone: "z" }, threats: [{ threat: "t", state: "open", mitigations: [{ mitigation: "m", state: "planned" }] }] }],
    threats: [{ id: "t", name: "T", risk: { likelihood: 50, impact: 50 } }],
    mitigations: [{ id: "m", name: "M", riskReduction: 50, attributes: { "bulwark:ticketUrl": ticketUrl } }],
  });

  it.each([...BAD, 42])("finding 4: validateOtm refuses %j with a pointer to it", (value) => {
    const result = validateOtm(otm(value));
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toEqual([
      { field: "mitigations.0.attributes.bulwark:ticketUrl", pointer: "/mitigations/0/attributes/bulwark:ticketUrl", detail: "The ticket link must be an http:// or https:// link." },
    ]);
  });

  it("finding 4: an https ticket link is imported, trimmed", () => {
    const result = validateOtm(otm(" https://tickets.example.com/SEC-9 "));
    expect(result.ok).toBe(true);
    expect(result.ok && planOtmImport(result.otm).mitigations[0]?.ticketUrl).toBe("https://tickets.example.com/SEC-9");
  });
});
