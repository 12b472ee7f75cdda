import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { exportOrganization } from "@/lib/server/exports/export-organization";
import { importOrganization } from "@/lib/server/exports/import-organization";
import { mapJsonRefs, personColumn, TABLE_SPECS, type TOrganizationExport } from "@/lib/server/exports/organization-file";
import { addMember, appErrorOf, createOrgWithMembers, type TMemberFixture, type TOrgFixture } from "../support/fixtures";
import { seedReportOrg } from "../support/report-fixtures";

// The whole-organisation export re-imports into an empty organisation without losing anything:
// every row comes back with every field equal, every id replaced, and every reference pointing
// at the replacement of what it pointed at before.

type TRow = Record<string, unknown>;
let source: { org: TOrgFixture; admin: TMemberFixture; editor: TMemberFixture; viewer: TMemberFixture };
let exported: TOrganizationExport;

beforeAll(async () => {
  source = await createOrgWithMembers("Source", ["ADMIN", "EDITOR", "VIEWER"]);
  await seedReportOrg(source);
  exported = JSON.parse(JSON.stringify(await exportOrganization(source.admin.caller))) as TOrganizationExport;
});

/** A target organisation whose members are the same people as the source's. */
async function targetWithSamePeople() {
  const target = await createOrgWithMembers("Target", ["ADMIN"]);
  await addMember(target.org, "EDITOR", source.editor.user);
  await addMember(target.org, "VIEWER", source.viewer.user);
  await addMember(target.org, "ADMIN", source.admin.user);
  return target;
}

/**
 * Compares two exports table by table. Rows are matched on every field except ids, with
 * references translated through the ids matched so far, so a match proves the fields and the
 * links are equal; the old → new id map must be one-to-one and share no id.
 */
function expectSameOrganisation(before: TOrganizationExport, after: TOrganizationExport) {
  const newIdOf = new Map<string, string>();
  for (const spec of TABLE_SPECS) {
    const rowsBefore = before[spec.key] as TRow[];
    const rowsAfter = after[spec.key] as TRow[];
    expect(rowsAfter.length, spec.key).toBe(rowsBefore.length);
    const selfRefs = Object.entries(spec.refs ?? {}).filter(([, target]) => target === spec.key).map(([column]) => column);
    const signature = (row: TRow, translate: (id: string) => string) =>
      JSON.stringify(
        Object.keys(row)
          .filter((key) => key !== "id" && !selfRefs.includes(key))
          .sort()
          .map((key) => {
            if (spec.refs?.[key]) return [key, row[key] === null ? null : translate(row[key] as string)];
            if (spec.listRefs?.[key]) return [key, (row[key] as string[]).map(translate)];
            const jsonRef = spec.jsonRefs?.[key];
            if (jsonRef) return [key, mapJsonRefs(row[key], jsonRef.property, translate)];
            return [key, row[key]];
          }),
      );
    const unmatched = new Map<string, TRow[]>();
    for (const row of rowsAfter) {
      const key = signature(row, (id) => id);
      unmatched.set(key, [...(unmatched.get(key) ?? []), row]);
    }
    for (const row of rowsBefore) {
      const key = signature(row, (id) => newIdOf.get(id) ?? `not-yet-matched:${id}`);
      const candidates = unmatched.get(key);
      expect(candidates?.length, `${spec.key}: no row after import equals ${key.slice(0, 300)}`).toBeGreaterThan(0);
      const match = candidates!.shift()!;
      if (spec.hasId) {
        expect(match.id).not.toBe(row.id);
        newIdOf.set(row.id as string, match.id as string);
      }
    }
    for (const column of selfRefs) {
      for (const row of rowsBefore) {
        const match = rowsAfter.find((candidate) => candidate.id === newIdOf.get(row.id as string))!;
        expect(match[column], `${spec.key}.${column}`).toBe(row[column] === null ? null : newIdOf.get(row[column] as string));
      }
    }
  }
  expect(new Set(newIdOf.values()).size).toBe(newIdOf.size);
  const oldIds = new Set(newIdOf.keys());
  expect([...newIdOf.values()].filter((id) => oldIds.has(id))).toEqual([]);
}

