import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApi } from "@/lib/server/apis/create-api";
import { deleteApi } from "@/lib/server/apis/delete-api";
import { getApi } from "@/lib/server/apis/get-api";
import { listApis } from "@/lib/server/apis/list-apis";
import { updateApi } from "@/lib/server/apis/update-api";
import type { TCaller } from "@/lib/server/scope";
import { ZCreateApi, ZListApisQuery, ZUpdateApi, type TCreateApiInput } from "@/lib/validation/apis";
import { z } from "zod";
import { addMember, appErrorOf, createOrgWithMembers, missingId, uniqueSuffix, visible, type TMemberFixture, type TOrgFixture } from "../support/fixtures";

// Inputs go through the same zod schemas the route handlers use, so defaults match production.
const create = (caller: TCaller, input: TCreateApiInput) => createApi(caller, ZCreateApi.parse(input));
const update = (caller: TCaller, id: string, input: z.input<typeof ZUpdateApi>) => updateApi(caller, id, ZUpdateApi.parse(input));
const list = (caller: TCaller, query: z.input<typeof ZListApisQuery> = {}) => listApis(caller, ZListApisQuery.parse(query));

/** The stored row with everything hanging off it, to prove a failed call changed nothing. */
async function storedApi(id: string) {
  return db.api.findUnique({ where: { id }, include: { environments: { orderBy: { position: "asc" } }, team: true } });
}

async function auditEventsFor(targetId: string) {
  return db.auditEvent.findMany({ where: { targetId }, orderBy: { createdAt: "asc" } });
}

let orgA: TOrgFixture;
let ownerA: TMemberFixture;
let editorA: TMemberFixture;
let orgB: TOrgFixture;
let ownerB: TMemberFixture;

beforeAll(async () => {
  ({ org: orgA, owner: ownerA, editor: editorA } = await createOrgWithMembers("Tenant A", ["OWNER", "EDITOR"]));
  ({ org: orgB, owner: ownerB } = await createOrgWithMembers("Tenant B", ["OWNER"]));
});

describe("cross-tenant access: an id from another org answers exactly like a missing one", () => {
  let apiB: Awaited<ReturnType<typeof createApi>>;
  let before: Awaited<ReturnType<typeof storedApi>>;

  beforeAll(async () => {
    apiB = await create(ownerB.caller, {
      name: "Secret Payments",
      description: "Only org B may see this",
      team: "Payments",
      technicalOwnerId: ownerB.user.id,
      exposure: "PARTNER",
      tags: ["pci"],
      environments: [{ name: "production", baseUrl: "https://pay.b.example" }],
    });
    before = await storedApi(apiB.id);
    // A also has an API, so A's list is not empty by accident.
    await create(ownerA.caller, { name: "A's own API" });
  });

  it("getApi", async () => {
    const foreign = await appErrorOf(getApi(ownerA.caller, apiB.id));
    const missing = await appErrorOf(getApi(ownerA.caller, missingId()));
    expect(visible(foreign)).toEqual(visible(missing));
    expect(foreign).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });

  it("updateApi, with the correct version and every kind of field", async () => {
    const input = {
      version: 1,
      name: "Owned by A now",
      description: "tampered",
      team: "Attackers",
      technicalOwnerId: ownerA.user.id,
      environments: [{ name: "evil", baseUrl: "https://evil.example" }],
    };
    const foreign = await appErrorOf(update(ownerA.caller, apiB.id, input));
    const missing = await appErrorOf(update(ownerA.caller, missingId(), input));
    expect(visible(foreign)).toEqual(visible(missing));
    expect(foreign).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(await storedApi(apiB.id)).toEqual(before);
    expect(await db.team.count({ where: { name: "Attackers" } })).toBe(0);
  });

  it("deleteApi", async () => {
    const foreign = await appErrorOf(deleteApi(ownerA.caller, apiB.id));
    const missing = await appErrorOf(deleteApi(ownerA.caller, missingId()));
    expect(visible(foreign)).toEqual(visible(missing));
    expect(foreign).toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect(await storedApi(apiB.id)).toEqual(before);
  });

  it("listApis with a cursor from org B", async () => {
    const foreign = await appErrorOf(list(ownerA.caller, { cursor: apiB.id, limit: 1 }));
    const missing = await appErrorOf(list(ownerA.caller, { cursor: missingId(), limit: 1 }));
    expect(visible(foreign)).toEqual(visible(missing));
    expect(foreign).toMatchObject({ code: "BAD_REQUEST", status: 400 });
  });

  it("listApis never returns B's rows, whatever the search or filter", async () => {
    const queries: z.input<typeof ZListApisQuery>[] = [
      {},
      { q: "secret" },
      { q: "pci" },
      { tag: "pci" },
      { team: "Payments" },
      { owner: ownerB.user.id },
      { exposure: "PARTNER" },
    ];
    for (const query of queries) {
      const page = await list(ownerA.caller, query);
      expect(page.data.map((api) => api.id), JSON.stringify(query)).not.toContain(apiB.id);
      expect(page.data.every((api) => api.name !== "Secret Payments")).toBe(true);
    }
    expect((await list(ownerA.caller, { q: "secret" })).total).toBe(0);
  });

  it("wrote no audit event for any of the refused calls, and B's row is unchanged", async () => {
    const events = await auditEventsFor(apiB.id);
    expect(events.map((e) => [e.action, e.orgId])).toEqual([["api.created", orgB.id]]);
    expect(await storedApi(apiB.id)).toEqual(before);
  });

  it("a team name that exists in B gives A its own team, never B's", async () => {
    const apiA = await create(ownerA.caller, { name: `Payments of A ${uniqueSuffix()}`, team: "Payments" });
    expect(apiA.team?.id).toBeDefined();
    expect(apiA.team?.id).not.toBe(apiB.team?.id);
    expect(await db.team.findUnique({ where: { id: apiA.team!.id } })).toMatchObject({ orgId: orgA.id, name: "Payments" });
  });
});

