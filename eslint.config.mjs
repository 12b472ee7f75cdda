import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

// ── Layers ────────────────────────────────────────────────────────────────────────────────────
// The table in docs/ARCHITECTURE.md ("Layers") is this code: a layer may import itself and the
// layers listed before it, never one after it. eslint-plugin-import (registered by
// eslint-config-next, with the TypeScript resolver) resolves `@/…` and relative imports to real
// paths, so a zone matches however the import is spelled. eslint-boundaries.test.ts plants
// violations through ESLint's Node API to prove each zone fires.

// Each layer is a folder, and inside it one folder (or file) per feature under the feature's one
// name: lib/core/<feature>, lib/validation/<feature>.ts, lib/server/<feature>, lib/api,
// lib/query/<feature>.ts, components/<feature>. lib/validation holds the zod schemas that the
// browser and the server both run, so it sits with the pure code.
const PURE = ["./lib/core", "./lib/validation"];
const ENV = ["./lib/env.ts", "./lib/logger.ts"];
const DB = ["./lib/db.ts", "./lib/db"];
const SERVER = ["./lib/server"];
const HTTP = ["./lib/api"];
const CLIENT = ["./lib/query", "./components"];
const NEXT = ["./node_modules/next", "./node_modules/next-auth"];

const LAYER_DOC = "(docs/ARCHITECTURE.md, Layers)";
const zone = (target, from, why, except) => ({ target, from, ...(except && { except }), message: `${why} ${LAYER_DOC}` });
// The generated client is the database; its enums file is plain constants anyone may use.
const enumsOnly = (target, who) => zone(target, "./lib/generated/prisma", `${who} may import only the generated enums (@/lib/generated/prisma/enums), not the Prisma client.`, ["./enums.ts"]);

export const LAYER_ZONES = [
  zone(PURE, [...ENV, ...DB, ...SERVER, ...HTTP, ...CLIENT, "./app", ...NEXT], "Pure code (lib/core, lib/validation) imports no env, database, server, HTTP or UI module."),
  enumsOnly(PURE, "Pure code"),
  zone(ENV, [...DB, ...SERVER, ...HTTP, ...CLIENT, "./app"], "lib/env.ts and lib/logger.ts import only pure code."),
  zone(DB, [...SERVER, ...HTTP, ...CLIENT, "./app"], "lib/db is below lib/server."),
  zone(SERVER, [...HTTP, ...CLIENT, "./app", ...NEXT], "lib/server is below lib/api: throw AppError (lib/core), take TCaller/TRequestMeta (lib/server/scope.ts)."),
  zone(HTTP, [...CLIENT, "./app"], "lib/api and the next-auth glue are below app/."),
  zone("./lib/query", [...ENV, ...DB, ...HTTP, "./components", "./app"], "lib/query runs in the browser."),
  enumsOnly("./lib/query", "lib/query"),
  zone("./components", [...ENV, ...DB, ...HTTP, "./app"], "components run in the browser."),
  enumsOnly("./components", "components"),
  zone("./components/ui", "./components", "components/ui holds primitives only: no feature components.", ["./ui"]),
  zone("./components/ui", "./lib/query", "components/ui may use the fetcher only.", ["./fetcher.ts"]),
  zone(["./scripts", "./prisma"], [...SERVER, ...HTTP, ...CLIENT, "./app"], "scripts/ and prisma/ run outside Next: no server-only modules."),
  zone("./bench", [...HTTP, ...CLIENT, "./app"], "bench drives lib/ directly."),
];

// Upward imports still in the tree, each allowed for its one file only: the listed `from`
// entries are dropped from that file's zones, everything else still applies, so a new upward
// import anywhere (or another one in these files) fails. Remove an entry when its move lands.
export const BOUNDARY_EXCEPTIONS = [];

const withoutAllowed = (allows) =>
  LAYER_ZONES.map((z) => ({ ...z, from: [z.from].flat().filter((f) => !allows.includes(f)) })).filter((z) => z.from.length > 0);

