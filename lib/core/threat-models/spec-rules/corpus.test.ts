import { beforeAll, describe, expect, it } from "vitest";
import { CORPUS_COMMAND, corpusSpecFiles, figuresTable, measureCorpus, type TCorpusRun } from "@/tests/fixtures/specs/corpus/measure";
import { SPEC_RULES } from "./index";
import type { TEvidence } from "./types";

// The spec rules on the acceptance corpus (tests/fixtures/specs/corpus, see its README), measured
// by tests/fixtures/specs/corpus/measure.ts (the same function prints docs/THREAT-RULES.md's
// figures). Strict, as issue 14 accepts it: every `must` link of every answer key is found and no
// link falls outside `must` + `acceptable`, per operation and API-wide (traps included). The
// corpus is for measuring only: no rule names its operations or fields.
//
// Each spec is linted with the project's Spectral run first, as the import does, so the
// lint-derived rules are measured too.
//
// Run: npx vitest run --project unit lib/core/threat-models/spec-rules/corpus.test.ts
// (CORPUS_DETAIL=1 in front lists each spec's missed and unexpected links.)

const specFiles = corpusSpecFiles();
let runs: TCorpusRun[] = [];
const runOf = (file: string) => {
  const run = runs.find((candidate) => candidate.spec.file === file);
  if (!run) throw new Error(`no corpus run for ${file}`);
  return run;
};

beforeAll(async () => {
  runs = await measureCorpus();
}, 60_000);

describe("the spec rules on the acceptance corpus", () => {
  it("prints the figures", () => {
    console.log(`${figuresTable(runs.map((run) => run.figures))}\n(${CORPUS_COMMAND})`);
    if (process.env.CORPUS_DETAIL) for (const { figures } of runs) console.log(figures.file, { missed: figures.missed, unexpected: figures.unexpected, apiFound: figures.apiFound, apiMissed: figures.apiMissed, apiUnexpected: figures.apiUnexpected });
    expect(runs.map((run) => run.spec.file)).toEqual(specFiles);
  });

  it.each(specFiles)("%s: every must link is found and no link is unexpected", (file) => {
    const { figures } = runOf(file);
    expect(figures.missed, "missed links").toEqual([]);
    expect(figures.traps, "links the answer key names as traps").toEqual([]);
    expect(figures.unexpected, "unexpected links").toEqual([]);
    expect(figures.recall).toBe(100);
    expect(figures.precision).toBe(100);
  });

  it.each(specFiles)("%s: API-wide answers are the expected ones and fall into no trap", (file) => {
    const { figures } = runOf(file);
    expect(figures.apiMissed, "missed API-wide answers").toEqual([]);
    expect(figures.apiUnexpected, "unexpected API-wide answers").toEqual([]);
    expect(figures.apiTraps, "API-wide traps").toEqual([]);
  });

  it.each(specFiles)("%s: every reason names its operation and a field, parameter, status code or security scheme", (file) => {
    const { spec, context } = runOf(file);
    const schemeNames = new Set(spec.model.operations.flatMap((operation) => operation.security.alternatives.flatMap((alternative) => alternative.schemes.map(({ scheme }) => scheme.name))));
    const evidence: TEvidence[] = SPEC_RULES.flatMap((rule) => [...spec.model.operations.flatMap((operation) => rule.evaluate(operation, context)), ...(rule.evaluateApi?.(context) ?? [])]);
    expect(evidence.length).toBeGreaterThan(0);
    // API-wide evidence points at the API (a server, a lint finding) or at one security scheme by name.
    expect(evidence.filter((piece) => piece.operationKey === null && !["api", "security"].includes(piece.target.kind)).map((piece) => piece.reason)).toEqual([]);
    const vague = evidence.filter((piece) => piece.operationKey !== null && !(piece.reason.includes(`\`${piece.operationKey}\``) && namesWhatTriggered(piece.reason, piece.operationKey, schemeNames)));
    expect(vague.map((piece) => piece.reason)).toEqual([]);
  });
});

/** A backticked name other than the operation key, a status code ("no 429 response") or a security scheme's name. */
function namesWhatTriggered(reason: string, operationKey: string, schemeNames: Set<string>): boolean {
  const quoted = [...reason.matchAll(/`([^`]+)`/g)].map((match) => match[1] ?? "").filter((name) => name !== operationKey);
  if (quoted.length > 0) return true;
  if (/\b[1-5](\d\d|XX)\b/.test(reason)) return true;
  return [...schemeNames].some((name) => reason.includes(name));
}

describe("namesWhatTriggered", () => {
  const schemes = new Set(["sessionCookie"]);
  it("accepts a backticked field, a status code or a scheme name", () => {
    expect(namesWhatTriggered("`POST /signup` accepts `isAdmin` in its body", "POST /signup", schemes)).toBe(true);
    expect(namesWhatTriggered("`POST /login` documents no 429 response", "POST /login", schemes)).toBe(true);
    expect(namesWhatTriggered("`POST /orders` is authenticated by the sessionCookie cookie", "POST /orders", schemes)).toBe(true);
  });
  it("rejects a reason that names only its operation", () => {
    expect(namesWhatTriggered("`POST /signup` looks risky", "POST /signup", schemes)).toBe(false);
    expect(namesWhatTriggered("`GET /v1/items` and its path look internal", "GET /v1/items", schemes)).toBe(false);
  });
});
