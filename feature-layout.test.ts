import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// One name per feature (docs/ARCHITECTURE.md, "Features"): the folders and modules of each layer are
// named after a feature of that table, and every route segment maps to one through its URL words.
// The table is parsed from the document, so the document and the tree cannot drift apart.

const root = path.dirname(new URL(import.meta.url).pathname);
const doc = readFileSync(path.join(root, "docs/ARCHITECTURE.md"), "utf8");
const section = doc.slice(doc.indexOf("## Features"), doc.indexOf("\n## ", doc.indexOf("## Features") + 1));
const rows = [...section.matchAll(/^\| `([a-z-]+)` \|([^|]*)\|/gm)].map(([, feature, words]) => ({
  feature,
  urlWords: [...(words ?? "").matchAll(/`([a-z-]+)`/g)].map((m) => m[1]),
}));
const FEATURES = new Set(rows.map((r) => r.feature));
const URL_WORDS = new Set(rows.flatMap((r) => r.urlWords));

const SHARED = {
  components: ["ui", "shell", "providers"],
  "lib/core": ["app-error", "jsonify"],
  "lib/server": ["scope", "bulk-insert", "fair-queue", "worker-queue", "text-search"],
  "lib/query": ["fetcher", "keys", "types", "use-url-filters"],
  "lib/validation": ["id", "int", "url", "csv"],
};

/** Names directly inside a folder: sub-folders as they are, modules without extension and test suffix. */
function namesIn(folder: string): string[] {
  const names = readdirSync(path.join(root, folder)).map((entry) => {
    if (statSync(path.join(root, folder, entry)).isDirectory()) return entry;
    return entry.replace(/(\.test)?\.(ts|tsx)$/, "");
  });
  return [...new Set(names)];
}

describe("feature layout", () => {
  it("the Features table of docs/ARCHITECTURE.md parses", () => {
    expect(FEATURES.size).toBeGreaterThan(15);
    expect(FEATURES).toContain("threat-models");
    expect(URL_WORDS).toContain("audit-events");
  });

  it.each(Object.entries(SHARED))("every folder or module in %s is a feature or a shared part", (folder, shared) => {
    const strays = namesIn(folder).filter((name) => !FEATURES.has(name) && !shared.includes(name));
    expect(strays, `not in the Features table of docs/ARCHITECTURE.md: ${strays.join(", ")}`).toEqual([]);
  });

  it.each(["app/api/v1", "app/(app)/[orgSlug]", "app/(auth)", "app/api"])("every route segment in %s is a feature's URL word", (folder) => {
    const segments = readdirSync(path.join(root, folder)).filter((entry) => statSync(path.join(root, folder, entry)).isDirectory());
    const unmapped = segments.filter((segment) => segment !== "v1" && !URL_WORDS.has(segment));
    expect(unmapped, `add these URL words to a row of the Features table: ${unmapped.join(", ")}`).toEqual([]);
  });

  it("a planted stray folder name would be caught", () => {
    // The check above is only as good as its filter: an old name must not be accepted.
    for (const old of ["inventory", "reports", "api-inventory", "member", "membership", "invitation", "session", "mfa", "sso"]) expect(FEATURES.has(old), old).toBe(false);
  });
});
