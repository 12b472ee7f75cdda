import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  OWASP_API_IDS,
  RULE_ENTRY_KEYS,
  SEED_TOPICS,
  ZCatalogFile,
  type TCatalogFile,
  type TOwaspApiId,
  type TSeedTopic,
} from "@/lib/core/threat-models/catalog-schema";

const raw: unknown = JSON.parse(readFileSync(new URL("./threat-catalog.json", import.meta.url), "utf8"));
const parsed = ZCatalogFile.safeParse(raw);
// Later tests read the parsed data; if parsing fails, the first test says why.
const catalog = (parsed.success ? parsed.data : raw) as TCatalogFile;

const MIN_ENTRIES = 44;
const MIN_PER_TAG = 2;

/** What the inventory rules (lib/core/threat-models/rules.ts) imply for the entries they answer. */
const RULE_EXPECTATIONS: Record<
  keyof typeof RULE_ENTRY_KEYS,
  { category: string; owaspAnyOf: TOwaspApiId[]; seedTopics?: TSeedTopic[] }
> = {
  objectIdInPath: { category: "object-authorization", owaspAnyOf: ["API1"] },
  unauthenticatedOperations: { category: "authentication", owaspAnyOf: ["API2"] },
  weakAuthScheme: { category: "authentication", owaspAnyOf: ["API2"] },
  sensitiveFieldsInResponses: { category: "property-authorization", owaspAnyOf: ["API3"] },
  noRateLimiting: { category: "resource-consumption", owaspAnyOf: ["API4"] },
  unboundedLists: { category: "resource-consumption", owaspAnyOf: ["API4"] },
  adminFunctions: { category: "function-authorization", owaspAnyOf: ["API5"] },
  urlInputs: { category: "ssrf", owaspAnyOf: ["API7"] },
  deprecatedStillLive: { category: "inventory", owaspAnyOf: ["API9"] },
  cleartextTransport: { category: "transport-and-data", owaspAnyOf: ["API8", "API3"], seedTopics: ["insecure-transport"] },
  sensitiveDataProtection: { category: "transport-and-data", owaspAnyOf: ["API8", "API3"], seedTopics: ["data-protection"] },
  fileUploads: { category: "resource-consumption", owaspAnyOf: ["API4"] },
};

const OWASP_PAGE_SLUGS: Record<TOwaspApiId, string> = {
  API1: "0xa1-broken-object-level-authorization",
  API2: "0xa2-broken-authentication",
  API3: "0xa3-broken-object-property-level-authorization",
  API4: "0xa4-unrestricted-resource-consumption",
  API5: "0xa5-broken-function-level-authorization",
  API6: "0xa6-unrestricted-access-to-sensitive-business-flows",
  API7: "0xa7-server-side-request-forgery",
  API8: "0xa8-security-misconfiguration",
  API9: "0xa9-improper-inventory-management",
  API10: "0xaa-unsafe-consumption-of-apis",
};
const OWASP_PAGE_PREFIX = "https://owasp.org/API-Security/editions/2023/en/";

