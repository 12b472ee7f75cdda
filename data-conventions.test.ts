import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// The data-function convention (docs/ARCHITECTURE.md, "Data functions"), checked on the syntax tree
// of every module under lib/server, so a new function cannot drift back to the old spellings:
// - a module whose functions read or write the database is named <verb>-<entity>.ts and exports the
//   function of that name (list-apis.ts → listApis);
// - every exported data function takes the caller first, as `caller`; a function that has no
//   caller on purpose crosses organisations and is named unsafe* (jobs only, enforced by eslint),
//   or runs before there is an organisation (sign-in, sign-up, recovery) and takes the request meta;
// - the organisation filter of a `where` goes through inOrg/byIdInOrg, never spelled out;
// - audit events take the caller through recordAuditEventBy, never a copied ip/user agent;
// - roles are compared only in lib/core/auth (can(), canAssignRole, isOwner).

const root = path.dirname(new URL(import.meta.url).pathname);

const VERBS = [
  "get", "list", "find", "load", "count", "search", "create", "update", "delete", "save", "record", "import", "export", "restore",
  "accept", "revoke", "invite", "remove", "change", "reset", "review", "submit", "approve", "add", "assign", "mark", "send",
  "sign", "verify", "enrol", "enable", "disable", "check", "fetch", "render", "queue", "run", "start", "transfer", "reauthenticate",
  "analyse", "lint", "set", "link", "unlink", "compare", "diff", "apply", "rotate", "issue", "consume", "notify", "deliver", "snapshot", "confirm", "resolve", "build", "cancel", "retry", "claim", "read", "end", "regenerate",
];
const VERB_FILE = new RegExp(`^(unsafe-)?(${VERBS.join("|")})-[a-z0-9]+(-[a-z0-9]+)*\\.ts$`);

// Modules shared by every feature, with no data function of their own feature (ARCHITECTURE.md, "Shared").
const SHARED_MODULES = new Set(["scope.ts", "bulk-insert.ts", "fair-queue.ts", "worker-queue.ts", "text-search.ts"]);
// The types a data function may take first: the caller, or before any organisation the request meta
// (and the signed-in user who has no organisation chosen yet).
const FIRST_PARAMETER_TYPES: Record<string, string> = { TCaller: "caller", TOrgScope: "caller", TRequestMeta: "meta", TSignedInUser: "user" };
// Sign-in, sessions, MFA, the user's own account and accepting an invitation come before (or above)
// any organisation: their functions take the user's id, the request meta, or the secret token of a
// link (which is the authorisation: an invitation, a password reset), or the identity a provider
// vouched for; a server-wide question (is sign-up open?) takes nothing.
const USER_FOLDERS = ["lib/server/auth/", "lib/server/account/", "lib/server/invitations/"];
const USER_FIRST_PARAMETERS = new Set(["userId", "token", "issuer"]);
// Modules that are machinery rather than data functions of their feature: the audit writer itself,
// and the stores behind the sign-in throttle (memory, PostgreSQL, Redis).
const MACHINERY = new Set(["lib/server/audit/record-audit-event.ts", "lib/server/auth/rate-limit.ts"]);
const ROLE_LITERALS = new Set(["OWNER", "ADMIN", "EDITOR", "VIEWER"]);

function filesUnder(folder: string, match: (file: string) => boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(root, folder))) {
    const rel = path.join(folder, entry);
    if (statSync(path.join(root, rel)).isDirectory()) out.push(...filesUnder(rel, match));
    else if (match(rel)) out.push(rel);
  }
  return out;
}

const isSource = (f: string) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f);
const SERVER_FILES = filesUnder("lib/server", isSource);

