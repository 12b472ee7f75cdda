// npx tsx bench/spec-engine.ts [--operations 1000] [--runs 5]
// The pure spec-rule engine in-process, no server and no database: bench/generate-spec.ts's spec is
// parsed once, then buildOperationModel and runSpecRules (every rule, nothing switched off) run
// `runs` times each. Prints one JSON line (the last line of stdout) with the medians, every run,
// the heap after the runs and the process's peak RSS (Spectral, loaded to lint the spec once, included); run.ts's --only engine runs this file in a
// child process so the peak is the engine's own.
import { parseArgs } from "node:util";
import { buildOperationModel } from "@/lib/core/specs/operation-model/build-operation-model";
import type { TOperationModel } from "@/lib/core/specs/operation-model/types";
import { lintSpec } from "@/lib/core/specs/lint-spec";
import { parseSpecText } from "@/lib/core/specs/parse-spec-text";
import { detectFormat } from "@/lib/core/specs/spec-format";
import { runSpecRules } from "@/lib/core/threat-models/spec-rules/engine";
import { SPEC_RULES } from "@/lib/core/threat-models/spec-rules/index";
import type { TSpecRuleContext } from "@/lib/core/threat-models/spec-rules/types";
import { generateSpec } from "./generate-spec";

export type TSpecEngineBench = {
  operations: number;
  specBytes: number;
  /** Spectral findings passed to the rules, as an import stores them (linted once, not timed). */
  findings: number;
  rules: number;
  answers: number;
  linkedOperations: number;
  parseMs: number;
  modelMs: { median: number; runs: number[] };
  /** The first run (cold JIT, as the first model after a server start) and the `runs` after it. */
  rulesMs: { first: number; median: number; runs: number[] };
  /** CPU time (user + system) of the same runs: on a loaded machine wall time also counts the waits for a core. */
  rulesCpuMs: { median: number; runs: number[] };
  /** The slowest rules of the last run, summed over every operation and the API-wide pass. */
  slowestRulesMs: Record<string, number>;
  heapUsedMb: number;
  peakRssMb: number;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round1 = (value: number) => Math.round(value * 10) / 10;

/** Times each rule on its own over the whole model, as the engine would run it. */
function timeRules(context: TSpecRuleContext): Record<string, number> {
  const perRule: [string, number][] = [];
  for (const rule of SPEC_RULES) {
    const started = performance.now();
    for (const operation of context.model.operations) rule.evaluate(operation, context);
    rule.evaluateApi?.(context);
    perRule.push([rule.id, performance.now() - started]);
  }
  perRule.sort((a, b) => b[1] - a[1]);
  return Object.fromEntries(perRule.slice(0, 8).map(([id, ms]) => [id, round1(ms)]));
}

export async function benchSpecEngine(operationCount: number, runs: number): Promise<TSpecEngineBench> {
  const text = generateSpec(operationCount);
  let started = performance.now();
  const { document } = parseSpecText(text);
  const format = detectFormat(document);
  const parseMs = Math.round(performance.now() - started);

  const modelRuns: number[] = [];
  let model: TOperationModel | undefined;
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    model = buildOperationModel(document, format);
    modelRuns.push(Math.round(performance.now() - started));
  }
  // The model as the rules read it at threat-model creation: out of the database, i.e. JSON.
  const context: TSpecRuleContext = {
    model: JSON.parse(JSON.stringify(model)) as TOperationModel,
    api: { exposure: "INTERNET", lifecycle: "ACTIVE", dataClassification: "CONFIDENTIAL", dataFlags: [] },
    findings: (await lintSpec(text, { document })).map(({ ruleId, operationKey, message }) => ({ ruleId, operationKey, message })),
  };
  const ruleRuns: number[] = [];
  const ruleCpuRuns: number[] = [];
  started = performance.now();
  let answers = runSpecRules(context);
  const firstRulesMs = Math.round(performance.now() - started);
  for (let run = 0; run < runs; run++) {
    started = performance.now();
    const cpu = process.cpuUsage();
    answers = runSpecRules(context);
    const used = process.cpuUsage(cpu);
    ruleRuns.push(Math.round(performance.now() - started));
    ruleCpuRuns.push(Math.round((used.user + used.system) / 1000));
  }
  return {
    operations: context.model.operations.length,
    specBytes: Buffer.byteLength(text),
    findings: context.findings.length,
    rules: SPEC_RULES.length,
    answers: answers.length,
    linkedOperations: answers.reduce((sum, answer) => sum + answer.operations.length, 0),
    parseMs,
    modelMs: { median: median(modelRuns), runs: modelRuns },
    rulesMs: { first: firstRulesMs, median: median(ruleRuns), runs: ruleRuns },
    rulesCpuMs: { median: median(ruleCpuRuns), runs: ruleCpuRuns },
    slowestRulesMs: timeRules(context),
    heapUsedMb: Math.round(process.memoryUsage().heapUsed / 1024 / 1024),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

const isMain = process.argv[1]?.endsWith("spec-engine.ts");
if (isMain) {
  const { values } = parseArgs({ options: { operations: { type: "string", default: "1000" }, runs: { type: "string", default: "5" } } });
  console.log(JSON.stringify(await benchSpecEngine(Number(values.operations), Number(values.runs))));
}