function countBy<T extends string>(values: T[]): Map<T, number> {
  const counts = new Map<T, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Every coverage rule the catalogue must meet; one message per broken rule, empty when all hold. */
function coverageProblems(file: TCatalogFile): string[] {
  const problems: string[] = [];
  const { categories, entries } = file;

  if (entries.length < MIN_ENTRIES) problems.push(`only ${entries.length} entries, need ${MIN_ENTRIES}`);

  for (const [key, count] of countBy(entries.map((entry) => entry.key))) {
    if (count > 1) problems.push(`entry key ${key} is used ${count} times`);
  }
  for (const [key, count] of countBy(categories.map((category) => category.key))) {
    if (count > 1) problems.push(`category key ${key} is used ${count} times`);
  }

  const categoryKeys = new Set(categories.map((category) => category.key));
  for (const entry of entries) {
    if (!categoryKeys.has(entry.category)) problems.push(`${entry.key} has unknown category ${entry.category}`);
  }
  const perCategory = countBy(entries.map((entry) => entry.category));
  for (const category of categories) {
    const count = perCategory.get(category.key) ?? 0;
    if (count < MIN_PER_TAG) problems.push(`category ${category.key} has ${count} entries`);
  }

  const perOwasp = countBy(entries.flatMap((entry) => entry.owaspApi));
  for (const id of OWASP_API_IDS) {
    const count = perOwasp.get(id) ?? 0;
    if (count < MIN_PER_TAG) problems.push(`OWASP ${id} is on ${count} entries`);
  }
  const perSeedTopic = countBy(entries.flatMap((entry) => entry.seedTopics));
  for (const topic of SEED_TOPICS) {
    const count = perSeedTopic.get(topic) ?? 0;
    if (count < MIN_PER_TAG) problems.push(`seed topic ${topic} is on ${count} entries`);
  }

  const byKey = new Map(entries.map((entry) => [entry.key, entry]));
  for (const [rule, key] of Object.entries(RULE_ENTRY_KEYS) as [keyof typeof RULE_ENTRY_KEYS, string][]) {
    const entry = byKey.get(key);
    const expected = RULE_EXPECTATIONS[rule];
    if (!entry) {
      problems.push(`rule ${rule} needs entry ${key}`);
      continue;
    }
    if (entry.category !== expected.category) {
      problems.push(`${key} (rule ${rule}) is in ${entry.category}, expected ${expected.category}`);
    }
    if (!expected.owaspAnyOf.some((id) => entry.owaspApi.includes(id))) {
      problems.push(`${key} (rule ${rule}) needs one of ${expected.owaspAnyOf.join(", ")}`);
    }
    for (const topic of expected.seedTopics ?? []) {
      if (!entry.seedTopics.includes(topic)) problems.push(`${key} (rule ${rule}) needs seed topic ${topic}`);
    }
  }

  return problems;
}

describe("built-in threat catalogue", () => {
  it("satisfies ZCatalogFile", () => {
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it(`has at least ${MIN_ENTRIES} entries and a wizard-sized set of categories`, () => {
    expect(catalog.entries.length).toBeGreaterThanOrEqual(MIN_ENTRIES);
    expect(catalog.categories.length).toBeGreaterThanOrEqual(12);
    expect(catalog.categories.length).toBeLessThanOrEqual(16);
  });

  it("meets every coverage rule", () => {
    expect(coverageProblems(catalog)).toEqual([]);
  });

  it("lists entries grouped by category, in step order (the sync takes positions from file order)", () => {
    const stepOf = new Map(catalog.categories.map((category, index) => [category.key, index]));
    const steps = catalog.entries.map((entry) => stepOf.get(entry.category) ?? -1);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
  });

  it.each(OWASP_API_IDS)(`puts %s on at least ${MIN_PER_TAG} entries`, (id) => {
    expect(catalog.entries.filter((entry) => entry.owaspApi.includes(id)).length).toBeGreaterThanOrEqual(MIN_PER_TAG);
  });

  it.each(SEED_TOPICS)(`puts seed topic %s on at least ${MIN_PER_TAG} entries`, (topic) => {
    expect(catalog.entries.filter((entry) => entry.seedTopics.includes(topic)).length).toBeGreaterThanOrEqual(
      MIN_PER_TAG,
    );
  });

  it.each(catalog.categories.map((category) => category.key))(
    `has at least ${MIN_PER_TAG} entries in category %s`,
    (key) => {
      expect(catalog.entries.filter((entry) => entry.category === key).length).toBeGreaterThanOrEqual(MIN_PER_TAG);
    },
  );

  it.each(Object.entries(RULE_ENTRY_KEYS))("contains the entry for rule %s (%s) as the rule implies", (rule, key) => {
    const entry = catalog.entries.find((candidate) => candidate.key === key);
    const expected = RULE_EXPECTATIONS[rule as keyof typeof RULE_ENTRY_KEYS];
    expect(entry, `missing entry ${key}`).toBeDefined();
    expect(entry?.category).toBe(expected.category);
    expect(expected.owaspAnyOf.some((id) => entry?.owaspApi.includes(id))).toBe(true);
    for (const topic of expected.seedTopics ?? []) expect(entry?.seedTopics).toContain(topic);
  });

  describe.each(catalog.entries.map((entry) => [entry.key, entry] as const))("entry %s", (_key, entry) => {
    it("links only to https pages, each once, consistent with its tags", () => {
      const urls = entry.references.map((reference) => reference.url);
      expect(urls.length).toBeGreaterThanOrEqual(1);
      expect(urls.length).toBeLessThanOrEqual(4);
      expect(new Set(urls).size).toBe(urls.length);
      for (const url of urls) {
        expect(new URL(url).protocol).toBe("https:");
        if (url.startsWith(OWASP_PAGE_PREFIX)) {
          const id = OWASP_API_IDS.find((candidate) => url === `${OWASP_PAGE_PREFIX}${OWASP_PAGE_SLUGS[candidate]}/`);
          expect(id, `unknown OWASP API Top 10 page ${url}`).toBeDefined();
          if (id) expect(entry.owaspApi, `${url} cited but ${id} not tagged`).toContain(id);
        }
        const cwe = /^https:\/\/cwe\.mitre\.org\/data\/definitions\/(\d+)\.html$/.exec(url);
        if (url.includes("cwe.mitre.org")) expect(cwe, `malformed CWE link ${url}`).not.toBeNull();
        if (cwe) expect(entry.cwe, `${url} cited but not tagged`).toContain(`CWE-${cwe[1]}`);
      }
    });

    it("has a usable question and 2 to 5 mitigations, without duplicate tags", () => {
      expect(entry.question).toMatch(/\?$/);
      expect(entry.mitigations.length).toBeGreaterThanOrEqual(2);
      expect(entry.mitigations.length).toBeLessThanOrEqual(5);
      for (const tags of [entry.owaspApi, entry.stride, entry.cwe, entry.seedTopics]) {
        expect(new Set<string>(tags).size).toBe(tags.length);
      }
    });
  });

  describe("coverage check", () => {
    const without = (drop: (entry: TCatalogFile["entries"][number]) => boolean): TCatalogFile => ({
      ...catalog,
      entries: catalog.entries.filter((entry) => !drop(entry)),
    });

    it("notices when an OWASP id loses its entries", () => {
      expect(coverageProblems(without((entry) => entry.owaspApi.includes("API7")))).toContain(
        "OWASP API7 is on 0 entries",
      );
    });

    it("notices when a seed topic loses its entries", () => {
      expect(coverageProblems(without((entry) => entry.seedTopics.includes("iot-edge")))).toContain(
        "seed topic iot-edge is on 0 entries",
      );
    });

    it("notices when an entry the rules answer is removed", () => {
      expect(coverageProblems(without((entry) => entry.key === RULE_ENTRY_KEYS.fileUploads))).toContain(
        `rule fileUploads needs entry ${RULE_ENTRY_KEYS.fileUploads}`,
      );
    });

    it("notices duplicate keys and empty categories", () => {
      const first = catalog.entries[0];
      expect(first).toBeDefined();
      if (!first) return;
      const problems = coverageProblems({
        ...catalog,
        categories: [...catalog.categories, { key: "unused", title: "Unused", description: "No entries." }],
        entries: [...catalog.entries, first],
      });
      expect(problems).toContain(`entry key ${first.key} is used 2 times`);
      expect(problems).toContain("category unused has 0 entries");
    });
  });
});
