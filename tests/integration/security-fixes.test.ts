import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/core/app-error";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";
import { createPostgresStore, FailureLimiter, OTHER_RULES } from "@/lib/server/auth/rate-limit";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import { acceptInvitation } from "@/lib/server/invitations/accept-invitation";
import { createInvitation } from "@/lib/server/invitations/create-invitation";
import { findPendingInvitation } from "@/lib/server/invitations/find-pending-invitation";
import { createOrganization } from "@/lib/server/organization/create-organization";
import { slugify } from "@/lib/core/organization/slugify";
import type { TCaller } from "@/lib/server/scope";
import { ZAcceptInvitation, ZCreateInvitation } from "@/lib/validation/invitations";
import { appErrorOf, createOrgWithMembers, createUser, signedInAs, uniqueSuffix } from "../support/fixtures";

// Follow-ups of the security review that need the database: the invitation-accept limit per
// address, reserved and race-free organisation slugs, and consume/refund on the Postgres store.
// The limiter store here is PostgreSQL (tests/support/per-file-database.ts), fresh for this file.

const bogusToken = () => randomBytes(32).toString("base64url");
const freshEmail = (label = "invitee") => `${label}.${uniqueSuffix()}@example.test`;
const invite = (caller: TCaller, email: string, role: Role = "VIEWER") => createInvitation(caller, ZCreateInvitation.parse({ email, role }));
const tokenOf = (link: string) => link.slice(link.lastIndexOf("/") + 1);
const acceptFrom = (ip: string, input: { token: string; name?: string; password?: string }, signedIn: TSignedInUser | null = null) =>
  acceptInvitation({ ip, userAgent: "vitest-security-fixes" }, ZAcceptInvitation.parse(input), signedIn);

describe("acceptInvitation: at most 20 attempts per address in 15 minutes", () => {
  it("is the configured rule", () => {
    expect(OTHER_RULES.invitationAcceptPerIp).toEqual({ limit: 20, windowMs: 15 * 60 * 1000 });
  });

  it("20 guesses are NOT_FOUND, the 21st is RATE_LIMITED, even with a valid link; another address is unaffected", async () => {
    const ip = "198.51.100.101";
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect(await appErrorOf(acceptFrom(ip, { token: bogusToken(), name: "Guesser", password: "guessing all day long" })), `attempt ${attempt}`).toMatchObject({
        code: "NOT_FOUND",
        status: 404,
      });
    }
    const limited = await appErrorOf(acceptFrom(ip, { token: bogusToken(), name: "Guesser", password: "guessing all day long" }));
    expect(limited).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(900);

    // The limit comes before the token is looked at: a real link is refused too, and not used up.
    const { owner } = await createOrgWithMembers("Limited Invites", ["OWNER"]);
    const email = freshEmail("blocked");
    const real = await invite(owner.caller, email);
    expect(await appErrorOf(acceptFrom(ip, { token: tokenOf(real.link), name: "Real Person", password: "a perfectly fine passphrase" }))).toMatchObject({ code: "RATE_LIMITED" });
    expect(await db.user.count({ where: { email } })).toBe(0);
    expect(await findPendingInvitation(tokenOf(real.link))).toMatchObject({ email });

    // Another address: a guess is an ordinary NOT_FOUND, and the real link works.
    expect(await appErrorOf(acceptFrom("198.51.100.102", { token: bogusToken() }))).toMatchObject({ code: "NOT_FOUND" });
    expect(await acceptFrom("198.51.100.102", { token: tokenOf(real.link), name: "Real Person", password: "a perfectly fine passphrase" })).toMatchObject({
      email,
      newUser: true,
    });
  });

  it("counts an IPv6 /64 as one address", async () => {
    for (let host = 1; host <= 20; host++) {
      expect(await appErrorOf(acceptFrom(`2001:db8:77:1::${host.toString(16)}`, { token: bogusToken() }))).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await appErrorOf(acceptFrom("2001:db8:77:1:ffff:ffff:ffff:1", { token: bogusToken() }))).toMatchObject({ code: "RATE_LIMITED" });
    expect(await appErrorOf(acceptFrom("2001:db8:77:2::1", { token: bogusToken() }))).toMatchObject({ code: "NOT_FOUND" });
  });

  it("20 concurrent guesses plus one more: exactly 20 are looked at", async () => {
    const ip = "198.51.100.103";
    const results = await Promise.allSettled(Array.from({ length: 21 }, () => acceptFrom(ip, { token: bogusToken() })));
    const codes = results.map((r) => (r.status === "rejected" && r.reason instanceof AppError ? r.reason.code : r.status));
    expect(codes.filter((c) => c === "NOT_FOUND")).toHaveLength(20);
    expect(codes.filter((c) => c === "RATE_LIMITED")).toHaveLength(1);
  });

  // The limit is meant to stop guessing links. People who accept real invitations from one
  // office address (a team being onboarded) are not guessing: a successful acceptance should
  // not use up the address's allowance (FailureLimiter.refund exists for exactly this).
  it("successful acceptances do not use up the address's allowance", async () => {
    const ip = "198.51.100.104";
    const { owner } = await createOrgWithMembers("Onboarding", ["OWNER"]);
    const newcomers: string[] = [];
    for (let person = 1; person <= 21; person++) {
      const user = await createUser({ name: `Newcomer ${person}` });
      const { link } = await invite(owner.caller, user.email);
      const outcome = await acceptFrom(ip, { token: tokenOf(link) }, signedInAs(user)).then(
        (result) => result.email,
        (error: unknown) => (error instanceof AppError ? error.code : String(error)),
      );
      newcomers.push(outcome === user.email ? "joined" : outcome);
    }
    expect(newcomers).toEqual(Array(21).fill("joined"));
  });
});

