import Ajv from "ajv";
import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import OTM_SCHEMA from "@/lib/core/exports/otm/otm-schema.json";
import { createExport } from "@/lib/server/exports/create-export";
import { getExport } from "@/lib/server/exports/get-export";
import { getExportFile } from "@/lib/server/exports/get-export-file";
import { renderExport } from "@/lib/server/exports/render-export";
import { unsafeWaitForExports } from "@/lib/server/exports/queue-export";
import { exportThreatModelOtm } from "@/lib/server/exports/export-threat-model-otm";
import { importOtm } from "@/lib/server/exports/import-otm";
import { loadThreatModelReport } from "@/lib/server/exports/load-threat-model-report";
import { createApi } from "@/lib/server/apis/create-api";
import { createThreat } from "@/lib/server/threats/create-threat";
import { ZCreateApi } from "@/lib/validation/apis";
import { ZCreateThreat } from "@/lib/validation/threats";
import { ZCreateExport } from "@/lib/validation/exports";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";
import { appErrorOf, createOrgWithMembers, type TMemberFixture, type TOrgFixture, type TUserFixture } from "../support/fixtures";
import { seedReportOrg, type TReportOrg } from "../support/report-fixtures";

// A download link carries the session only, no organisation.
const signedInAs = (user: TUserFixture): TSignedInUser => ({ userId: user.id, email: user.email, name: user.name, sessionId: `session-${user.id}`, activeOrgId: null, authMethod: "PASSWORD", mfaEnabled: false });

// Reports and exports against the database: the PDF's text holds every threat and owner, another
// organisation's member gets 404 at every door, CSV cells cannot run as formulas, and OTM
// exports validate against the OTM schema and import back.

let acme: { org: TOrgFixture; admin: TMemberFixture; editor: TMemberFixture; viewer: TMemberFixture };
let globex: { org: TOrgFixture; admin: TMemberFixture };
let seeded: TReportOrg;

beforeAll(async () => {
  acme = await createOrgWithMembers("Acme", ["ADMIN", "EDITOR", "VIEWER"]);
  globex = await createOrgWithMembers("Globex", ["ADMIN"]);
  seeded = await seedReportOrg(acme, { threats: 40 });
});

async function pdfText(pdf: Buffer | Uint8Array) {
  const { totalPages, text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: false });
  return { totalPages, pages: text as string[], all: (text as string[]).join("\n").replace(/\s+/g, " ") };
}

async function readAll(stream: ReadableStream<Uint8Array>): Promise<Buffer> {
  return Buffer.from(await new Response(stream).arrayBuffer());
}

