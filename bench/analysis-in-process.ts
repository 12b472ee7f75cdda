// DATABASE_URL=postgresql://…@127.0.0.1/<scratch db> NEXTAUTH_SECRET=… NEXTAUTH_URL=… (the app's environment)
//   node --conditions=react-server --import tsx bench/analysis-in-process.ts [--runs 4]
// Spec analysis without HTTP, for profiling (add --cpu-prof before --conditions): the data
// functions the routes call, in this process, against a local scratch database (migrated here,
// the demo data seeded if absent). Each run imports bench/generate-spec.ts's 1,000-operation spec
// into a fresh API, then times the threat model's parts one by one (loading the rule context,
// the pre-answers, then the whole of createThreatModel, which repeats both and writes). Prints
// one JSON line per run.
import { parseArgs } from "node:util";
import { db } from "@/lib/db";
import { createDbClient } from "@/lib/db/client";
import { prepareDatabase } from "@/lib/db/prepare";
import { preAnswer } from "@/lib/core/threat-models/pre-answers";
import { createApi } from "@/lib/server/apis/create-api";
import { importSpec } from "@/lib/server/specs/import-spec";
import { createThreatModel } from "@/lib/server/threat-models/create-threat-model";
import { loadRuleContext } from "@/lib/server/threat-models/load-rule-context";
import { ZCreateApi } from "@/lib/validation/apis";
import { DEMO_ORGS, seedDemoData } from "@/prisma/seed";
import { generateSpec } from "./generate-spec";

const { values } = parseArgs({ options: { runs: { type: "string", default: "4" }, "idle-wait": { type: "string", default: "0" } } });
const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const url = process.env.DATABASE_URL ?? "";
// It writes APIs, imports and models: never into a database that is not on this machine.
if (!/@(127\.0\.0\.1|localhost)(:\d+)?\//.test(url)) throw new Error("Set DATABASE_URL to a scratch database on 127.0.0.1 or localhost.");

await prepareDatabase(url);
const client = createDbClient({ url });
if (!(await client.organization.findFirst({ where: { slug: DEMO_ORGS[0]!.slug } }))) await seedDemoData(client, "bench-password-123456");
const org = await client.organization.findUniqueOrThrow({ where: { slug: DEMO_ORGS[0]!.slug }, select: { id: true, slug: true, memberships: { where: { role: "ADMIN" }, select: { userId: true, role: true } } } });
const admin = org.memberships[0]!;
const caller = { orgId: org.id, orgSlug: org.slug, userId: admin.userId, role: admin.role, sessionId: null, ip: "127.0.0.1", userAgent: null };
const spec = generateSpec(1000);

const timed = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
  const started = performance.now();
  const result = await work();
  return [result, Math.round(performance.now() - started)];
};

console.log(JSON.stringify({ rssMbAtStart: rssMb() }));
for (let run = 0; run < Number(values.runs); run++) {
  const api = await createApi(caller, ZCreateApi.parse({ name: `In-process bench ${run} ${Date.now()}` }));
  const [imported, importMs] = await timed(() => importSpec(caller, api.id, { text: spec, source: "UPLOAD" }, { dryRun: false }));
  const [context, loadContextMs] = await timed(() => db.$transaction((tx) => loadRuleContext(tx, caller, api.id)));
  const [answers, preAnswerMs] = await timed(() => preAnswer(context, { disabledRuleIds: context.disabledRuleIds }));
  const [model, createThreatModelMs] = await timed(() => createThreatModel(caller, { apiId: api.id }));
  console.log(JSON.stringify({ run, rssMb: rssMb(), importMs, importStages: imported.timings, loadContextMs, preAnswerMs, answers: answers.length, createThreatModelMs, preAnswered: model.preAnswered }));
}
// Memory once the work is over: does the process give back what the imports took?
if (Number(values["idle-wait"]) > 0) {
  console.log(JSON.stringify({ rssMbBeforeIdle: rssMb() }));
  await new Promise((resolve) => setTimeout(resolve, Number(values["idle-wait"])));
  console.log(JSON.stringify({ rssMbAfterIdle: rssMb(), idleWaitMs: Number(values["idle-wait"]) }));
}
await client.$disconnect();
// The app's pooled client and the analysis worker would keep the process alive.
process.exit(0);