describe("createOrganization slugs", () => {
  const meta = { ip: "192.0.2.80", userAgent: "vitest-security-fixes" };

  it.each(["API", "Login", "Signup", "Invite", "Problems", "No Organisation", "Settings", "Admin", "Account", "Orgs"])(
    "%j does not get a slug that is a top-level path of the app",
    async (name) => {
      const user = await createUser({ name: "Founder" });
      const reserved = slugify(name);
      const org = await createOrganization(meta, { ownerId: user.id, name });
      expect(org.name).toBe(name);
      expect(org.slug).not.toBe(reserved);
      expect(org.slug).toMatch(new RegExp(`^${reserved}-[0-9a-f]{6,8}$`));
      expect(await db.membership.findMany({ where: { orgId: org.id }, select: { userId: true, role: true } })).toEqual([{ userId: user.id, role: "OWNER" }]);
    },
  );

  it("an ordinary name keeps its plain slug", async () => {
    const user = await createUser({ name: "Founder" });
    const name = `Plain ${uniqueSuffix()}`;
    expect((await createOrganization(meta, { ownerId: user.id, name })).slug).toBe(slugify(name));
  });

  // Before the fix both creations found the slug free and the second insert hit the unique
  // constraint (a 500). Several rounds, because the interleaving varies; every round must hold.
  it("concurrent creations with the same name all succeed with different slugs", async () => {
    const ROUNDS = 6;
    const PARALLEL = 3;
    const founders = await Promise.all(Array.from({ length: PARALLEL }, () => createUser({ name: "Racer" })));
    for (let round = 0; round < ROUNDS; round++) {
      const name = `Same Name ${uniqueSuffix()}`;
      const results = await Promise.allSettled(founders.map((founder) => createOrganization(meta, { ownerId: founder.id, name })));
      const failures = results.flatMap((r) => (r.status === "rejected" ? [String((r.reason as Error)?.message ?? r.reason).slice(0, 200)] : []));
      expect(failures, `round ${round}`).toEqual([]);
      const orgs = results.map((r) => (r as PromiseFulfilledResult<{ id: string; slug: string }>).value);
      const slugs = orgs.map((org) => org.slug);
      expect(new Set(slugs).size, `round ${round}: ${slugs.join(", ")}`).toBe(PARALLEL);
      expect(slugs).toContain(slugify(name));
      for (const slug of slugs) expect(slug.startsWith(slugify(name))).toBe(true);
      expect(await db.organization.count({ where: { name } })).toBe(PARALLEL);
    }
  });

  it("two concurrent creations of a reserved name both succeed, neither with the reserved slug", async () => {
    const [a, b] = await Promise.all([createUser({ name: "A" }), createUser({ name: "B" })]);
    const [one, two] = await Promise.all([createOrganization(meta, { ownerId: a.id, name: "Login" }), createOrganization(meta, { ownerId: b.id, name: "Login" })]);
    expect(one.slug).not.toBe(two.slug);
    for (const org of [one, two]) expect(org.slug).toMatch(/^login-[0-9a-f]{6,8}$/);
  });
});

describe("FailureLimiter.consume and refund on the Postgres store", () => {
  const rule = { limit: 10, windowMs: 15 * 60 * 1000 };
  const freshKey = (label: string) => `security-fixes:${label}:${uniqueSuffix()}`;

  it("lets exactly 10 of 20 concurrent attempts through", async () => {
    const limiter = new FailureLimiter(createPostgresStore());
    const key = freshKey("burst");
    const decisions = await Promise.all(Array.from({ length: 20 }, () => limiter.consume([{ key, rule }])));
    expect(decisions.filter((d) => d.allowed)).toHaveLength(10);
    for (const decision of decisions.filter((d) => !d.allowed)) {
      expect(decision.allowed ? 0 : decision.retryAfterSeconds).toBeGreaterThan(0);
      expect(decision.allowed ? 0 : decision.retryAfterSeconds).toBeLessThanOrEqual(900);
    }
    expect((await db.rateLimitBucket.findUniqueOrThrow({ where: { key } })).count).toBe(20);
  });

  it("refund gives one attempt back and never goes below zero", async () => {
    const limiter = new FailureLimiter(createPostgresStore());
    const key = freshKey("refund");
    for (let attempt = 0; attempt < 10; attempt++) expect((await limiter.consume([{ key, rule }])).allowed).toBe(true);
    await limiter.refund([key]);
    expect((await limiter.consume([{ key, rule }])).allowed).toBe(true);
    expect((await limiter.consume([{ key, rule }])).allowed).toBe(false);

    const other = freshKey("floor");
    await limiter.consume([{ key: other, rule }]);
    for (let i = 0; i < 5; i++) await limiter.refund([other]);
    expect((await db.rateLimitBucket.findUniqueOrThrow({ where: { key: other } })).count).toBe(0);
    for (let attempt = 1; attempt <= 10; attempt++) expect((await limiter.consume([{ key: other, rule }])).allowed, `attempt ${attempt}`).toBe(true);
    expect((await limiter.consume([{ key: other, rule }])).allowed).toBe(false);
  });

  it("refund of a key that never counted creates no row", async () => {
    const limiter = new FailureLimiter(createPostgresStore());
    const key = freshKey("never");
    await limiter.refund([key]);
    expect(await db.rateLimitBucket.count({ where: { key } })).toBe(0);
  });
});
