import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";
import { BOUNDARY_EXCEPTIONS } from "./eslint.config.mjs";

// Proves the layer lint (eslint.config.mjs, docs/ARCHITECTURE.md "Layers"): planted imports are
// linted as virtual files inside the repo, so nothing is written to disk.

const cwd = path.dirname(new URL(import.meta.url).pathname);
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd });
});

async function boundaryMessages(filePath: string, code: string): Promise<string[]> {
  const results = await eslint.lintText(code, { filePath: path.join(cwd, filePath) });
  return results
    .flatMap((r) => r.messages)
    .filter((m) => ["import/no-restricted-paths", "@typescript-eslint/no-restricted-imports", "no-restricted-imports", "no-restricted-syntax"].includes(m.ruleId ?? ""))
    .map((m) => m.message);
}

const LAYER = /\(docs\/ARCHITECTURE\.md, Layers\)/;

describe("upward imports are rejected with the layer message", () => {
  it.each([
    ["lib/server/apis/planted.ts", 'import { withOrg } from "@/lib/api/guard";\nexport const x = withOrg;\n', /lib\/server is below lib\/api/],
    ["lib/server/apis/planted.ts", 'import { headers } from "next/headers";\nexport const x = headers;\n', /lib\/server is below lib\/api/],
    ["lib/server/apis/planted.ts", 'import { getSignedInUser } from "@/lib/api/auth/session";\nexport const x = getSignedInUser;\n', /lib\/server is below lib\/api/],
    ["lib/core/planted.ts", 'import { db } from "@/lib/db";\nexport const x = db;\n', /Pure code/],
    ["lib/core/specs/planted.ts", 'import { cookies } from "next/headers";\nexport const x = cookies;\n', /Pure code/],
    ["lib/core/specs/planted.ts", 'import { inOrg } from "../../server/scope";\nexport const x = inOrg;\n', /Pure code/],
    ["lib/validation/planted.ts", 'import { db } from "@/lib/db";\nexport const x = db;\n', /Pure code/],
    ["lib/core/exports/planted.ts", 'import { useApis } from "@/lib/query/apis";\nexport const x = useApis;\n', /Pure code/],
    ["lib/core/planted.ts", 'import type { Prisma } from "@/lib/generated/prisma/client";\nexport type X = Prisma.ApiSelect;\n', /only the generated enums/],
    ["lib/core/auth/permissions.ts", 'import { db } from "@/lib/db";\nexport const x = db;\n', /Pure code/],
    ["lib/db/planted.ts", 'import { inOrg } from "@/lib/server/scope";\nexport const x = inOrg;\n', /lib\/db is below lib\/server/],
    ["lib/api/planted.ts", 'import { apiFetch } from "@/lib/query/fetcher";\nexport const x = apiFetch;\n', /below app\//],
    ["lib/query/planted.ts", 'import { env } from "@/lib/env";\nexport const x = env;\n', /lib\/query runs in the browser/],
    ["components/ui/planted.tsx", 'import { ThreatRegister } from "@/components/threats/threat-register";\nexport const x = ThreatRegister;\n', /components\/ui holds primitives only/],
    ["components/ui/planted.tsx", 'import { useApis } from "@/lib/query/apis";\nexport const x = useApis;\n', /components\/ui may use the fetcher only/],
    ["scripts/planted.ts", 'import { inOrg } from "@/lib/server/scope";\nexport const x = inOrg;\n', /run outside Next/],
  ])("%s: %s", async (filePath, code, why) => {
    const messages = await boundaryMessages(filePath, code);
    expect(messages.some((m) => why.test(m) && LAYER.test(m)), messages.join("\n") || "no boundary message").toBe(true);
  });

  it("a value import from lib/server in the browser", async () => {
    const messages = await boundaryMessages("lib/query/planted.ts", 'import { getApi } from "@/lib/server/apis/get-api";\nexport const x = getApi;\n');
    expect(messages.join("\n")).toMatch(/server types only/);
  });

  it.each([
    ["a raw fetch", 'export const load = () => fetch("/api/v1/apis");\n', "no-restricted-globals"],
    ["XMLHttpRequest", "export const x = new XMLHttpRequest();\n", "no-restricted-globals"],
    ["the fetcher itself", 'import { apiFetch } from "@/lib/query/fetcher";\nexport const x = apiFetch;\n', "no-restricted-imports"],
    ["a full page load by hand", 'export const go = () => window.location.assign("/login");\n', "no-restricted-syntax"],
  ])("a component's side effect outside lib/query hooks: %s", async (_what, code, rule) => {
    const results = await eslint.lintText(code, { filePath: path.join(cwd, "components/apis/planted.tsx") });
    const messages = results.flatMap((r) => r.messages).filter((m) => m.ruleId === rule);
    expect(messages.map((m) => m.message).join("\n")).toMatch(/lib\/query|hardNavigate/);
  });

  it("components may still read the fetcher's error type", async () => {
    const results = await eslint.lintText('import { ApiError } from "@/lib/query/fetcher";\nexport const x = ApiError;\n', { filePath: path.join(cwd, "components/apis/planted.tsx") });
    expect(results.flatMap((r) => r.messages).filter((m) => m.ruleId === "no-restricted-imports")).toEqual([]);
  });

  it("an import(\"…\") type in the browser", async () => {
    const messages = await boundaryMessages("components/apis/planted.ts", 'export type X = import("@/lib/server/scope").TCaller;\n');
    expect(messages.join("\n")).toMatch(/top-level `import type`/);
  });

  it.each([
    ["app/api/v1/planted/route.ts", 'import { unsafeRunReminders } from "@/lib/server/notifications/unsafe-run-reminders";\nexport const x = unsafeRunReminders;\n'],
    ["lib/server/comments/planted.ts", 'import { unsafeDeleteAll } from "../exports/export-jobs";\nexport const x = unsafeDeleteAll;\n'],
    ["lib/server/comments/planted.ts", 'import { unsafeDeleteAll } from "./export-jobs";\nexport const x = unsafeDeleteAll;\n'],
  ])("unsafe* outside job runners: %s", async (filePath, code) => {
    const messages = await boundaryMessages(filePath, code);
    expect(messages.join("\n")).toMatch(/unsafe\* functions cross organisations/);
  });
});

describe("allowed imports pass", () => {
  it.each([
    ["lib/server/apis/planted.ts", 'import { db } from "@/lib/db";\nimport { AppError } from "@/lib/core/app-error";\nimport { can } from "@/lib/core/auth/permissions";\nimport { getFailureLimiter } from "@/lib/server/auth/rate-limit";\nexport const x = [db, AppError, can, getFailureLimiter];\n'],
    ["lib/core/specs/planted.ts", 'import { AppError } from "@/lib/core/app-error";\nimport type { Role } from "@/lib/generated/prisma/enums";\nimport { ZSignIn } from "@/lib/validation/auth";\nexport const x = [AppError, ZSignIn];\nexport type R = Role;\n'],
    ["lib/query/planted.ts", 'import type { TApiDto } from "@/lib/server/apis/api-dto";\nimport type { Jsonify } from "@/lib/core/jsonify";\nexport type X = Jsonify<TApiDto>;\n'],
    ["components/ui/planted.tsx", 'import { ApiError } from "@/lib/query/fetcher";\nimport { Button } from "@/components/ui/button";\nexport const x = [ApiError, Button];\n'],
    ["lib/api/planted.ts", 'import { findCallerMembership } from "@/lib/server/members/find-caller-membership";\nimport { getSignedInUser } from "@/lib/api/auth/session";\nexport const x = [findCallerMembership, getSignedInUser];\n'],
    ["lib/server/notifications/scheduler.ts", 'import { unsafeRunReminders } from "./unsafe-run-reminders";\nexport const x = unsafeRunReminders;\n'],
    ["instrumentation.ts", 'import { unsafeStartJobs } from "@/lib/server/notifications/scheduler";\nexport const x = unsafeStartJobs;\n'],
  ])("%s", async (filePath, code) => {
    expect(await boundaryMessages(filePath, code)).toEqual([]);
  });
});

describe("exceptions", () => {
  it("there are none: the page guard sits beside the route guard, and the signed-in user's type is a lib/server type", async () => {
    expect(BOUNDARY_EXCEPTIONS).toEqual([]);
    // What the exceptions used to allow is now refused everywhere in lib/server.
    const page = await boundaryMessages("lib/server/members/planted.ts", 'import { getSignedInUser } from "@/lib/api/auth/session";\nimport { notFound } from "next/navigation";\nexport const x = [getSignedInUser, notFound];\n');
    expect(page).toHaveLength(2);
    const other = await boundaryMessages("lib/server/invitations/planted.ts", 'import type { TSignedInUser } from "@/lib/api/auth/session";\nexport type X = TSignedInUser;\n');
    expect(other.join("\n")).toMatch(/lib\/server is below lib\/api/);
    // And the page guard where it now lives may read the session and use Next's navigation.
    expect(await boundaryMessages("lib/api/page-guard.ts", 'import { getSignedInUser } from "@/lib/api/auth/session";\nimport { notFound } from "next/navigation";\nexport const x = [getSignedInUser, notFound];\n')).toEqual([]);
  });
});