describe("threat model PDF", () => {
  it("holds every threat, every mitigation owner and numbered pages, through the export job", async () => {
    const job = await createExport(acme.viewer.caller, ZCreateExport.parse({ kind: "threat-model-pdf", threatModelId: seeded.approvedModelId }));
    expect(job.status).toBe("QUEUED");
    await unsafeWaitForExports();
    const done = await getExport(acme.viewer.caller, job.id);
    expect(done).toMatchObject({ status: "READY", progress: 100, format: "pdf", downloadUrl: `/api/v1/exports/${job.id}/file` });
    expect(done.fileName).toMatch(/^acme-[0-9a-f]+_Payments-API-[0-9a-f]+_threat-model-v1_\d{4}-\d{2}-\d{2}\.pdf$/);
    const file = await getExportFile(signedInAs(acme.viewer.user), job.id);
    const pdf = await readAll(file.body);
    expect(pdf.length).toBe(file.byteSize);
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const { totalPages, pages, all } = await pdfText(pdf);
    expect(totalPages).toBeGreaterThanOrEqual(5);
    expect(pages.at(-1)).toContain(`Page ${totalPages} of ${totalPages}`);
    for (const title of seeded.threatTitles) expect(all).toContain(title);
    for (const title of seeded.mitigationTitles) expect(all).toContain(title);
    expect(all).toContain(acme.editor.user.name);
    expect(all).toContain(acme.viewer.user.name);
    expect(all).toContain("Approved");
    expect(all).toContain(acme.admin.user.name);
    expect(pages[0]).toContain("CONFIDENTIAL");
  });

  it("answers 404 to a member of another organisation at every door", async () => {
    const job = await createExport(acme.admin.caller, ZCreateExport.parse({ kind: "threat-model-pdf", threatModelId: seeded.approvedModelId }));
    await unsafeWaitForExports();
    expect((await appErrorOf(createExport(globex.admin.caller, ZCreateExport.parse({ kind: "threat-model-pdf", threatModelId: seeded.approvedModelId })))).status).toBe(404);
    expect((await appErrorOf(loadThreatModelReport(globex.admin.caller, seeded.approvedModelId))).status).toBe(404);
    expect((await appErrorOf(exportThreatModelOtm(globex.admin.caller, seeded.approvedModelId))).status).toBe(404);
    expect((await appErrorOf(getExport(globex.admin.caller, job.id))).status).toBe(404);
    expect((await appErrorOf(getExportFile(signedInAs(globex.admin.user), job.id))).status).toBe(404);
    // A colleague in the same organisation cannot fetch someone else's file either.
    expect((await appErrorOf(getExportFile(signedInAs(acme.viewer.user), job.id))).status).toBe(404);
    expect((await appErrorOf(getExport(acme.viewer.caller, job.id))).status).toBe(404);
  });

  it("lets only admins export the whole organisation", async () => {
    expect((await appErrorOf(createExport(acme.editor.caller, ZCreateExport.parse({ kind: "organization" })))).status).toBe(403);
    const job = await createExport(acme.admin.caller, ZCreateExport.parse({ kind: "organization" }));
    await unsafeWaitForExports();
    const file = await getExportFile(signedInAs(acme.admin.user), job.id);
    const document = JSON.parse((await readAll(file.body)).toString("utf8")) as { format: string; apis: { name: string }[] };
    expect(document.format).toBe("bulwark-organization-export");
    expect(document.apis.length).toBe(await db.api.count({ where: { orgId: acme.org.id } }));
  });
});

describe("portfolio PDF", () => {
  it("runs as a job with the dashboard's filters as the browser sends them", async () => {
    const job = await createExport(acme.viewer.caller, ZCreateExport.parse({ kind: "portfolio-pdf", filters: { team: "Payments Core", exposure: "INTERNET,PARTNER" } }));
    await unsafeWaitForExports();
    const done = await getExport(acme.viewer.caller, job.id);
    expect(done).toMatchObject({ status: "READY", error: null });
    const { all } = await pdfText(await readAll((await getExportFile(signedInAs(acme.viewer.user), job.id)).body));
    expect(all).toContain("Team: Payments Core");
    expect(all).toContain("Exposure: internet, partner");
    const audit = await db.auditEvent.findFirst({ where: { orgId: acme.org.id, action: "report.exported", targetId: job.id } });
    expect(audit?.metadata).toEqual({ kind: "portfolio-pdf", format: "pdf" });
  });

  it("prints the figures, charts' data, coverage, overdue work by team and top risks", async () => {
    const file = await renderExport(acme.admin.caller, ZCreateExport.parse({ kind: "portfolio-pdf", filters: { team: "Payments Core" } }));
    const { all, totalPages } = await pdfText(file.content);
    expect(totalPages).toBeGreaterThanOrEqual(4);
    for (const heading of ["1. Key figures", "2. Trend and concentration", "3. OWASP API Top 10 coverage", "4. Overdue work by team", "5. Top risks", "Team: Payments Core"]) expect(all).toContain(heading);
    // The overdue mitigation of the fixture (due 2020-01-01) and its team.
    expect(all).toContain(seeded.mitigationTitles[0]!);
    expect(all).toMatch(/Payments Core \d+/);
    const riskiest = await db.threat.findFirstOrThrow({ where: { threatModelId: seeded.approvedModelId, status: "OPEN" }, orderBy: [{ score: "desc" }, { createdAt: "asc" }] });
    expect(all).toContain(riskiest.title);
  });
});

