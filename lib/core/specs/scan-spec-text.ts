import { SpecError } from "./spec-error";

// A linear pass over a spec's text that runs before any parser does. The parsers (JSON.parse, the
// YAML parser) and every later step (references, schema validation, Spectral) recurse into
// nested collections: 10,000 nested arrays in a 20 KB body overflowed the stack, and a 10 MB spec
// of 37,000 operations took ~20 s to parse before its operation count was looked at. This pass
// refuses the first outright and counts path × method entries cheaply, so the caller can refuse
// the second before parsing.

/** Deeper than any real spec (inline schemas reach 20–40); far below what overflows a parser. */
export const MAX_SPEC_DEPTH = 100;

const METHOD_KEYS = new Set(["get", "put", "post", "delete", "options", "head", "patch", "trace"]);
const OPERATION_GROUPS = new Set(["paths", "webhooks"]);

export type TSpecSyntax = "json" | "yaml";

export type TSpecScan = {
  syntax: TSpecSyntax;
  /** path × method entries under `paths` and `webhooks`; null where the text's layout was not counted (YAML flow style). */
  operations: number | null;
};

/** JSON parses ten times faster natively, so anything that starts like JSON is read as JSON. */
export function specSyntax(text: string): TSpecSyntax {
  return /^\s*[{[]/.test(text) ? "json" : "yaml";
}

function tooDeep(line: number): SpecError {
  return new SpecError(
    `The spec is nested more than ${MAX_SPEC_DEPTH} levels deep (line ${line}); Bulwark reads specs nested at most ${MAX_SPEC_DEPTH} levels. Move deeply nested schemas into components/schemas and point to them with $ref.`,
    [{ line, detail: `Nested more than ${MAX_SPEC_DEPTH} levels deep.` }],
  );
}

const QUOTE = 34;
const BACKSLASH = 92;
const NEWLINE = 10;

function scanJson(text: string): TSpecScan {
  let depth = 0;
  let line = 1;
  let operations = 0;
  let lastString: string | null = null;
  let pendingKey: string | null = null;
  // The key each of the first three containers was opened under: root, `paths`, a path item.
  const openedUnder: (string | null)[] = [];
  const isObject: boolean[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i + 1;
      for (i = start; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === BACKSLASH) i++;
        else if (d === QUOTE) break;
        else if (d === NEWLINE) line++;
      }
      // Only keys near the top matter; deeper strings are skipped without copying them.
      lastString = depth <= 3 ? text.slice(start, i) : null;
      continue;
    }
    switch (c) {
      case NEWLINE:
        line++;
        break;
      case 58: // :
        pendingKey = lastString;
        if (depth === 3 && isObject[3] && pendingKey !== null && METHOD_KEYS.has(pendingKey) && OPERATION_GROUPS.has(openedUnder[2] ?? "") && isObject[1] && isObject[2]) operations++;
        break;
      case 123: // {
      case 91: // [
        depth++;
        if (depth > MAX_SPEC_DEPTH) throw tooDeep(line);
        if (depth <= 3) {
          openedUnder[depth] = pendingKey;
          isObject[depth] = c === 123;
        }
        pendingKey = null;
        break;
      case 125: // }
      case 93: // ]
        depth--;
        pendingKey = null;
        break;
      case 44: // ,
        pendingKey = null;
        break;
    }
  }
  return { syntax: "json", operations };
}

/** `key:` at the start of `rest` (plain, single- or double-quoted) and what follows it, or null. */
function yamlKey(rest: string): { key: string; value: string } | null {
  const first = rest[0]!;
  let key: string;
  let colon: number;
  if (first === '"' || first === "'") {
    let i = 1;
    for (; i < rest.length; i++) {
      if (first === '"' && rest[i] === "\\") i++;
      else if (rest[i] === first) {
        if (first === "'" && rest[i + 1] === "'") i++;
        else break;
      }
    }
    if (i >= rest.length) return null;
    key = rest.slice(1, i);
    colon = i + 1;
    while (rest[colon] === " " || rest[colon] === "\t") colon++;
    if (rest[colon] !== ":") return null;
  } else {
    if ("[]{},#|>*%@`".includes(first)) return null;
    // A plain key ends at the first ": " (or a ":" that ends the line); indexOf keeps this linear.
    colon = rest.indexOf(":");
    while (colon >= 0 && colon + 1 < rest.length && rest[colon + 1] !== " " && rest[colon + 1] !== "\t") colon = rest.indexOf(":", colon + 1);
    if (colon < 0) return null;
    const comment = rest.indexOf(" #");
    if (comment >= 0 && comment < colon) return null;
    key = rest.slice(0, colon).trimEnd();
  }
  const after = rest[colon + 1];
  if (after !== undefined && after !== " " && after !== "\t") return null;
  return { key, value: rest.slice(colon + 1).trimStart() };
}

/** Strips anchors and tags (`&name`, `!!map`) in front of a node. */
const stripProperties = (value: string) => value.replace(/^(?:[&!]\S*\s*)+/, "");

type TFlowState = { depth: number; quote: 0 | 34 | 39 };

