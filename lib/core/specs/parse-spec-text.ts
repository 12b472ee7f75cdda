import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { scanSpecText, type TSpecScan } from "./scan-spec-text";
import { SpecError } from "./spec-error";

// Turns uploaded bytes into a plain object, with messages that name the line of the problem.

export const MAX_SPEC_BYTES = 10 * 1024 * 1024;

export type TParsedSpecText = {
  text: string;
  document: Record<string, unknown>;
  syntax: "json" | "yaml";
  /** 1-based line of a JSON pointer, where the parser recorded one (YAML and JSON alike). */
  lineOf: (pointer: string) => number | undefined;
};

/** Decodes UTF-8 strictly: a binary upload is refused rather than read as mojibake. */
export function decodeSpecBytes(bytes: Uint8Array): string {
  if (bytes.byteLength > MAX_SPEC_BYTES) throw new SpecError("The spec is larger than 10 MB.");
  if (bytes.includes(0)) throw new SpecError("This file is binary, not a JSON or YAML document.");
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    throw new SpecError("This file is not UTF-8 text; save the spec as UTF-8 JSON or YAML.");
  }
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function parseJson(text: string): Record<string, unknown> {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    const message = error instanceof Error ? error.message : "invalid JSON";
    const position = /position (\d+)/.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : undefined;
    throw new SpecError(`The spec is not valid JSON: ${message.replace(/ in JSON at position \d+.*$/, "")}.`, [{ line, detail: message }]);
  }
}

/** Maps JSON pointers to lines by walking the YAML syntax tree (JSON is YAML too). */
function lineIndex(root: YamlNode | null, counter: LineCounter): (pointer: string) => number | undefined {
  const lines = new Map<string, number>();
  const visit = (node: unknown, pointer: string, depth: number) => {
    if (depth > 12 || !node || typeof node !== "object") return;
    const range = (node as { range?: [number, number, number] }).range;
    if (range) lines.set(pointer, counter.linePos(range[0]).line);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
        const keyRange = (pair.key as { range?: [number, number, number] } | null)?.range;
        if (keyRange) lines.set(child, counter.linePos(keyRange[0]).line);
        visit(pair.value, child, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, `${pointer}/${index}`, depth + 1));
    }
  };
  visit(root, "", 0);
  return (pointer: string) => {
    // The nearest ancestor that has a line, so a deep finding still points somewhere useful.
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf("/"))) {
      const line = lines.get(p);
      if (line !== undefined) return line;
      if (!p) return undefined;
    }
  };
}

/**
 * Parses a spec's text. `scan` is scanSpecText's result when the caller has looked at the text
 * already (to refuse it before parsing); otherwise the scan runs here, so a document nested too
 * deeply never reaches a parser either way.
 */
export function parseSpecText(text: string, scan?: TSpecScan): TParsedSpecText {
  if (!text.trim()) throw new SpecError("The spec is empty.");
  const looksJson = (scan ?? scanSpecText(text)).syntax === "json";
  const counter = new LineCounter();
  // JSON parses ten times faster natively; its syntax tree is only built if a line is asked for.
  let yamlDocument: ReturnType<typeof parseDocument> | undefined;
  const yamlTree = () => (yamlDocument ??= parseDocument(text, { lineCounter: counter, uniqueKeys: true, prettyErrors: true }));
  let document: unknown;
  if (looksJson) {
    document = parseJson(text);
    // JSON.parse keeps the last of two equal keys without a word; a spec must not lose an
    // operation that way, so the YAML parser (which reports duplicates) has a look too.
    const duplicate = yamlTree().errors.find((error) => error.code === "DUPLICATE_KEY");
    if (duplicate) {
      const line = duplicate.linePos?.[0]?.line;
      throw new SpecError(`The spec has the same key twice${line ? ` (line ${line})` : ""}; the second would silently replace the first.`, [{ line, detail: "Duplicate key." }]);
    }
  } else {
    yamlDocument = yamlTree();
    if (yamlDocument.errors.length) {
      const problems = yamlDocument.errors.slice(0, 10).map((error) => ({
        line: error.linePos?.[0]?.line,
        detail: error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, ""),
      }));
      throw new SpecError(`The spec is not valid YAML: ${problems[0]!.detail}${problems[0]!.line ? ` (line ${problems[0]!.line})` : ""}.`, problems);
    }
    try {
      // Aliases expand in place; a small cap stops "billion laughs" documents from exhausting memory.
      document = yamlDocument.toJS({ maxAliasCount: 100 });
    } catch (error) {
      // A stack overflow (aliases nesting deeper than the text) gets analyseSpec's nesting message.
      if (error instanceof RangeError) throw error;
      throw new SpecError(`The spec could not be read: ${error instanceof Error ? error.message : "invalid YAML"}.`);
    }
  }
  if (!document || typeof document !== "object" || Array.isArray(document)) {
    throw new SpecError("The spec must be a JSON or YAML object with an `openapi` or `swagger` field at the top.");
  }
  let index: ((pointer: string) => number | undefined) | undefined;
  const lineOf = (pointer: string) => (index ??= lineIndex(yamlTree().contents, counter))(pointer);
  return { text, document: document as Record<string, unknown>, syntax: looksJson ? "json" : "yaml", lineOf };
}