describe("CSV and JSON exports", () => {
  it("neutralises formulas in every text cell and keeps the raw values in JSON", async () => {
    const api = await createApi(acme.editor.caller, ZCreateApi.parse({ name: `=HYPERLINK("http://evil.example","x") ${Date.now()}`, description: "+1+1", system: "@SUM(A1)" }));
    const { createThreatModel } = await import("@/lib/server/threat-models/create-threat-model");
    const model = await createThreatModel(acme.editor.caller, { apiId: api.id });
    await createThreat(acme.editor.caller, model.id, ZCreateThreat.parse({ title: "-2+3 cmd|' /C calc'!A0", description: "@cmd" }));

    const csv = (await renderExport(acme.viewer.caller, ZCreateExport.parse({ kind: "inventory", format: "csv" }))).content.toString("utf8");
    expect(csv.startsWith("\uFEFFid,name,description,")).toBe(true);
    const line = csv.split("\r\n").find((row) => row.includes("HYPERLINK"))!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")`);
    expect(line).toContain(`"'+1+1"`);
    expect(line).toContain(`"'@SUM(A1)"`);
    // No cell of the file starts with a formula character.
    for (const row of csv.slice(1).split("\r\n").filter(Boolean)) {
      for (const cell of row.match(/("([^"]|"")*"|[^,]*)(,|$)/g) ?? []) expect(cell.replace(/^"/, "")).not.toMatch(/^[=+\-@\t\r]/);
    }
    const threats = (await renderExport(acme.viewer.caller, ZCreateExport.parse({ kind: "threats", format: "csv", models: "all" }))).content.toString("utf8");
    expect(threats).toContain(`"'-2+3 cmd|' /C calc'!A0"`);
    expect(threats).toContain(`"'@cmd"`);

    const json = JSON.parse((await renderExport(acme.viewer.caller, ZCreateExport.parse({ kind: "inventory", format: "json" }))).content.toString("utf8")) as { count: number; data: { name: string; tags: string[] }[] };
    expect(json.count).toBe(json.data.length);
    expect(json.data.map((row) => row.name)).toContain(api.name);
    expect(json.data.find((row) => row.tags.includes("payments"))?.tags).toEqual(["payments", "tier-1"]);
    const mitigations = JSON.parse((await renderExport(acme.viewer.caller, ZCreateExport.parse({ kind: "mitigations", format: "json" }))).content.toString("utf8")) as { data: { title: string; overdue: boolean; assigneeEmail: string | null }[] };
    expect(mitigations.data.find((row) => row.title === seeded.mitigationTitles[0])).toMatchObject({ overdue: true, assigneeEmail: acme.editor.user.email });
  });
});

