import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { ZListApisQuery, ZUpdateApi } from "@/lib/validation/apis";
import { ZAuditListQuery } from "@/lib/validation/audit";
import { INT4_MAX, zInt, zQueryInt, zVersion } from "@/lib/validation/int";
import { ZListMitigationsQuery, ZSlaSettings, ZUpdateMitigation } from "@/lib/validation/mitigations";
import { ZListFindingsQuery, ZListOperationsQuery } from "@/lib/validation/specs";
import { ZCreateThreat, ZListThreatsQuery, ZUpdateThreat } from "@/lib/validation/threats";
import { ZRiskBands } from "@/lib/validation/settings";
import { ZUpdateCatalogEntry } from "@/lib/validation/catalog";
import { ZUpdateThreatModel } from "@/lib/validation/threat-models";

// Finding 2 of the security assessment: an integer above int4 passed zod and failed in
// PostgreSQL ("out of range for type integer") as a 500.

const TOO_BIG = INT4_MAX + 1;

function messagesAt(result: z.ZodSafeParseResult<unknown>, path: string) {
  expect(result.success).toBe(false);
  return result.error!.issues.filter((issue) => issue.path.join(".") === path).map((issue) => issue.message);
}

describe("finding 2: zInt / zQueryInt / zVersion", () => {
  it("finding 2: the default range is int4", () => {
    expect(zInt().safeParse(INT4_MAX).success).toBe(true);
    expect(messagesAt(zInt().safeParse(TOO_BIG), "")).toEqual(["Must be at most 2,147,483,647."]);
    expect(zInt().safeParse(-INT4_MAX - 1).success).toBe(true);
    expect(zInt().safeParse(-INT4_MAX - 2).success).toBe(false);
  });

  it("finding 2: one message per problem, from the tightest bound", () => {
    expect(messagesAt(zInt({ min: 1, max: 5 }).safeParse(TOO_BIG), "")).toEqual(["Must be at most 5."]);
    expect(messagesAt(zInt({ min: 1, max: 5, error: "1 to 5." }).safeParse(0), "")).toEqual(["1 to 5."]);
    expect(messagesAt(zInt().safeParse(1.5), "")).toEqual(["Must be a whole number."]);
  });

  it("finding 2: refuses bounds outside int4 when the schema is built", () => {
    expect(() => zInt({ max: TOO_BIG })).toThrow(/within int4/);
    expect(() => zQueryInt({ min: -TOO_BIG - 1 })).toThrow(/within int4/);
  });

  it("finding 2: query integers are coerced and bounded the same way", () => {
    expect(zQueryInt({ min: 1, max: 10 }).parse("7")).toBe(7);
    expect(messagesAt(zQueryInt().safeParse("99999999999"), "")).toEqual(["Must be at most 2,147,483,647."]);
  });

  it("finding 2: a version says what to send whatever is wrong with it", () => {
    for (const version of [TOO_BIG, 0, 1.5, "3", undefined]) {
      expect(messagesAt(zVersion().safeParse(version), ""), String(version)).toEqual(["Send the version you last read."]);
    }
    expect(zVersion({ min: 0 }).parse(0)).toBe(0);
    expect(zVersion().parse(INT4_MAX)).toBe(INT4_MAX);
  });
});

describe("finding 2: every schema with an integer refuses one above int4", () => {
  const bodies: [string, z.ZodType, Record<string, unknown>, string][] = [
    ["ZUpdateApi.version", ZUpdateApi, { version: TOO_BIG }, "version"],
    ["ZUpdateThreat.version", ZUpdateThreat, { version: TOO_BIG }, "version"],
    ["ZUpdateThreat.likelihood", ZUpdateThreat, { version: 1, likelihood: TOO_BIG }, "likelihood"],
    ["ZCreateThreat.impact", ZCreateThreat, { title: "T", impact: TOO_BIG }, "impact"],
    ["ZUpdateThreatModel.version", ZUpdateThreatModel, { version: TOO_BIG }, "version"],
    ["ZUpdateMitigation.version", ZUpdateMitigation, { version: TOO_BIG }, "version"],
    ["ZUpdateMitigation.priority", ZUpdateMitigation, { version: 1, priority: TOO_BIG }, "priority"],
    ["ZUpdateCatalogEntry.version", ZUpdateCatalogEntry, { version: TOO_BIG }, "version"],
    ["ZRiskBands.version", ZRiskBands, { version: TOO_BIG, mediumFrom: 5, highFrom: 10, criticalFrom: 20 }, "version"],
    ["ZSlaSettings.version", ZSlaSettings, { version: TOO_BIG, slaCriticalDays: 7, slaHighDays: 30, slaMediumDays: 90, slaLowDays: 180, independentVerification: false }, "version"],
    ["ZSlaSettings.reviewIntervalDays", ZSlaSettings, { version: 1, slaCriticalDays: 7, slaHighDays: 30, slaMediumDays: 90, slaLowDays: 180, independentVerification: false, reviewIntervalDays: TOO_BIG }, "reviewIntervalDays"],
  ];
  it.each(bodies)("finding 2: %s", (_name, schema, input, path) => {
    expect(messagesAt(schema.safeParse(input), path)).toHaveLength(1);
  });

  const queries: [string, z.ZodType, Record<string, string>, string][] = [
    ["ZListApisQuery.limit", ZListApisQuery, { limit: String(TOO_BIG) }, "limit"],
    ["ZListThreatsQuery.likelihood", ZListThreatsQuery, { likelihood: String(TOO_BIG) }, "likelihood"],
    ["ZListThreatsQuery.limit", ZListThreatsQuery, { limit: String(TOO_BIG) }, "limit"],
    ["ZListMitigationsQuery.limit", ZListMitigationsQuery, { limit: String(TOO_BIG) }, "limit"],
    ["ZListOperationsQuery.limit", ZListOperationsQuery, { limit: String(TOO_BIG) }, "limit"],
    ["ZListFindingsQuery.limit", ZListFindingsQuery, { limit: String(TOO_BIG) }, "limit"],
    ["ZAuditListQuery.limit", ZAuditListQuery, { limit: String(TOO_BIG) }, "limit"],
  ];
  it.each(queries)("finding 2: %s", (_name, schema, input, path) => {
    expect(messagesAt(schema.safeParse(input), path)).toHaveLength(1);
  });
});
