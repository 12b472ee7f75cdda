import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, expectTypeOf, it } from "vitest";
import { toJson, type Jsonify, type TWire } from "@/lib/core/jsonify";

// One source of wire types (issue 12, item 4): what the browser receives is typed from the server's
// own return types, so a DTO change breaks the components that read it at compile time instead of
// at run time. Checked on the syntax of lib/query/types.ts and on every page and component.

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
const typesFile = "lib/query/types.ts";
const source = ts.createSourceFile(typesFile, readFileSync(path.join(root, typesFile), "utf8"), ts.ScriptTarget.Latest, true);

const DERIVING = new Set(["Jsonify", "TWire", "TUrlFilters"]);

/** The type names an alias is built from, and whether it writes out fields of its own. */
function anatomy(node: ts.TypeNode): { references: string[]; ownFields: string[] } {
  const references: string[] = [];
  const ownFields: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isTypeReferenceNode(n)) references.push(n.typeName.getText(source));
    if (ts.isTypeQueryNode(n)) references.push(`typeof ${n.exprName.getText(source)}`);
    if (ts.isPropertySignature(n) && ts.isTypeLiteralNode(n.parent) && !ts.isMappedTypeNode(n.parent.parent)) ownFields.push(n.name.getText(source));
    n.forEachChild(visit);
  };
  visit(node);
  return { references, ownFields };
}

const importedFrom = new Map<string, string>();
for (const statement of source.statements) {
  if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
  const bindings = statement.importClause?.namedBindings;
  if (bindings && ts.isNamedImports(bindings)) for (const el of bindings.elements) importedFrom.set(el.name.text, statement.moduleSpecifier.text);
}

const aliases = source.statements.filter(ts.isTypeAliasDeclaration);
const exported = aliases.filter((a) => (ts.getModifiers(a) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword));

describe("wire types (lib/query/types.ts)", () => {
  it("finds the exported types", () => {
    expect(exported.length).toBeGreaterThan(25);
  });

  it("every exported type is derived from a server or schema type, none is written out by hand", () => {
    const localNames = new Set(aliases.map((a) => a.name.text));
    const wrong: string[] = [];
    for (const alias of exported) {
      const { references, ownFields } = anatomy(alias.type);
      const derived = references.some((r) => {
        const name = r.replace(/^typeof /, "").split(".")[0]!;
        if (DERIVING.has(name) || localNames.has(name)) return true;
        const from = importedFrom.get(name) ?? "";
        return /^@\/lib\/(server|validation|core|generated)\//.test(from);
      });
      if (!derived) wrong.push(`${alias.name.text}: not derived from a server type`);
      // A field of its own is allowed only where the URL state has a number the schema reads as text.
      const extra = ownFields.filter((f) => !(alias.name.text.endsWith("Filters") && f === "limit"));
      if (extra.length > 0) wrong.push(`${alias.name.text}: writes out ${extra.join(", ")}`);
    }
    expect(wrong).toEqual([]);
  });

  it("no page, component or hook casts a JSON round trip to a type (toJson derives it)", () => {
    const offenders: string[] = [];
    const walk = (folder: string) => {
      for (const entry of readdirSync(path.join(root, folder))) {
        const rel = path.join(folder, entry);
        if (statSync(path.join(root, rel)).isDirectory()) walk(rel);
        else if (/\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)) {
          const text = readFileSync(path.join(root, rel), "utf8");
          if (/JSON\.parse\(JSON\.stringify\([^;]*\)\)\s+as\s/.test(text)) offenders.push(rel);
        }
      }
    };
    ["app", "components", "lib/query", "lib/server", "lib/api"].forEach(walk);
    expect(offenders).toEqual([]);
  });
});

// What the browser itself holds (progress, a file about to be sent, which thread a comment is on, the
// outcome of a sign-in attempt): not something the server sends, so nothing to derive it from.
const CLIENT_STATE_TYPES = new Set(["TImportProgress", "TSpecBody", "TSpecRun", "TCommentTarget", "TSignInResult"]);
const FETCHERS = new Set(["apiFetch", "apiUpload", "apiDownload", "cursorPages"]);

describe("wire types in the hooks (lib/query/*.ts)", () => {
  // fetcher.ts is the transport itself (problem+json, options); types.ts is checked above.
  const hookFiles = readdirSync(path.join(root, "lib/query")).filter((f) => /\.tsx?$/.test(f) && !/\.test\./.test(f) && !["types.ts", "fetcher.ts"].includes(f));

  it("finds the hook modules", () => {
    expect(hookFiles).toEqual(expect.arrayContaining(["apis.ts", "threat-models.ts", "account.ts", "audit.ts"]));
  });

  it("a response type is named from types.ts, not written inline; only the { data } envelope is spelled out", () => {
    const wrong: string[] = [];
    for (const file of hookFiles) {
      const rel = `lib/query/${file}`;
      const sf = ts.createSourceFile(rel, readFileSync(path.join(root, rel), "utf8"), ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node) => {
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && FETCHERS.has(node.expression.text) && node.typeArguments) {
          const target = node.arguments[0];
          // next-auth's own endpoints answer in next-auth's shapes, which are not ours to derive.
          const nextAuth = target && ts.isStringLiteralLike(target) && target.text.startsWith("/api/auth/");
          const fields = node.typeArguments.flatMap((t) => anatomyIn(sf, t)).filter((f) => f !== "data");
          if (!nextAuth && fields.length > 0) wrong.push(`${rel}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1} ${node.expression.text}<…> writes out ${fields.join(", ")}`);
        }
        if (ts.isTypeAliasDeclaration(node) && !CLIENT_STATE_TYPES.has(node.name.text)) {
          const fields = anatomyIn(sf, node.type);
          if (fields.length > 0) wrong.push(`${rel}: type ${node.name.text} writes out ${fields.join(", ")}; derive it in types.ts`);
        }
        node.forEachChild(visit);
      };
      visit(sf);
    }
    expect(wrong).toEqual([]);
  });
});

/** The property names a type node writes out itself (not those of a mapped type). */
function anatomyIn(sf: ts.SourceFile, node: ts.Node): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isPropertySignature(n) && ts.isTypeLiteralNode(n.parent) && !ts.isMappedTypeNode(n.parent.parent)) out.push(n.name.getText(sf));
    n.forEachChild(visit);
  };
  visit(node);
  return out;
}

describe("toJson", () => {
  it("gives what the wire gives: dates as ISO strings, at any depth, undefined fields dropped", () => {
    const at = new Date("2026-05-04T03:02:01.000Z");
    const value = { at, nested: { list: [{ at }], none: null }, gone: undefined as string | undefined, n: 3 };
    const wire = toJson(value);
    expect(wire).toEqual({ at: "2026-05-04T03:02:01.000Z", nested: { list: [{ at: "2026-05-04T03:02:01.000Z" }], none: null }, n: 3 });
    expect(wire).toEqual(JSON.parse(JSON.stringify(value)));
    expectTypeOf(wire.at).toEqualTypeOf<string>();
    expectTypeOf(wire.nested.list).toEqualTypeOf<{ at: string }[]>();
  });

  it("types a data function's result after JSON", () => {
    type TLoad = () => Promise<{ id: string; createdAt: Date; tags: string[]; owner: { since: Date } | null }>;
    expectTypeOf<TWire<TLoad>>().toEqualTypeOf<{ id: string; createdAt: string; tags: string[]; owner: { since: string } | null }>();
    expectTypeOf<Jsonify<Date[]>>().toEqualTypeOf<string[]>();
  });
});
