import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { rederiveOperationModels } from "@/lib/db/operation-models";
import { createApi } from "@/lib/server/apis/create-api";
import type { TCaller } from "@/lib/server/scope";
import { importSpec } from "@/lib/server/specs/import-spec";
import { analyseSpec } from "@/lib/core/specs/analyse-spec";
import { operationKey } from "@/lib/core/specs/diff-operations";
import { OPERATION_MODEL_VERSION } from "@/lib/core/specs/operation-model/types";
import { splitOperationModel } from "@/lib/core/specs/stored-operation-model";
import { logger } from "@/lib/logger";
import { ZCreateApi } from "@/lib/validation/apis";
import { createOrgWithMembers, type TMemberFixture } from "../support/fixtures";

const KENNEL = readFileSync(new URL("../fixtures/specs/kennel-3.0.yaml", import.meta.url), "utf8");
const PAYMENTS = readFileSync(new URL("../fixtures/specs/corpus/payments-hooks-3.1.yaml", import.meta.url), "utf8");
/** A response description changes: the operation model sees it, the import's diff does not. */
const KENNEL_REWORDED = KENNEL.replace("description: A page of pets\n", "description: Pets, a page at a time\n");
/** Kennel without GET /bookings. */
const KENNEL_WITHOUT_BOOKINGS = KENNEL.replace(/  \/bookings:\n[\s\S]*?(?=components:\n)/, "");

const apply = (caller: TCaller, apiId: string, text: string) => importSpec(caller, apiId, { text, source: "UPLOAD", fileName: "spec.yaml" }, { dryRun: false });
const newApi = async (caller: TCaller, name: string) => (await createApi(caller, ZCreateApi.parse({ name: `${name} ${Math.random().toString(36).slice(2, 8)}` }))).id;
const expectedModels = async (text: string) => splitOperationModel((await analyseSpec(text, { lint: false })).model);

async function storedModels(apiId: string) {
  const rows = await db.operation.findMany({ where: { apiId }, select: { id: true, method: true, path: true, model: true, modelVersion: true, removedAt: true, updatedAt: true } });
  return new Map(rows.map((row) => [operationKey(row), row]));
}

let owner: TMemberFixture;

beforeAll(async () => {
  ({ owner } = await createOrgWithMembers("Models", ["OWNER"]));
});

