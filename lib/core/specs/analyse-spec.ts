import { createHash } from "node:crypto";
import { extractOperations, readOverview, type TExtractedOperation, type TSpecOverview } from "./extract-operations";
import { lintSpec, type TLintFinding } from "./lint-spec";
import { buildOperationModel } from "./operation-model/build-operation-model";
import type { TOperationModel } from "./operation-model/types";
import { parseSpecText } from "./parse-spec-text";
import { checkReferences } from "./refs";
import { MAX_SPEC_DEPTH, scanSpecText } from "./scan-spec-text";
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
  /** The same operations in the normalised model the threat rules read; stored per operation at import. */
  model: TOperationModel;
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
  try {
    return await analyse(text, options);
  } catch (error) {
    // The scan keeps nesting within bounds, but YAML aliases can still build a deeper document
    // than its text shows; a stack overflow is the spec's shape, not a server fault.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new SpecError(`The spec is too deeply nested to read (YAML aliases can nest it further than its text shows); Bulwark reads specs nested at most ${MAX_SPEC_DEPTH} levels.`);
    }
    throw error;
  }
}

async function analyse(text: string, options: { lint?: boolean; onStage?: (stage: TAnalyseStage) => void }): Promise<TSpecAnalysis> {
  const timings = { parse: 0, validate: 0, extract: 0, lint: 0 };
  let mark = performance.now();
  const lap = (key: keyof typeof timings) => {
    const now = performance.now();
    timings[key] = Math.round(now - mark);
    mark = now;
  };

  options.onStage?.("parsing");
  await breathe();
  // Nesting and size are refused from the text, before a parser spends seconds on it.
  const scan = scanSpecText(text);
  if (scan.operations !== null && scan.operations > MAX_OPERATIONS) throw tooMany(scan.operations);
  const parsed = parseSpecText(text, scan);
  const format = detectFormat(parsed.document);
  // Layouts the scan does not count (YAML flow style) are counted here, still before the expensive steps.
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
  // Read from the same parsed document, once checkReferences has accepted it; timed as extraction.
  const model = buildOperationModel(parsed.document, format);
  lap("extract");

  let findings: TLintFinding[] = [];
  if (options.lint !== false) {
    options.onStage?.("linting");
    await breathe();
    findings = await lintSpec(text, { document: parsed.document });
  }
  lap("lint");

  return {
    ...overview,
    format,
    checksum: createHash("sha256").update(text).digest("hex"),
    sizeBytes: Buffer.byteLength(text),
    text,
    operations,
    model,
    findings,
    timings,
  };
}