// unsafe* functions cross organisations (docs/SECURITY.md): only job runners and process
// start-up may call them. Relative specifiers are covered too, for calls inside lib/server.
export const UNSAFE_RUNNERS = ["lib/server/notifications/scheduler.ts", "lib/server/notifications/unsafe-run-reminders.ts", "lib/server/dashboard/unsafe-record-risk-snapshots.ts", "lib/server/exports/queue-export.ts", "instrumentation.ts", "scripts/**", "tests/**", "bench/**", "**/*.test.ts"];

const UNSAFE_PATTERN = { group: ["@/lib/server/**", "./*", "../*"], importNamePattern: "^unsafe", message: "unsafe* functions cross organisations: only job runners, instrumentation.ts and scripts import them." };
const CLIENT_EFFECTS = "Components call a TanStack Query hook of lib/query (one fetcher for every request, uploads included). (docs/ARCHITECTURE.md, Client)";

const boundaryConfig = [
  { rules: { "import/no-restricted-paths": ["error", { zones: LAYER_ZONES }] } },
  ...BOUNDARY_EXCEPTIONS.map(({ file, allows }) => ({ files: [file], rules: { "import/no-restricted-paths": ["error", { zones: withoutAllowed(allows) }] } })),
  {
    // Zones cannot tell `import type` apart; the browser may know server shapes, never server code.
    files: ["lib/query/**", "components/**"],
    rules: {
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: [{ group: ["@/lib/server/**"], allowTypeImports: true, message: `The browser gets server types only: import type { … } and Jsonify<…>. ${LAYER_DOC}` }] }],
      // import("…") types slip past import/no-restricted-paths.
      "no-restricted-syntax": ["error", { selector: "TSImportType", message: "Use a top-level `import type`." }],
    },
  },
  {
    files: ["**/*.{ts,tsx,mts,mjs}"],
    ignores: UNSAFE_RUNNERS,
    rules: {
      "no-restricted-imports": ["error", { patterns: [UNSAFE_PATTERN] }],
    },
  },
  {
    // One client mutation style: a component's side effects go through a TanStack Query hook of
    // lib/query (which uses the one fetcher), and a full page load through components/ui/hard-navigate.
    files: ["components/**"],
    ignores: ["components/ui/hard-navigate.ts"],
    rules: {
      "no-restricted-globals": ["error", ...["fetch", "XMLHttpRequest"].map((name) => ({ name, message: `${CLIENT_EFFECTS}` }))],
      "no-restricted-imports": ["error", { paths: [{ name: "@/lib/query/fetcher", importNames: ["apiFetch", "apiUpload", "apiDownload", "cursorPages"], message: CLIENT_EFFECTS }], patterns: [UNSAFE_PATTERN] }],
      "no-restricted-syntax": [
        "error",
        { selector: "TSImportType", message: "Use a top-level `import type`." },
        { selector: "MemberExpression[object.property.name='location'][property.name=/^(assign|replace)$/]", message: "A full page load goes through hardNavigate (components/ui/hard-navigate.ts)." },
      ],
    },
  },
];

const config = [
  ...nextVitals,
  ...nextTypescript,
  {
    ignores: ["lib/generated/**", ".next/**", ".data/**", "node_modules/**", "test-results/**", "playwright-report/**", "next-env.d.ts"],
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
      // Reading process.env is for lib/env.ts; elsewhere it bypasses validation.
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Import env from @/lib/env instead." }],
    },
  },
  {
    files: ["lib/env.ts", "scripts/**", "bench/**", "e2e/**", "tests/**", "**/*.test.ts", "next.config.js", "prisma.config.ts", "playwright.config.ts", "vitest.config.ts", "proxy.ts", "instrumentation.ts"],
    rules: { "no-restricted-properties": "off" },
  },
  ...boundaryConfig,
];

export default config;