/** Brackets of a flow collection on one line, outside quotes and comments. */
function scanFlowLine(line: string, from: number, state: TFlowState, blockDepth: number, lineNumber: number): void {
  for (let i = from; i < line.length && state.depth > 0; i++) {
    const c = line.charCodeAt(i);
    if (state.quote) {
      if (state.quote === QUOTE && c === BACKSLASH) i++;
      else if (c === state.quote) {
        // '' inside single quotes is an escaped quote, not the end.
        if (state.quote === 39 && line.charCodeAt(i + 1) === 39) i++;
        else state.quote = 0;
      }
      continue;
    }
    if (c === QUOTE || c === 39) state.quote = c;
    else if (c === 35 && (i === 0 || /\s/.test(line[i - 1]!))) return; // # comment
    else if (c === 123 || c === 91) {
      state.depth++;
      if (blockDepth + state.depth > MAX_SPEC_DEPTH) throw tooDeep(lineNumber);
    } else if (c === 125 || c === 93) state.depth--;
  }
}

function scanYaml(text: string): TSpecScan {
  const lines = text.split("\n");
  // The block collections open at the current line, outermost first. A sequence may sit at the
  // column of the mapping key that holds it ("tags:\n- a"), so entries record their kind too.
  const stack: { column: number; sequence: boolean }[] = [];
  const flow: TFlowState = { depth: 0, quote: 0 };
  let blockScalarParent: number | null = null;
  let operations: number | null = 0;
  // Inside `paths:`/`webhooks:`: the column of the path keys and of the current path item's keys.
  let group: { pathColumn: number | null; methodColumn: number | null } | null = null;

  const open = (column: number, sequence: boolean, lineNumber: number) => {
    let top = stack[stack.length - 1];
    if (top && top.column === column && top.sequence && !sequence) {
      // A key after a same-column sequence belongs to the mapping that holds the sequence.
      stack.pop();
      top = stack[stack.length - 1];
    }
    if (top && top.column === column && (top.sequence === sequence || !sequence)) return;
    stack.push({ column, sequence });
    if (stack.length > MAX_SPEC_DEPTH) throw tooDeep(lineNumber);
  };

  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = lines[index]!.replace(/\r$/, "");
    if (flow.depth > 0) {
      scanFlowLine(line, 0, flow, stack.length, lineNumber);
      continue;
    }
    const indent = line.length - line.trimStart().length;
    const content = line.slice(indent);
    if (blockScalarParent !== null) {
      if (!content || indent > blockScalarParent) continue;
      blockScalarParent = null;
    }
    if (!content || content.startsWith("#")) continue;
    if (indent === 0 && (/^(---|\.\.\.)(\s|$)/.test(content) || content.startsWith("%"))) {
      stack.length = 0;
      group = null;
      continue;
    }
    while (stack.length && stack[stack.length - 1]!.column > indent) stack.pop();
    if (group && indent === 0) group = null;

    let column = indent;
    let rest = content;
    // Sequence entries and explicit keys/values can nest on one line: "- - - x".
    for (let indicator = /^[-?:](\s+|$)/.exec(rest); indicator; indicator = /^[-?:](\s+|$)/.exec(rest)) {
      open(column, true, lineNumber);
      column += indicator[0].length;
      rest = rest.slice(indicator[0].length);
    }
    rest = stripProperties(rest);
    if (!rest || rest.startsWith("#")) continue;
    const pair = yamlKey(rest);
    let value = rest;
    if (pair) {
      open(column, false, lineNumber);
      value = stripProperties(pair.value);
      if (operations !== null) {
        if (column === 0) {
          group = OPERATION_GROUPS.has(pair.key) ? { pathColumn: null, methodColumn: null } : null;
          // `paths: { … }` in flow style is left to the count after parsing.
          if (group && /^[[{]/.test(value)) operations = null;
        } else if (group) {
          group.pathColumn ??= column;
          if (column === group.pathColumn) {
            group.methodColumn = null;
            if (/^[[{]/.test(value)) operations = null;
          } else if (column > group.pathColumn) {
            group.methodColumn ??= column;
            if (column === group.methodColumn && METHOD_KEYS.has(pair.key)) operations++;
          }
        }
      }
    }
    if (/^[[{]/.test(value)) {
      // The opening bracket counts as the first level of the flow collection.
      flow.depth = 1;
      flow.quote = 0;
      if (stack.length + 1 > MAX_SPEC_DEPTH) throw tooDeep(lineNumber);
      scanFlowLine(value, 1, flow, stack.length, lineNumber);
    } else if (/^[|>][-+0-9]*\s*(#.*)?$/.test(value)) {
      // A literal or folded block: its lines are text, however they are indented.
      blockScalarParent = stack.length ? stack[stack.length - 1]!.column : indent;
    }
  }
  return { syntax: "yaml", operations };
}

/**
 * Refuses a spec nested more than MAX_SPEC_DEPTH levels (a SpecError, 422, with the line) and
 * counts its operations, without parsing it. Linear in the text's length.
 */
export function scanSpecText(text: string): TSpecScan {
  return specSyntax(text) === "json" ? scanJson(text) : scanYaml(text);
}