describe("rule reasons in the reports", () => {
  it("prints each rule-linked operation's reasons in the PDF and carries them in the JSON threats export", async () => {
    const api = await createApi(acme.editor.caller, ZCreateApi.parse({ name: `Accounts ${Date.now()}` }));
    const { createThreatModel } = await import("@/lib/server/threat-models/create-threat-model");
    const model = await createThreatModel(acme.editor.caller, { apiId: api.id });
    const [linkedByRule, linkedByHand] = await Promise.all(
      (["POST /accounts", "GET /accounts/{accountId}"] as const).map((key) => {
        const [method, path] = key.split(" ") as [string, string];
        return db.operation.create({ data: { orgId: acme.org.id, apiId: api.id, method, path, requiresAuth: true, flags: [], parameters: {}, securitySchemes: ["bearer"] } });
      }),
    );
    const threat = await createThreat(acme.editor.caller, model.id, ZCreateThreat.parse({ title: `Mass assignment ${Date.now()}`, description: "Writable privileged fields.", operationIds: [linkedByRule!.id, linkedByHand!.id] }));
    // What the rule engine stores on a link it made; creating the threat by hand leaves it empty.
    const reasons = ["`POST /accounts` accepts `isAdmin` (boolean) in its body", "`POST /accounts` reuses the read model `Account` for its body"];
    await db.threatOperation.update({ where: { threatId_operationId: { threatId: threat.id, operationId: linkedByRule!.id } }, data: { reasons } });

    const data = await loadThreatModelReport(acme.viewer.caller, model.id);
    expect(data.threats.find((row) => row.id === threat.id)?.operations.sort((a, b) => a.label.localeCompare(b.label))).toEqual([
      { label: "GET /accounts/{accountId}", reasons: [] },
      { label: "POST /accounts", reasons },
    ]);

    const { all } = await pdfText((await renderExport(acme.viewer.caller, ZCreateExport.parse({ kind: "threat-model-pdf", threatModelId: model.id }))).content);
    expect(all).toContain("Why the rules linked each operation");
    expect(all).toContain("“POST /accounts” accepts “isAdmin” (boolean) in its body");
    expect(all).toContain("“POST /accounts” reuses the read model “Account” for its body");

    const json = JSON.parse((await renderExport(acme.viewer.caller, ZCreateExport.parse({ kind: "threats", format: "json", models: "all" }))).content.toString("utf8")) as { data: { id: string; operations: string[]; operationReasons: { operation: string; reasons: string[] }[] }[] };
    const row = json.data.find((candidate) => candidate.id === threat.id)!;
    expect(row.operations.sort()).toEqual(["GET /accounts/{accountId}", "POST /accounts"]);
    expect(row.operationReasons.sort((a, b) => a.operation.localeCompare(b.operation))).toEqual([
      { operation: "GET /accounts/{accountId}", reasons: [] },
      { operation: "POST /accounts", reasons },
    ]);
    // The CSV keeps its columns: operations as one cell, no reasons column.
    const csv = (await renderExport(acme.viewer.caller, ZCreateExport.parse({ kind: "threats", format: "csv", models: "all" }))).content.toString("utf8");
    expect(csv.split("\r\n")[0]).not.toContain("operationReasons");
  });
});