describe("createApi", () => {
  it("creates the API with its environments in the given order", async () => {
    const environments = [
      { name: "production", baseUrl: "https://api.example.com" },
      { name: "staging", baseUrl: "https://staging.example.com" },
      { name: "dev", baseUrl: "http://localhost:8080" },
    ];
    const api = await create(editorA.caller, {
      name: "Orders",
      description: "Order intake",
      technicalOwnerId: ownerA.user.id,
      lifecycle: "ACTIVE",
      exposure: "INTERNET",
      authSchemes: ["OAUTH2_OIDC", "MTLS"],
      dataFlags: ["PII"],
      tags: ["Core", "orders"],
      environments,
    });
    expect(api).toMatchObject({
      name: "Orders",
      description: "Order intake",
      lifecycle: "ACTIVE",
      exposure: "INTERNET",
      authSchemes: ["OAUTH2_OIDC", "MTLS"],
      dataFlags: ["PII"],
      tags: ["core", "orders"],
      version: 1,
      team: null,
      technicalOwner: { id: ownerA.user.id, email: ownerA.user.email },
      environments,
    });
    expect(await getApi(ownerA.caller, api.id)).toEqual(api);

    const rows = await db.apiEnvironment.findMany({ where: { apiId: api.id }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.position, r.name, r.orgId])).toEqual([
      [0, "production", orgA.id],
      [1, "staging", orgA.id],
      [2, "dev", orgA.id],
    ]);
    expect(await db.api.findUnique({ where: { id: api.id } })).toMatchObject({ orgId: orgA.id, createdById: editorA.user.id });
  });

  it("creates a team on first use and reuses it for the next API with that team name", async () => {
    const team = `Platform ${uniqueSuffix()}`;
    const first = await create(ownerA.caller, { name: `Gateway ${uniqueSuffix()}`, team });
    const second = await create(ownerA.caller, { name: `Gateway ${uniqueSuffix()}`, team });
    expect(first.team).toEqual({ id: expect.any(String), name: team });
    expect(second.team).toEqual(first.team);
    expect(await db.team.count({ where: { orgId: orgA.id, name: team } })).toBe(1);
  });

  it("refuses a technical owner who is a user of another organisation", async () => {
    const name = `Foreign owner ${uniqueSuffix()}`;
    const team = `Ghost team ${uniqueSuffix()}`;
    const error = await appErrorOf(create(ownerA.caller, { name, team, technicalOwnerId: ownerB.user.id }));
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(error.fieldErrors?.map((f) => f.field)).toEqual(["technicalOwnerId"]);
    expect(await db.api.count({ where: { name } })).toBe(0);
    expect(await db.team.count({ where: { name: team } })).toBe(0);
  });

  it("refuses a duplicate name in the same org with a field error, and writes nothing", async () => {
    const name = `Duplicate ${uniqueSuffix()}`;
    await create(ownerA.caller, { name });
    const eventsBefore = await db.auditEvent.count({ where: { orgId: orgA.id } });
    const error = await appErrorOf(create(ownerA.caller, { name, environments: [{ name: "prod", baseUrl: "https://x.example" }] }));
    expect(error).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(error.fieldErrors?.map((f) => f.field)).toEqual(["name"]);
    expect(await db.api.count({ where: { orgId: orgA.id, name } })).toBe(1);
    expect(await db.auditEvent.count({ where: { orgId: orgA.id } })).toBe(eventsBefore);
  });

  it("allows the same name in another organisation", async () => {
    const name = `Shared name ${uniqueSuffix()}`;
    const inA = await create(ownerA.caller, { name });
    const inB = await create(ownerB.caller, { name });
    expect(inB.id).not.toBe(inA.id);
    expect(await db.api.findMany({ where: { name }, select: { orgId: true }, orderBy: { createdAt: "asc" } })).toEqual([
      { orgId: orgA.id },
      { orgId: orgB.id },
    ]);
  });
});