describe("an import stores each operation's model", () => {
  let apiId: string;

  beforeAll(async () => {
    apiId = await newApi(owner.caller, "Kennel");
  });

  it("the first import writes the current model and version on every operation", async () => {
    await apply(owner.caller, apiId, KENNEL);
    const expected = await expectedModels(KENNEL);
    const stored = await storedModels(apiId);
    expect([...stored.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [key, row] of stored) {
      expect(row.modelVersion, key).toBe(OPERATION_MODEL_VERSION);
      expect(row.model, key).toEqual(expected.get(key));
    }
  });

  it("a re-import the diff calls unchanged still writes the new model", async () => {
    const result = await apply(owner.caller, apiId, KENNEL_REWORDED);
    expect(result.diff).toMatchObject({ added: [], removed: [], changed: [], unchanged: 6 });
    const expected = await expectedModels(KENNEL_REWORDED);
    const stored = await storedModels(apiId);
    expect(stored.get("GET /pets")!.model).toEqual(expected.get("GET /pets"));
    expect(JSON.stringify(stored.get("GET /pets")!.model)).toContain("Pets, a page at a time");
  });

  it("a removed operation keeps the model of the last import that had it", async () => {
    const before = (await storedModels(apiId)).get("GET /bookings")!;
    const result = await apply(owner.caller, apiId, KENNEL_WITHOUT_BOOKINGS);
    expect(result.diff.removed.map((removed) => removed.key)).toEqual(["GET /bookings"]);
    const after = (await storedModels(apiId)).get("GET /bookings")!;
    expect(after.removedAt).not.toBeNull();
    expect(after.model).toEqual(before.model);
    expect(after.modelVersion).toBe(OPERATION_MODEL_VERSION);
  });

  it("callbacks are stored with the operation that registers them", async () => {
    const paymentsApi = await newApi(owner.caller, "Payments");
    await apply(owner.caller, paymentsApi, PAYMENTS);
    const expected = await expectedModels(PAYMENTS);
    const stored = await storedModels(paymentsApi);
    const withCallbacks = [...expected].filter(([, entry]) => entry.callbacks.length > 0);
    expect(withCallbacks.length).toBeGreaterThan(0);
    for (const [key, entry] of withCallbacks) expect(stored.get(key)!.model).toEqual(entry);
  });
});

describe("rederiveOperationModels fills in models missing or older than OPERATION_MODEL_VERSION", () => {
  let apiId: string;
  let brokenApiId: string;

  beforeAll(async () => {
    apiId = await newApi(owner.caller, "Old kennel");
    await apply(owner.caller, apiId, KENNEL);
    // GET /bookings is last seen in the first import: its model must come from that spec.
    await apply(owner.caller, apiId, KENNEL_WITHOUT_BOOKINGS);
    brokenApiId = await newApi(owner.caller, "Broken");
    await apply(owner.caller, brokenApiId, KENNEL);
  });

  /** Rows as a database migrated before the model existed (NULL) or from an older model version leaves them. */
  async function age(keys: Record<string, "missing" | "older">, target = apiId) {
    const stored = await storedModels(target);
    for (const [key, how] of Object.entries(keys)) {
      await db.$executeRaw`UPDATE "Operation" SET "model" = ${how === "missing" ? null : JSON.stringify({ stale: true })}::jsonb, "modelVersion" = ${how === "missing" ? null : OPERATION_MODEL_VERSION - 1} WHERE "id" = ${stored.get(key)!.id}`;
    }
  }

  it("an operation without a model, or with an older one, gets its import's model; an up-to-date one is untouched", async () => {
    await age({ "GET /pets": "missing", "POST /pets": "older", "GET /bookings": "missing" });
    const untouchedId = (await storedModels(apiId)).get("GET /pets/{petId}")!.id;
    // A current model is never rebuilt, even when it differs from what the spec would give now.
    await db.$executeRaw`UPDATE "Operation" SET "model" = '{"kept": true}'::jsonb WHERE "id" = ${untouchedId}`;
    const before = await storedModels(apiId);

    const result = await rederiveOperationModels(db);
    expect(result).toEqual({ imports: 2, operations: 3, failedImports: 0, remaining: false });

    const current = await expectedModels(KENNEL_WITHOUT_BOOKINGS);
    const first = await expectedModels(KENNEL);
    const after = await storedModels(apiId);
    expect(after.get("GET /pets")).toMatchObject({ model: current.get("GET /pets"), modelVersion: OPERATION_MODEL_VERSION });
    expect(after.get("POST /pets")).toMatchObject({ model: current.get("POST /pets"), modelVersion: OPERATION_MODEL_VERSION });
    expect(after.get("GET /bookings")).toMatchObject({ model: first.get("GET /bookings"), modelVersion: OPERATION_MODEL_VERSION });
    expect(after.get("GET /pets/{petId}")).toEqual(before.get("GET /pets/{petId}"));
    // Filling in a model is not an edit of the operation.
    for (const key of ["GET /pets", "POST /pets", "GET /bookings"]) expect(after.get(key)!.updatedAt).toEqual(before.get(key)!.updatedAt);
  });

  it("is idempotent: a second run finds nothing to do", async () => {
    const before = await storedModels(apiId);
    expect(await rederiveOperationModels(db)).toEqual({ imports: 0, operations: 0, failedImports: 0, remaining: false });
    expect(await storedModels(apiId)).toEqual(before);
  });

  it("stops at its time budget and leaves the rest for the next start", async () => {
    await age({ "GET /pets": "missing" });
    expect(await rederiveOperationModels(db, { budgetMs: 0 })).toEqual({ imports: 0, operations: 0, failedImports: 0, remaining: true });
    expect((await storedModels(apiId)).get("GET /pets")!.model).toBeNull();
    expect(await rederiveOperationModels(db)).toMatchObject({ imports: 1, operations: 1, remaining: false });
  });

  it("a stored spec that no longer builds a model is logged and skipped; the others are still done", async () => {
    const warn = vi.spyOn(logger, "warn").mockImplementation(() => undefined);
    try {
      const brokenImport = await db.specImport.findFirstOrThrow({ where: { apiId: brokenApiId }, select: { id: true } });
      await db.specImport.update({ where: { id: brokenImport.id }, data: { content: "openapi: 3.0.3\npaths: [" } });
      await age({ "GET /pets": "missing" }, brokenApiId);
      await age({ "GET /pets": "missing" });

      expect(await rederiveOperationModels(db)).toEqual({ imports: 1, operations: 1, failedImports: 1, remaining: false });
      expect(warn).toHaveBeenCalledWith("stored spec gives no operation model", expect.objectContaining({ importId: brokenImport.id }));
      expect((await storedModels(brokenApiId)).get("GET /pets")!.model).toBeNull();
      expect((await storedModels(apiId)).get("GET /pets")!.modelVersion).toBe(OPERATION_MODEL_VERSION);
    } finally {
      warn.mockRestore();
    }
  });
});
