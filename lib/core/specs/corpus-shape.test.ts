import { readdirSync, readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { analyseSpec, type TSpecAnalysis } from "@/lib/core/specs/analyse-spec";
import { parseSpecText } from "@/lib/core/specs/parse-spec-text";

// The acceptance corpus (tests/fixtures/specs/corpus, see its README) is only useful for measuring
// recall and precision if every answer key matches its spec exactly and speaks the catalogue's
// language. This checks that shape; it does not judge the rules.

const CORPUS = new URL("../../../tests/fixtures/specs/corpus/", import.meta.url);
const CATALOG = new URL("../../../prisma/catalog/threat-catalog.json", import.meta.url);
const read = (name: string) => readFileSync(new URL(name, CORPUS), "utf8");

type TVerdict = { must: string[]; acceptable: string[]; why: Record<string, string> };
type TAnswerKey = {
  spec: string;
  api?: TVerdict & { mustNot: string[] };
  operations: Record<string, TVerdict>;
  mustNot: Record<string, string[]>;
};

const specFiles = readdirSync(CORPUS)
  .filter((name) => /\.(ya?ml|json)$/.test(name) && !name.endsWith(".expected.json"))
  .sort();
const answerKeyName = (specFile: string) => specFile.replace(/\.(ya?ml|json)$/, ".expected.json");
const catalogKeys = new Set((JSON.parse(readFileSync(CATALOG, "utf8")) as { entries: { key: string }[] }).entries.map((entry) => entry.key));

/** `- \`key\` — Title: rationale` lines under the README's "Catalogue entries the corpus added". */
function addedEntries(): { key: string; title: string; rationale: string }[] {
  const readme = read("README.md");
  const section = readme.split(/^## /m).find((part) => part.startsWith("Catalogue entries the corpus added"));
  if (!section) throw new Error("README.md has no section 'Catalogue entries the corpus added'");
  return [...section.matchAll(/^- `([a-z0-9-]+)` — ([^:\n]+): (.+)$/gm)].map(([, key, title, rationale]) => ({ key: key!, title: title!.trim(), rationale: rationale!.trim() }));
}

const analyses = new Map<string, TSpecAnalysis>();
const answerKeys = new Map<string, TAnswerKey>();
beforeAll(async () => {
  for (const file of specFiles) {
    analyses.set(file, await analyseSpec(read(file)));
    answerKeys.set(file, JSON.parse(read(answerKeyName(file))) as TAnswerKey);
  }
}, 120_000);

describe("the corpus as a whole", () => {
  it("has at least 8 specs with 150 operations between them, each spec with its answer key", () => {
    expect(specFiles.length).toBeGreaterThanOrEqual(8);
    const answerKeyFiles = readdirSync(CORPUS).filter((name) => name.endsWith(".expected.json")).sort();
    expect(answerKeyFiles).toEqual(specFiles.map(answerKeyName).sort());
    const total = [...analyses.values()].reduce((sum, analysis) => sum + analysis.operations.length, 0);
    expect(total).toBeGreaterThanOrEqual(150);
  });

  it("has a Swagger 2.0 spec and an OpenAPI 3.1 spec with both webhooks and callbacks", () => {
    const formats = [...analyses.values()].map((analysis) => analysis.format);
    expect(formats).toContain("swagger-2.0");
    const withHooks = specFiles.filter((file) => {
      const analysis = analyses.get(file)!;
      const text = read(file);
      const document = parseSpecText(text).document as { paths?: Record<string, Record<string, { callbacks?: object }>> };
      const hasCallbacks = Object.values(document.paths ?? {}).some((item) => Object.values(item).some((operation) => typeof operation === "object" && operation !== null && "callbacks" in operation));
      return analysis.format === "openapi-3.1" && analysis.operations.some((operation) => operation.flags.includes("webhook")) && hasCallbacks;
    });
    expect(withHooks.length).toBeGreaterThanOrEqual(1);
  });

  it("lists the catalogue entries it added in the README, each in the catalogue, named in its style, with a title and a rationale", () => {
    const added = addedEntries();
    expect(added.length).toBeGreaterThan(0);
    for (const entry of added) {
      expect(catalogKeys.has(entry.key), `${entry.key} is not in the catalogue`).toBe(true);
      expect(entry.key).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(entry.title.length).toBeGreaterThan(3);
      expect(entry.rationale.length).toBeGreaterThan(10);
    }
    expect(new Set(added.map((entry) => entry.key)).size).toBe(added.length);
  });

  it("uses every added entry somewhere, so the list does not keep stale keys", () => {
    const used = new Set([...answerKeys.values()].flatMap((answerKey) => [
      ...Object.values(answerKey.operations).flatMap((verdict) => [...verdict.must, ...verdict.acceptable]),
      ...Object.values(answerKey.mustNot).flat(),
      ...(answerKey.api ? [...answerKey.api.must, ...answerKey.api.acceptable, ...answerKey.api.mustNot] : []),
    ]));
    for (const { key } of addedEntries()) expect(used.has(key), `${key} is listed as added but unused`).toBe(true);
  });
});

describe.each(specFiles)("%s", (file) => {
  it("analyses without errors and its answer key names it", () => {
    const analysis = analyses.get(file)!;
    expect(analysis.operations.length).toBeGreaterThan(0);
    expect(answerKeys.get(file)!.spec).toBe(file);
  });

  it("lists exactly the analyser's operations, as method and path", () => {
    const answerKey = answerKeys.get(file)!;
    const operationKeys = analyses.get(file)!.operations.map((operation) => operation.key).sort();
    expect(Object.keys(answerKey.operations).sort()).toEqual(operationKeys);
    for (const key of Object.keys(answerKey.mustNot)) expect(operationKeys, `mustNot names ${key}`).toContain(key);
  });

  it("uses only catalogue keys, each verdict consistent and every expected link explained", () => {
    const known = catalogKeys;
    const answerKey = answerKeys.get(file)!;
    const verdicts: [string, TVerdict, string[]][] = Object.entries(answerKey.operations).map(([key, verdict]) => [key, verdict, answerKey.mustNot[key] ?? []]);
    if (answerKey.api) verdicts.push(["(api)", answerKey.api, answerKey.api.mustNot]);
    for (const [where, verdict, mustNot] of verdicts) {
      for (const key of [...verdict.must, ...verdict.acceptable, ...mustNot]) expect(known.has(key), `${where}: unknown key ${key}`).toBe(true);
      for (const list of [verdict.must, verdict.acceptable, mustNot]) expect(new Set(list).size, `${where}: a key repeats`).toBe(list.length);
      const expected = [...verdict.must, ...verdict.acceptable];
      expect(verdict.must.filter((key) => verdict.acceptable.includes(key)), `${where}: must and acceptable overlap`).toEqual([]);
      expect(mustNot.filter((key) => expected.includes(key)), `${where}: mustNot contradicts must/acceptable`).toEqual([]);
      for (const key of verdict.must) expect(verdict.why[key]?.length ?? 0, `${where}: no why for ${key}`).toBeGreaterThan(10);
      for (const key of Object.keys(verdict.why)) expect(expected, `${where}: why for ${key}, which is not expected`).toContain(key);
    }
  });
});