describe("updateApi", () => {
  it("applies a partial update and increments the version", async () => {
    const api = await create(ownerA.caller, { name: `Versioned ${uniqueSuffix()}`, description: "v1", exposure: "INTERNAL" });
    const updated = await update(ownerA.caller, api.id, { version: 1, description: "v2", exposure: "INTERNET" });
    expect(updated).toMatchObject({ id: api.id, name: api.name, description: "v2", exposure: "INTERNET", version: 2 });
    const again = await update(ownerA.caller, api.id, { version: 2, lifecycle: "ACTIVE" });
    expect(again).toMatchObject({ description: "v2", lifecycle: "ACTIVE", version: 3 });
    expect(await db.api.findUnique({ where: { id: api.id } })).toMatchObject({ version: 3, description: "v2", lifecycle: "ACTIVE" });
  });

  it("refuses a stale version with CONFLICT and changes nothing", async () => {
    const api = await create(ownerA.caller, {
      name: `Contended ${uniqueSuffix()}`,
      team: "Original team",
      environments: [{ name: "prod", baseUrl: "https://prod.example" }],
    });
    await update(editorA.caller, api.id, { version: 1, description: "someone else's edit" });
    const before = await storedApi(api.id);
    const eventsBefore = await auditEventsFor(api.id);
    const newTeam = `Stale team ${uniqueSuffix()}`;

    const error = await appErrorOf(
      update(ownerA.caller, api.id, {
        version: 1,
        description: "my stale edit",
        team: newTeam,
        environments: [{ name: "other", baseUrl: "https://other.example" }],
      }),
    );
    expect(error).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(error.message).toContain("version 1");
    expect(await storedApi(api.id)).toEqual(before);
    expect(before).toMatchObject({ version: 2, description: "someone else's edit" });
    // The team lookup runs before the version check; the rollback must undo it too.
    expect(await db.team.count({ where: { name: newTeam } })).toBe(0);
    expect(await auditEventsFor(api.id)).toEqual(eventsBefore);
  });

  it("replaces the environments, keeping the new order", async () => {
    const api = await create(ownerA.caller, {
      name: `Envs ${uniqueSuffix()}`,
      environments: [
        { name: "a", baseUrl: "https://a.example" },
        { name: "b", baseUrl: "https://b.example" },
      ],
    });
    const environments = [
      { name: "z", baseUrl: "https://z.example" },
      { name: "b", baseUrl: "https://b2.example" },
      { name: "y", baseUrl: "https://y.example" },
    ];
    const updated = await update(ownerA.caller, api.id, { version: 1, environments });
    expect(updated.environments).toEqual(environments);
    const rows = await db.apiEnvironment.findMany({ where: { apiId: api.id }, orderBy: { position: "asc" } });
    expect(rows.map((r) => [r.position, r.name, r.baseUrl])).toEqual([
      [0, "z", "https://z.example"],
      [1, "b", "https://b2.example"],
      [2, "y", "https://y.example"],
    ]);

    const cleared = await update(ownerA.caller, api.id, { version: 2, environments: [] });
    expect(cleared.environments).toEqual([]);
    expect(await db.apiEnvironment.count({ where: { apiId: api.id } })).toBe(0);
  });

  it("leaves environments alone when the update does not mention them", async () => {
    const environments = [{ name: "prod", baseUrl: "https://keep.example" }];
    const api = await create(ownerA.caller, { name: `Keep envs ${uniqueSuffix()}`, environments });
    const updated = await update(ownerA.caller, api.id, { version: 1, description: "only this" });
    expect(updated.environments).toEqual(environments);
  });

  it("sets and clears the team", async () => {
    const api = await create(ownerA.caller, { name: `Team change ${uniqueSuffix()}`, team: "First team" });
    const moved = await update(ownerA.caller, api.id, { version: 1, team: "Second team" });
    expect(moved.team?.name).toBe("Second team");
    const cleared = await update(ownerA.caller, api.id, { version: 2, team: null });
    expect(cleared.team).toBeNull();
    expect(await db.api.findUnique({ where: { id: api.id }, select: { teamId: true } })).toEqual({ teamId: null });
  });

  it("refuses a technical owner from another org and a name taken in the same org", async () => {
    const taken = await create(ownerA.caller, { name: `Taken ${uniqueSuffix()}` });
    const api = await create(ownerA.caller, { name: `Renamed ${uniqueSuffix()}` });
    const before = await storedApi(api.id);

    const owner = await appErrorOf(update(ownerA.caller, api.id, { version: 1, technicalOwnerId: ownerB.user.id }));
    expect(owner).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(owner.fieldErrors?.map((f) => f.field)).toEqual(["technicalOwnerId"]);

    const name = await appErrorOf(update(ownerA.caller, api.id, { version: 1, name: taken.name }));
    expect(name).toMatchObject({ code: "CONFLICT", status: 409 });
    expect(name.fieldErrors?.map((f) => f.field)).toEqual(["name"]);

    expect(await storedApi(api.id)).toEqual(before);
  });
});