describe("organisation export and import", () => {
  it("exports every table the organisation owns, people by email, no ids of people", () => {
    for (const spec of TABLE_SPECS) expect(Array.isArray(exported[spec.key]), spec.key).toBe(true);
    for (const key of ["apis", "operations", "threatModels", "answers", "threats", "threatOperations", "mitigations", "threatMitigations", "comments", "riskSnapshots", "catalogEntries", "templates", "settings", "specImports", "lintFindings", "environments", "reviews", "teams"]) {
      expect((exported[key] as TRow[]).length, key).toBeGreaterThan(0);
    }
    const api = (exported.apis as TRow[])[0]!;
    expect(api.technicalOwnerEmail).toBe(source.viewer.user.email);
    expect(api).not.toHaveProperty("technicalOwnerId");
    expect(api).not.toHaveProperty("orgId");
    expect(api.createdAt).toMatch(/Z$/);
    expect(JSON.stringify(exported)).not.toContain(source.viewer.user.id);
    expect(JSON.stringify(exported)).not.toContain("passwordHash");
    expect(exported.people.map((person) => person.email).sort()).toEqual([source.admin.user.email, source.editor.user.email, source.viewer.user.email].sort());
  });

  it("re-imports into an empty organisation equal field by field, with every id remapped consistently", async () => {
    const target = await targetWithSamePeople();
    const result = await importOrganization(target.admin.caller, exported);
    expect(result.peopleNotFound).toEqual([]);
    // Evidence names operations by id inside JSON: the file must carry some, or the remapping below proves nothing.
    expect((exported.answers as TRow[]).some((row) => JSON.stringify(row.ruleEvidence ?? null).includes('"operationId"'))).toBe(true);
    for (const spec of TABLE_SPECS) expect(result.counts[spec.key], spec.key).toBe((exported[spec.key] as TRow[]).length);
    const again = JSON.parse(JSON.stringify(await exportOrganization(target.admin.caller))) as TOrganizationExport;
    expectSameOrganisation(exported, again);
    // The database's own derived data agrees: the rollups were recomputed from the imported rows.
    const rollups = async (orgId: string) =>
      (await db.apiRiskRollup.findMany({ where: { orgId }, select: { openCritical: true, openHigh: true, openMedium: true, openLow: true, riskScore: true, heat: true, currentModelStatus: true } })).map((row) => JSON.stringify(row)).sort();
    expect(await rollups(target.org.id)).toEqual(await rollups(source.org.id));
    // And the source is untouched.
    expect(await db.api.count({ where: { orgId: source.org.id } })).toBe((exported.apis as TRow[]).length);
  });

  it("leaves references to people who are not members empty, and says who they were", async () => {
    const target = await createOrgWithMembers("Strangers", ["ADMIN"]);
    const result = await importOrganization(target.admin.caller, exported);
    expect(result.peopleNotFound).toEqual([source.admin.user.email, source.editor.user.email, source.viewer.user.email].sort());
    const api = await db.api.findFirstOrThrow({ where: { orgId: target.org.id } });
    expect(api.technicalOwnerId).toBeNull();
    expect(await db.membership.count({ where: { orgId: target.org.id } })).toBe(1);
  });

  it("imports a file written before models recorded their contributors: the lists start empty", async () => {
    const target = await createOrgWithMembers("Older file", ["ADMIN"]);
    const older = JSON.parse(JSON.stringify(exported)) as TOrganizationExport;
    expect((older.threatModels as TRow[]).length).toBeGreaterThan(0);
    for (const model of older.threatModels as TRow[]) delete model.contributorEmails;
    await importOrganization(target.admin.caller, older);
    const models = await db.threatModel.findMany({ where: { api: { orgId: target.org.id } }, select: { contributorIds: true } });
    expect(models.length).toBe((older.threatModels as TRow[]).length);
    expect(models.every((model) => model.contributorIds.length === 0)).toBe(true);
  });

  it("refuses an organisation that already has data", async () => {
    const error = await appErrorOf(importOrganization(source.admin.caller, exported));
    expect(error.status).toBe(409);
    expect(error.message).toMatch(/already has data/);
  });

  it("says what is wrong and where, and writes nothing", async () => {
    const target = await createOrgWithMembers("Broken", ["ADMIN"]);
    const broken = JSON.parse(JSON.stringify(exported)) as TOrganizationExport;
    (broken.apis as TRow[])[0]!.exposure = "EVERYWHERE";
    delete (broken.threats as TRow[])[1]!.title;
    (broken.threats as TRow[])[0]!.threatModelId = "cnot-in-this-file";
    (broken.mitigations as TRow[])[0]![personColumn("assigneeId")] = 42;
    const first = await appErrorOf(importOrganization(target.admin.caller, broken));
    expect(first.status).toBe(422);
    expect(first.fieldErrors).toEqual(
      expect.arrayContaining([
        { field: "apis.0.exposure", pointer: "/apis/0/exposure", detail: "must be one of INTERNET, PARTNER, INTERNAL" },
        { field: "threats.1.title", pointer: "/threats/1/title", detail: "is missing" },
        { field: "mitigations.0.assigneeEmail", pointer: "/mitigations/0/assigneeEmail", detail: "must be an email or null" },
      ]),
    );
    (broken.apis as TRow[])[0]!.exposure = "INTERNET";
    (broken.threats as TRow[])[1]!.title = "Back again";
    (broken.mitigations as TRow[])[0]!.assigneeEmail = null;
    const second = await appErrorOf(importOrganization(target.admin.caller, broken));
    expect(second.fieldErrors).toEqual([{ field: "threats.0.threatModelId", pointer: "/threats/0/threatModelId", detail: "refers to cnot-in-this-file, which is not in this file's threatModels" }]);
    expect(await db.api.count({ where: { orgId: target.org.id } })).toBe(0);
    const notAnExport = await appErrorOf(importOrganization(target.admin.caller, { format: "something-else" }));
    expect(notAnExport.fieldErrors?.[0]?.pointer).toBe("/format");
  });
});