function parse(file: string): ts.SourceFile {
  return ts.createSourceFile(file, readFileSync(path.join(root, file), "utf8"), ts.ScriptTarget.Latest, true, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

function where(file: string, sf: ts.SourceFile, node: ts.Node): string {
  return `${file}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
}

type TExportedFunction = { name: string; params: ts.NodeArray<ts.ParameterDeclaration>; node: ts.Node };

function exportedFunctions(sf: ts.SourceFile): TExportedFunction[] {
  const out: TExportedFunction[] = [];
  const isExported = (n: ts.Node) => ts.canHaveModifiers(n) && (ts.getModifiers(n) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of sf.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && isExported(statement)) out.push({ name: statement.name.text, params: statement.parameters, node: statement });
    if (ts.isVariableStatement(statement) && isExported(statement)) {
      for (const d of statement.declarationList.declarations) {
        if (ts.isIdentifier(d.name) && d.initializer && (ts.isArrowFunction(d.initializer) || ts.isFunctionExpression(d.initializer))) out.push({ name: d.name.text, params: d.initializer.parameters, node: d });
      }
    }
  }
  return out;
}

const touchesDatabase = (sf: ts.SourceFile) =>
  sf.statements.some((s) => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === "@/lib/db" && !s.importClause?.isTypeOnly);

const camel = (file: string) => path.basename(file, ".ts").replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const firstParamType = (p: ts.ParameterDeclaration | undefined) => (p?.type && ts.isTypeReferenceNode(p.type) && ts.isIdentifier(p.type.typeName) ? p.type.typeName.text : null);

describe("data-function convention (lib/server)", () => {
  it("finds the modules it checks", () => {
    expect(SERVER_FILES.length).toBeGreaterThan(40);
    expect(SERVER_FILES).toContain("lib/server/scope.ts");
  });

  it("modules with data functions are named <verb>-<entity>.ts and export that function", () => {
    const wrong: string[] = [];
    for (const file of SERVER_FILES) {
      const base = path.basename(file);
      if ((path.dirname(file) === "lib/server" && SHARED_MODULES.has(base)) || MACHINERY.has(file)) continue;
      const sf = parse(file);
      if (!touchesDatabase(sf)) continue;
      if (!VERB_FILE.test(base)) wrong.push(`${file}: reads or writes the database, so name it <verb>-<entity>.ts`);
      else if (!exportedFunctions(sf).some((f) => f.name === camel(file))) wrong.push(`${file}: exports no ${camel(file)}`);
    }
    expect(wrong).toEqual([]);
  });

  it("exported data functions take the caller first (or are unsafe*, or run before an organisation exists)", () => {
    const wrong: string[] = [];
    for (const file of SERVER_FILES) {
      if (file === "lib/server/scope.ts" || MACHINERY.has(file)) continue;
      const sf = parse(file);
      if (!touchesDatabase(sf)) continue;
      const userFolder = USER_FOLDERS.some((f) => file.startsWith(f));
      for (const fn of exportedFunctions(sf)) {
        if (fn.name.startsWith("unsafe")) continue;
        const first = fn.params[0];
        const type = firstParamType(first);
        const expected = type ? FIRST_PARAMETER_TYPES[type] : undefined;
        if (userFolder && (!first || (ts.isIdentifier(first.name) && USER_FIRST_PARAMETERS.has(first.name.text)))) continue;
        if (!expected) wrong.push(`${where(file, sf, fn.node)} ${fn.name}: first parameter must be the caller (TCaller), or the function is unsafe*`);
        else if (!first || !ts.isIdentifier(first.name) || first.name.text !== expected) wrong.push(`${where(file, sf, fn.node)} ${fn.name}: name its ${type} parameter \`${expected}\``);
      }
      // Any parameter typed as the caller, exported or not, is called `caller` (not scope, ctx…).
      walk(sf, (node) => {
        if (ts.isParameter(node) && ["TCaller", "TOrgScope"].includes(firstParamType(node) ?? "") && ts.isIdentifier(node.name) && node.name.text !== "caller") {
          wrong.push(`${where(file, sf, node)}: call the ${firstParamType(node)} parameter \`caller\`, not \`${node.name.text}\``);
        }
      });
    }
    expect(wrong).toEqual([]);
  });

  it("no `where` spells out the organisation filter: inOrg(caller, …) / byIdInOrg(caller, id)", () => {
    const wrong: string[] = [];
    for (const file of SERVER_FILES) {
      if (file === "lib/server/scope.ts") continue;
      const sf = parse(file);
      walk(sf, (node) => {
        if (!ts.isPropertyAssignment(node) || !ts.isIdentifier(node.name) || node.name.text !== "where") return;
        walk(node.initializer, (inner) => {
          const isOrgProperty = (ts.isPropertyAssignment(inner) || ts.isShorthandPropertyAssignment(inner)) && ts.isIdentifier(inner.name) && inner.name.text === "orgId";
          if (!isOrgProperty) return;
          const value = ts.isPropertyAssignment(inner) ? inner.initializer.getText(sf) : "orgId";
          if (/^(caller|scope)\.orgId$/.test(value)) wrong.push(`${where(file, sf, inner)}: orgId: ${value} → inOrg(caller, …)`);
        });
      });
    }
    expect(wrong).toEqual([]);
  });

  it("audit events take the caller (recordAuditEventBy), no copied ip or user agent", () => {
    const wrong: string[] = [];
    for (const file of SERVER_FILES) {
      if (file === "lib/server/audit/record-audit-event.ts") continue;
      const sf = parse(file);
      walk(sf, (node) => {
        if (!ts.isPropertyAssignment(node) || !ts.isIdentifier(node.name) || !["ip", "userAgent"].includes(node.name.text)) return;
        if (/^(caller|scope)\.(ip|userAgent)$/.test(node.initializer.getText(sf))) wrong.push(`${where(file, sf, node)}: ${node.getText(sf)} → recordAuditEventBy(caller, …)`);
      });
    }
    expect(wrong).toEqual([]);
  });

  it("roles are compared only in lib/core/auth (can(), canAssignRole, isOwner)", () => {
    const wrong: string[] = [];
    const files = ["app", "components", "lib/server", "lib/api", "lib/query"].flatMap((f) => filesUnder(f, isSource));
    for (const file of files) {
      const sf = parse(file);
      walk(sf, (node) => {
        if (!ts.isBinaryExpression(node)) return;
        const op = node.operatorToken.kind;
        if (![ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken].includes(op)) return;
        const sides = [node.left, node.right];
        const literalRole = sides.some((s) => ts.isStringLiteral(s) && ROLE_LITERALS.has(s.text));
        const roleProperty = sides.some((s) => (ts.isPropertyAccessExpression(s) && s.name.text === "role") || (ts.isIdentifier(s) && s.text === "role"));
        if (literalRole || (roleProperty && sides.every((s) => !ts.isStringLiteral(s) || ROLE_LITERALS.has(s.text)) && !sides.some((s) => s.kind === ts.SyntaxKind.NullKeyword))) {
          wrong.push(`${where(file, sf, node)}: ${node.getText(sf)} → a permission from lib/core/auth/permissions.ts`);
        }
      });
    }
    expect(wrong).toEqual([]);
  });
});