describe("deleteApi", () => {
  it("removes the API and its environments; a second delete is NOT_FOUND", async () => {
    const api = await create(ownerA.caller, {
      name: `Doomed ${uniqueSuffix()}`,
      environments: [
        { name: "prod", baseUrl: "https://prod.example" },
        { name: "test", baseUrl: "https://test.example" },
      ],
    });
    expect(await db.apiEnvironment.count({ where: { apiId: api.id } })).toBe(2);
    await deleteApi(editorA.caller, api.id);
    expect(await db.api.count({ where: { id: api.id } })).toBe(0);
    expect(await db.apiEnvironment.count({ where: { apiId: api.id } })).toBe(0);
    expect(await appErrorOf(getApi(ownerA.caller, api.id))).toMatchObject({ code: "NOT_FOUND" });
    expect(await appErrorOf(deleteApi(editorA.caller, api.id))).toMatchObject({ code: "NOT_FOUND", status: 404 });
  });
});

describe("listApis", () => {
  // A separate org, so these expectations are about exactly six rows.
  let caller: TCaller;
  let ownerOne: TMemberFixture;
  let ownerTwo: TMemberFixture;
  const ids = new Map<string, string>();

  // First letters differ, so the order is the same under any collation.
  const names = ["Accounts API", "Billing Gateway", "Catalog", "Delivery Tracker", "Events Stream", "Fulfilment"] as const;

  beforeAll(async () => {
    const { org, owner } = await createOrgWithMembers("Listing", ["OWNER"]);
    caller = owner.caller;
    ownerOne = await addMember(org, "EDITOR");
    ownerTwo = await addMember(org, "VIEWER");
    const rows: TCreateApiInput[] = [
      { name: "Accounts API", description: "Customer accounts", exposure: "INTERNET", lifecycle: "ACTIVE", dataClassification: "CONFIDENTIAL", technicalOwnerId: ownerOne.user.id, team: "Identity", tags: ["pii", "core"] },
      { name: "Billing Gateway", description: "Handles PAYMENTS for partners", exposure: "PARTNER", lifecycle: "ACTIVE", dataClassification: "RESTRICTED", technicalOwnerId: ownerTwo.user.id, team: "Payments", tags: ["pci"] },
      { name: "Catalog", exposure: "INTERNAL", lifecycle: "DESIGN", dataClassification: "PUBLIC", tags: ["core"] },
      { name: "Delivery Tracker", description: "tracks parcels", exposure: "INTERNET", lifecycle: "DEPRECATED", dataClassification: "INTERNAL", technicalOwnerId: ownerOne.user.id, team: "Logistics" },
      { name: "Events Stream", exposure: "INTERNAL", lifecycle: "RETIRED", dataClassification: "INTERNAL", technicalOwnerId: ownerTwo.user.id, team: "Payments", tags: ["payments"] },
      { name: "Fulfilment", exposure: "INTERNET", lifecycle: "ACTIVE", dataClassification: "PUBLIC", team: "Logistics", tags: ["core-v2"] },
    ];
    for (const row of rows) ids.set(row.name, (await create(caller, row)).id);
    // A last-modified order unlike the name order: Events, Accounts, Fulfilment, Catalog, Billing, Delivery.
    const updatedOrder = ["Events Stream", "Accounts API", "Fulfilment", "Catalog", "Billing Gateway", "Delivery Tracker"];
    for (const [index, name] of updatedOrder.entries()) {
      await db.$executeRaw`UPDATE "Api" SET "updatedAt" = ${new Date(Date.UTC(2024, 0, 1 + index))} WHERE "id" = ${ids.get(name)!}`;
    }
  });

  const namesOf = async (query: z.input<typeof ZListApisQuery>) => {
    const page = await list(caller, { limit: 100, ...query });
    expect(page.total, JSON.stringify(query)).toBe(page.data.length);
    return page.data.map((api) => api.name);
  };

  it("returns every API of the org, sorted by name by default, with the total", async () => {
    const page = await list(caller);
    expect(page.data.map((a) => a.name)).toEqual(names);
    expect(page.total).toBe(6);
    expect(page.nextCursor).toBeNull();
  });

  it("searches name and description case-insensitively, and tags by exact value", async () => {
    expect(await namesOf({ q: "ACCOUNTS" })).toEqual(["Accounts API"]);
    expect(await namesOf({ q: "tracker" })).toEqual(["Delivery Tracker"]);
    expect(await namesOf({ q: "Parcels" })).toEqual(["Delivery Tracker"]);
    // "payments": Billing by its description, Events by its tag.
    expect(await namesOf({ q: "payments" })).toEqual(["Billing Gateway", "Events Stream"]);
    expect(await namesOf({ q: "pay" })).toEqual(["Billing Gateway"]);
    // "core" is a tag of Accounts and Catalog; Fulfilment's "core-v2" is a different tag.
    expect(await namesOf({ q: "core" })).toEqual(["Accounts API", "Catalog"]);
    expect(await namesOf({ q: "CORE" })).toEqual(["Accounts API", "Catalog"]);
    expect(await namesOf({ q: "nothing matches this" })).toEqual([]);
  });

  it("filters by exposure, lifecycle, classification, owner, team and tag", async () => {
    expect(await namesOf({ exposure: "INTERNET" })).toEqual(["Accounts API", "Delivery Tracker", "Fulfilment"]);
    expect(await namesOf({ exposure: "INTERNET,PARTNER" })).toEqual(["Accounts API", "Billing Gateway", "Delivery Tracker", "Fulfilment"]);
    expect(await namesOf({ lifecycle: "ACTIVE" })).toEqual(["Accounts API", "Billing Gateway", "Fulfilment"]);
    expect(await namesOf({ lifecycle: "DEPRECATED,RETIRED" })).toEqual(["Delivery Tracker", "Events Stream"]);
    expect(await namesOf({ classification: "PUBLIC" })).toEqual(["Catalog", "Fulfilment"]);
    expect(await namesOf({ classification: "RESTRICTED,CONFIDENTIAL" })).toEqual(["Accounts API", "Billing Gateway"]);
    expect(await namesOf({ owner: ownerOne.user.id })).toEqual(["Accounts API", "Delivery Tracker"]);
    expect(await namesOf({ owner: ownerTwo.user.id })).toEqual(["Billing Gateway", "Events Stream"]);
    expect(await namesOf({ team: "Payments" })).toEqual(["Billing Gateway", "Events Stream"]);
    expect(await namesOf({ team: "Logistics" })).toEqual(["Delivery Tracker", "Fulfilment"]);
    expect(await namesOf({ tag: "core" })).toEqual(["Accounts API", "Catalog"]);
    expect(await namesOf({ tag: "pci" })).toEqual(["Billing Gateway"]);
    expect(await namesOf({ exposure: "INTERNET", lifecycle: "ACTIVE" })).toEqual(["Accounts API", "Fulfilment"]);
    expect(await namesOf({ q: "payments", team: "Payments", exposure: "INTERNAL" })).toEqual(["Events Stream"]);
  });

  it("sorts by name, -name, updatedAt, -updatedAt, exposure and -exposure", async () => {
    expect(await namesOf({ sort: "name" })).toEqual(names);
    expect(await namesOf({ sort: "-name" })).toEqual([...names].reverse());
    const byUpdate = ["Events Stream", "Accounts API", "Fulfilment", "Catalog", "Billing Gateway", "Delivery Tracker"];
    expect(await namesOf({ sort: "updatedAt" })).toEqual(byUpdate);
    expect(await namesOf({ sort: "-updatedAt" })).toEqual([...byUpdate].reverse());
    // Exposure sorts from most to least exposed (the enum's order); ties by name.
    expect(await namesOf({ sort: "exposure" })).toEqual(["Accounts API", "Delivery Tracker", "Fulfilment", "Billing Gateway", "Catalog", "Events Stream"]);
    expect(await namesOf({ sort: "-exposure" })).toEqual(["Catalog", "Events Stream", "Billing Gateway", "Accounts API", "Delivery Tracker", "Fulfilment"]);
  });

  const sorts = ["name", "-name", "updatedAt", "-updatedAt", "exposure", "-exposure", "lifecycle", "-lifecycle"] as const;
  it.each(sorts)("walks every row exactly once with limit 2, sorted by %s", async (sort) => {
    const full = await namesOf({ sort });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pageNumber = 0; pageNumber < 10; pageNumber++) {
      const page = await list(caller, { sort, limit: 2, cursor });
      expect(page.total).toBe(6);
      expect(page.data.length).toBeLessThanOrEqual(2);
      seen.push(...page.data.map((a) => a.name));
      if (!page.nextCursor) break;
      expect(page.nextCursor).toBe(page.data[page.data.length - 1]!.id);
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(full);
  });

  it("paginates a filtered list with the filtered total", async () => {
    const first = await list(caller, { exposure: "INTERNET", limit: 2 });
    expect(first.data.map((a) => a.name)).toEqual(["Accounts API", "Delivery Tracker"]);
    expect(first.total).toBe(3);
    const second = await list(caller, { exposure: "INTERNET", limit: 2, cursor: first.nextCursor! });
    expect(second.data.map((a) => a.name)).toEqual(["Fulfilment"]);
    expect(second.total).toBe(3);
    expect(second.nextCursor).toBeNull();
  });
});