describe("Open Threat Model", () => {
  it("exports a model that validates against the OTM schema, and imports it back unchanged", async () => {
    const { otm } = await exportThreatModelOtm(acme.viewer.caller, seeded.approvedModelId);
    const validate = new Ajv({ allErrors: true, strict: false }).compile(OTM_SCHEMA);
    expect(validate(otm), JSON.stringify(validate.errors)).toBe(true);
    const threatCount = await db.threat.count({ where: { threatModelId: seeded.approvedModelId } });
    const mitigationCount = await db.mitigation.count({ where: { threats: { some: { threat: { threatModelId: seeded.approvedModelId } } } } });
    expect(threatCount).toBeGreaterThan(seeded.threatTitles.length);
    expect(otm.threats).toHaveLength(threatCount);
    expect(otm.components?.map((component) => component.type)).toEqual(expect.arrayContaining(["web-service", "api-operation", "generic-client"]));

    const result = await importOtm(acme.editor.caller, JSON.parse(JSON.stringify(otm)), { apiId: seeded.apiId });
    expect(result).toMatchObject({ apiId: seeded.apiId, createdApi: false, threats: threatCount, mitigations: mitigationCount, skippedMitigations: [], assigneesNotFound: [] });
    expect(result.linkedOperations).toBe(await db.threatOperation.count({ where: { threat: { threatModelId: seeded.approvedModelId } } }));
    const shape = async (modelId: string) =>
      (
        await db.threat.findMany({
          where: { threatModelId: modelId },
          select: { title: true, description: true, category: true, owaspApiId: true, stride: true, likelihood: true, impact: true, score: true, severity: true, status: true, operations: { select: { operationId: true } }, mitigations: { select: { mitigation: { select: { title: true, status: true, assigneeId: true, ticketUrl: true } } } } },
          orderBy: { title: "asc" },
        })
      ).map((threat) => ({ ...threat, operations: threat.operations.map((link) => link.operationId).sort(), mitigations: threat.mitigations.map((link) => link.mitigation).sort((a, b) => a.title.localeCompare(b.title)) }));
    expect(await shape(result.threatModelId)).toEqual(await shape(seeded.approvedModelId));
  });

  it("answers what is wrong and where, and creates nothing", async () => {
    const before = await db.threatModel.count({ where: { orgId: acme.org.id } });
    const schemaError = await appErrorOf(importOtm(acme.editor.caller, { otmVersion: "0.2.0", project: { id: "p" }, threats: [{ id: "t1", name: "X", risk: { likelihood: 150, impact: 50 } }] }));
    expect(schemaError.status).toBe(422);
    expect(schemaError.fieldErrors).toEqual(
      expect.arrayContaining([
        { field: "project.name", pointer: "/project/name", detail: "is required" },
        { field: "threats.0.risk.likelihood", pointer: "/threats/0/risk/likelihood", detail: "must be a number from 0 to 100" },
      ]),
    );
    const referenceError = await appErrorOf(
      importOtm(acme.editor.caller, {
        otmVersion: "0.2.0",
        project: { id: "p", name: "Broken refs" },
        trustZones: [{ id: "z", name: "Zone", risk: { trustRating: 50 } }],
        components: [{ id: "c", name: "C", type: "web-service", parent: { trustZone: "nowhere" }, threats: [{ threat: "missing", state: "exposed" }] }],
        threats: [{ id: "t1", name: "X", risk: { likelihood: 50, impact: 50 } }],
      }),
    );
    expect(referenceError.fieldErrors).toEqual([
      { field: "components.0.parent.trustZone", pointer: "/components/0/parent/trustZone", detail: 'names no trust zone of this file ("nowhere")' },
      { field: "components.0.threats.0.threat", pointer: "/components/0/threats/0/threat", detail: 'names no threat of this file ("missing")' },
    ]);
    expect((await appErrorOf(importOtm(acme.editor.caller, { otmVersion: "0.2.0", project: { id: "p", name: "P" }, threats: [{ id: "t", name: "T", risk: { likelihood: 1, impact: 1 } }] }, { apiId: (await db.api.findFirstOrThrow({ where: { orgId: globex.org.id } }).catch(() => ({ id: "cmissing00000000000000000" }))).id }))).status).toBe(404);
    expect(await db.threatModel.count({ where: { orgId: acme.org.id } })).toBe(before);
  });

  it("reads a foreign tool's file: scales risk, maps states and categories, creates the API", async () => {
    const result = await importOtm(acme.editor.caller, {
      otmVersion: "0.1.0",
      project: { id: "shop", name: `Shop ${Date.now()}`, description: "Imported from another tool" },
      trustZones: [{ id: "internet", name: "Internet", risk: { trustRating: 10 } }],
      components: [{ id: "web", name: "Web", type: "web-service", parent: { trustZone: "internet" }, threats: [{ threat: "t1", state: "mitigated", mitigations: [{ mitigation: "m1", state: "implemented" }] }] }],
      threats: [{ id: "t1", name: "Session fixation", categories: ["Spoofing", "API2:2023", "Session management"], risk: { likelihood: 50, impact: 100 } }],
      mitigations: [
        { id: "m1", name: "Rotate session ids", riskReduction: 80 },
        { id: "m2", name: "Never linked", riskReduction: 10 },
      ],
    });
    expect(result).toMatchObject({ createdApi: true, threats: 1, mitigations: 1, skippedMitigations: ["Never linked"] });
    const threat = await db.threat.findFirstOrThrow({ where: { threatModelId: result.threatModelId }, include: { mitigations: { include: { mitigation: true } } } });
    expect(threat).toMatchObject({ title: "Session fixation", likelihood: 3, impact: 5, score: 15, severity: "HIGH", status: "MITIGATED", owaspApiId: "API2", stride: ["S"], category: "session-management" });
    expect(threat.mitigations[0]?.mitigation).toMatchObject({ title: "Rotate session ids", status: "IMPLEMENTED" });
  });
});
