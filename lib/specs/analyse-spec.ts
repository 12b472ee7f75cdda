import { createHash } from "node:crypto";
import { extractOperations, readOverview, type TExtractedOperation, type TSpecOverview } from "./extract-operations";
import { lintSpec, type TLintFinding } from "./lint-spec";
import { parseSpecText } from "./parse-spec-text";
import { checkReferences } from "./refs";
import { SpecError } from "./spec-error";
import { detectFormat, type TSpecFormat } from "./spec-format";
import { validateStructure } from "./validate-structure";

export const MAX_OPERATIONS = 5_000;

export type TSpecAnalysis = TSpecOverview & {
  format: TSpecFormat;
  checksum: string;
  sizeBytes: number;
  text: string;
  operations: TExtractedOperation[];
  findings: TLintFinding[];
  timings: Record<"parse" | "validate" | "extract" | "lint", number>;
};

const METHOD_KEYS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

function countOperations(document: Record<string, unknown>): number {
  let count = 0;
  for (const group of [document.paths, document.webhooks]) {
    if (!group || typeof group !== "object") continue;
    for (const item of Object.values(group as Record<string, unknown>)) {
      if (item && typeof item === "object") count += Object.keys(item).filter((key) => METHOD_KEYS.has(key)).length;
    }
  }
  return count;
}

function tooMany(count: number): SpecError {
  return new SpecError(`This spec has ${count.toLocaleString("en")} operations; Bulwark imports at most ${MAX_OPERATIONS.toLocaleString("en")} per API. Split it by domain.`);
}

export type TAnalyseStage = "parsing" | "validating" | "extracting" | "linting";

// Lets a progress stream flush between the CPU-heavy steps.
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Everything an import needs from a spec's text, or a SpecError (422) saying what is wrong. */
export async function analyseSpec(text: string, options: { lint?: boolean; onStage?: (stage: TAnalyseStage) => void } = {}): Promise<TSpecAnalysis> {
  const timings = { parse: 0, validate: 0, extract: 0, lint: 0 };
  let mark = performance.now();
  const lap = (key: keyof typeof timings) => {
    const now = performance.now();
    timings[key] = Math.round(now - mark);
    mark = now;
  };

  options.onStage?.("parsing");
  await breathe();
  const parsed = parseSpecText(text);
  const format = detectFormat(parsed.document);
  // Refuse oversized specs before the expensive steps, from a cheap count of path × method.
  const estimated = countOperations(parsed.document);
  if (estimated > MAX_OPERATIONS) throw tooMany(estimated);
  lap("parse");

  options.onStage?.("validating");
  await breathe();
  checkReferences(parsed.document);
  validateStructure(parsed.document, parsed.lineOf);
  lap("validate");

  options.onStage?.("extracting");
  await breathe();
  const operations = extractOperations(parsed.document, format);
  if (operations.length > MAX_OPERATIONS) throw tooMany(operations.length);
  const keys = new Set<string>();
  for (const operation of operations) {
    if (keys.has(operation.key)) throw new SpecError(`The operation ${operation.key} appears twice.`);
    keys.add(operation.key);
  }
  const overview = readOverview(parsed.document, format);
  lap("extract");

  let findings: TLintFinding[] = [];
  if (options.lint !== false) {
    options.onStage?.("linting");
    await breathe();
    findings = await lintSpec(text);
  }
  lap("lint");

  return {
    ...overview,
    format,
    checksum: createHash("sha256").update(text).digest("hex"),
    sizeBytes: Buffer.byteLength(text),
    text,
    operations,
    findings,
    timings,
  };
}