describe("audit events", () => {
  it("records one event per create, update and delete, with only the changed fields on update", async () => {
    const api = await create(editorA.caller, { name: `Audited ${uniqueSuffix()}`, description: "before", tags: ["a"], team: "Old team" });
    await update(editorA.caller, api.id, { version: 1, name: api.name, description: "after", tags: ["a", "b"], lifecycle: "DESIGN", team: "New team" });
    await update(ownerA.caller, api.id, { version: 2, environments: [{ name: "prod", baseUrl: "https://prod.example" }] });
    await deleteApi(ownerA.caller, api.id);

    const events = await auditEventsFor(api.id);
    expect(events.map((e) => [e.action, e.orgId, e.actorId, e.targetType])).toEqual([
      ["api.created", orgA.id, editorA.user.id, "api"],
      ["api.updated", orgA.id, editorA.user.id, "api"],
      ["api.updated", orgA.id, ownerA.user.id, "api"],
      ["api.deleted", orgA.id, ownerA.user.id, "api"],
    ]);
    expect(events[0]!.metadata).toEqual({ name: api.name });
    // name and lifecycle were sent unchanged, so they are not listed.
    expect(events[1]!.metadata).toEqual({
      name: api.name,
      changes: {
        description: { from: "before", to: "after" },
        tags: { from: ["a"], to: ["a", "b"] },
        team: { from: "Old team", to: "New team" },
      },
    });
    expect(events[2]!.metadata).toEqual({
      name: api.name,
      changes: { environments: { from: [], to: [{ name: "prod", baseUrl: "https://prod.example" }] } },
    });
    expect(events[3]!.metadata).toEqual({ name: api.name });
    expect(events[0]).toMatchObject({ ip: "203.0.113.7", userAgent: "vitest" });
  });
});
