import { beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { createExport } from "@/lib/server/exports/create-export";
import { getExport } from "@/lib/server/exports/get-export";
import { unsafeWaitForExports } from "@/lib/server/exports/queue-export";
import { ZCreateExport } from "@/lib/validation/exports";
import { addMember, createOrgWithMembers, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// Finding 1 of the outside assessment: the per-member export limit was a count followed by an
// insert (100 concurrent requests were all accepted), and every organisation shared one FIFO
// export queue, so one organisation's burst delayed everybody else's exports by its whole length.

const LIMIT = 3;

describe("the per-member export limit under concurrency", () => {
  let initech: { org: TOrgFixture; viewer: TMemberFixture };

  beforeAll(async () => {
    initech = await createOrgWithMembers("Initech", ["VIEWER"]);
  });

  it("accepts at most 3 of 100 concurrent requests by one member; the rest get 429 with what to do", { timeout: 120_000 }, async () => {
    // PDFs: the first one waits for the PDF worker to start, so no job of this member can finish
    // (and legitimately free a slot) while the burst is still being answered.
    const request = ZCreateExport.parse({ kind: "portfolio-pdf" });
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => createExport(initech.viewer.caller, request)));
    const burstEnded = new Date();

    const accepted = results.filter((result) => result.status === "fulfilled");
    const refused = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
    const finishedDuringBurst = await db.exportJob.count({ where: { requestedById: initech.viewer.user.id, finishedAt: { lte: burstEnded } } });
    expect(finishedDuringBurst, "precondition: no job finished while the burst was answered").toBe(0);

    expect(accepted.length, `${accepted.length} of 100 concurrent export requests were accepted`).toBe(LIMIT);
    expect(await db.exportJob.count({ where: { requestedById: initech.viewer.user.id } })).toBe(LIMIT);
    expect(await db.auditEvent.count({ where: { actorId: initech.viewer.user.id, action: "report.exported" } })).toBe(LIMIT);
    expect(refused).toHaveLength(100 - LIMIT);
    for (const error of refused) {
      expect(error).toBeInstanceOf(AppError);
      expect(error).toMatchObject({ code: "RATE_LIMITED", status: 429, message: `You have ${LIMIT} exports in progress. Wait for one to finish, then ask again.` });
    }

    await unsafeWaitForExports();
    // Once they are done, the member may export again.
    await expect(createExport(initech.viewer.caller, request)).resolves.toMatchObject({ status: "QUEUED" });
    await unsafeWaitForExports();
  });
});

describe("export queue fairness between organisations", () => {
  let hooli: { org: TOrgFixture; members: TMemberFixture[] };
  let piedPiper: { org: TOrgFixture; viewer: TMemberFixture };

  beforeAll(async () => {
    const created = await createOrgWithMembers("Hooli", ["OWNER"]);
    const members: TMemberFixture[] = [];
    // Many members, so the per-member limit does not stop the organisation's burst.
    for (let index = 0; index < 50; index++) members.push(await addMember(created.org, "VIEWER"));
    hooli = { org: created.org, members };
    // Enough APIs that each of Hooli's exports takes a moment.
    await db.api.createMany({ data: Array.from({ length: 1_200 }, (_, index) => ({ orgId: hooli.org.id, name: `Hooli API ${index}`, description: "Part of the burst.", tags: ["burst", "load"] })) });
    piedPiper = await createOrgWithMembers("Pied Piper", ["VIEWER"]);
    await db.api.create({ data: { orgId: piedPiper.org.id, name: "Compression API" } });
  });

  it("finishes another organisation's small CSV export within 2 s while one organisation's burst of 150 exports is queued", { timeout: 180_000 }, async () => {
    const burst = Promise.all(hooli.members.flatMap((member) => Array.from({ length: LIMIT }, () => createExport(member.caller, ZCreateExport.parse({ kind: "inventory", format: "json" })))));
    const burstJobs = await burst;
    expect(burstJobs).toHaveLength(hooli.members.length * LIMIT);
    const queuedAhead = await db.exportJob.count({ where: { orgId: hooli.org.id, status: "QUEUED" } });
    expect(queuedAhead, "precondition: Hooli's burst is still queued when Pied Piper asks").toBeGreaterThan(20);

    const started = performance.now();
    const job = await createExport(piedPiper.viewer.caller, ZCreateExport.parse({ kind: "inventory", format: "csv" }));
    let status = job.status;
    while (status !== "READY" && status !== "FAILED" && performance.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      status = (await getExport(piedPiper.viewer.caller, job.id)).status;
    }
    const elapsedMs = Math.round(performance.now() - started);
    const hooliStillWaiting = await db.exportJob.count({ where: { orgId: hooli.org.id, status: { in: ["QUEUED", "RUNNING"] } } });

    expect(status).toBe("READY");
    expect(elapsedMs, `Pied Piper's export took ${elapsedMs} ms behind Hooli's burst`).toBeLessThan(2_000);
    expect(hooliStillWaiting, "the burst was really running alongside").toBeGreaterThan(0);

    await unsafeWaitForExports();
    expect(await db.exportJob.count({ where: { orgId: hooli.org.id, status: "READY" } })).toBe(burstJobs.length);
  });
});
