import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";

// lib/env reads the environment once, at import; make the default sign-up policy explicit.
vi.hoisted(() => {
  delete process.env.BULWARK_SIGNUP;
});

import { verifyPassword } from "@/lib/core/auth/password";
import { db } from "@/lib/db";
import { changePassword } from "@/lib/server/account/change-password";
import { isSignUpOpen, signUp } from "@/lib/server/account/sign-up";
import { endSession } from "@/lib/server/auth/end-session";
import { findActiveSession } from "@/lib/server/auth/find-active-session";
import { SESSION_IDLE_TIMEOUT_MS } from "@/lib/server/auth/session-policy";
import { startSession } from "@/lib/server/auth/start-session";
import { ZChangePassword, ZSignUp } from "@/lib/validation/auth";
import { addMember, appErrorOf, createOrg, createUser, PASSWORD, uniqueSuffix, type TUserFixture } from "../support/fixtures";

const meta = { ip: "192.0.2.44", userAgent: "vitest-browser" };
const SIGN_UP_PASSWORD = "first owner's long passphrase";

function signUpInput(overrides: Partial<{ name: string; email: string; password: string; organizationName: string }> = {}) {
  return ZSignUp.parse({
    name: "First Owner",
    email: `owner.${uniqueSuffix()}@example.test`,
    password: SIGN_UP_PASSWORD,
    organizationName: "Acme Security",
    ...overrides,
  });
}

// The per-file database starts without users, and "first-run" sign-up depends on exactly that,
// so these run first and in order; the session tests below create their users in their own hooks.
describe.sequential("signUp with BULWARK_SIGNUP=first-run (the default)", () => {
  it("opens sign-up on an empty server and makes the first user the owner of a new org", async () => {
    expect(await db.user.count()).toBe(0);
    expect(await isSignUpOpen()).toBe(true);

    const input = signUpInput({ email: "First.Owner@Example.test", organizationName: "  Acme Security  " });
    const result = await signUp(meta, input);
    expect(result.org).toEqual({ id: expect.any(String), name: "Acme Security", slug: "acme-security" });

    const user = await db.user.findUniqueOrThrow({ where: { id: result.userId }, select: { email: true, name: true, passwordHash: true } });
    expect(user).toMatchObject({ email: "first.owner@example.test", name: "First Owner" });
    expect(await verifyPassword(user.passwordHash, SIGN_UP_PASSWORD)).toBe(true);
    expect(await db.membership.findMany({ where: { userId: result.userId }, select: { orgId: true, role: true } })).toEqual([
      { orgId: result.org.id, role: "OWNER" },
    ]);
    const events = await db.auditEvent.findMany({ where: { orgId: result.org.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => [e.action, e.actorId]).sort()).toEqual([
      ["member.added", result.userId],
      ["org.created", result.userId],
    ]);
  });

  it("closes sign-up once a user exists, whatever the email", async () => {
    if ((await db.user.count()) === 0) await createUser();
    expect(await isSignUpOpen()).toBe(false);
    const usersBefore = await db.user.count();
    const orgsBefore = await db.organization.count();

    const second = await appErrorOf(signUp(meta, signUpInput({ organizationName: "Second Org" })));
    expect(second).toMatchObject({ code: "FORBIDDEN", status: 403 });
    // An existing email is refused the same way: "closed" is checked first and says nothing
    // about which emails have accounts. (CONFLICT for a duplicate is tested in "open" mode below.)
    const existing = await db.user.findFirstOrThrow({ select: { email: true } });
    const duplicate = await appErrorOf(signUp(meta, signUpInput({ email: existing.email })));
    expect(duplicate).toMatchObject({ code: "FORBIDDEN", status: 403, message: second.message });

    expect(await db.user.count()).toBe(usersBefore);
    expect(await db.organization.count()).toBe(orgsBefore);
  });
});

describe.sequential("signUp with BULWARK_SIGNUP set to open or closed", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  // A fresh copy of lib/env (and of the modules reading it) with the policy under test.
  async function signUpModuleWith(policy: "open" | "closed") {
    vi.stubEnv("BULWARK_SIGNUP", policy);
    vi.resetModules();
    return import("@/lib/server/account/sign-up");
  }

  it("open: anyone can sign up; a duplicate email is a CONFLICT on email and creates nothing", async () => {
    const open = await signUpModuleWith("open");
    expect(await open.isSignUpOpen()).toBe(true);
    const email = `open.${uniqueSuffix()}@example.test`;
    const first = await open.signUp(meta, signUpInput({ email, organizationName: "Acme Security" }));
    // The slug "acme-security" is taken by the first-run test (or not); either way it is unique.
    expect(first.org.slug).toMatch(/^acme-security(-[0-9a-f]{6})?$/);
    expect(await db.organization.count({ where: { slug: first.org.slug } })).toBe(1);

    const usersBefore = await db.user.count();
    const orgsBefore = await db.organization.count();
    const orgName = `Duplicate Org ${uniqueSuffix()}`;
    const error = await open.signUp(meta, signUpInput({ email: email.toUpperCase(), organizationName: orgName })).then(
      () => null,
      (e: unknown) => e,
    );
    // A re-imported module has its own AppError class, so compare what a client sees.
    expect(error).toMatchObject({ name: "AppError", code: "CONFLICT", status: 409, fieldErrors: [expect.objectContaining({ field: "email" })] });
    expect(await db.user.count()).toBe(usersBefore);
    expect(await db.organization.count()).toBe(orgsBefore);
    expect(await db.organization.count({ where: { name: orgName } })).toBe(0);
  });

  it("closed: sign-up is refused", async () => {
    const closed = await signUpModuleWith("closed");
    expect(await closed.isSignUpOpen()).toBe(false);
    const email = `closed.${uniqueSuffix()}@example.test`;
    const error = await closed.signUp(meta, signUpInput({ email })).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: "AppError", code: "FORBIDDEN", status: 403 });
    expect(await db.user.count({ where: { email } })).toBe(0);
  });
});

describe("server-side sessions", () => {
  let user: TUserFixture;
  let orgId: string;
  const start = (userId: string, maxAgeSeconds = 3600) => startSession(userId, { ip: meta.ip, userAgent: meta.userAgent, maxAgeSeconds });

  beforeAll(async () => {
    const org = await createOrg("Sessions");
    user = (await addMember(org, "EDITOR")).user;
    orgId = org.id;
  });

  it("a started session is active, with the user's first org as the active org", async () => {
    const { id } = await start(user.id);
    expect(await findActiveSession(user.id, id)).toMatchObject({ id, activeOrgId: orgId, user: { name: user.name, email: user.email } });
    const row = await db.authSession.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ userId: user.id, ip: meta.ip, userAgent: meta.userAgent, revokedAt: null });
    expect(row.expiresAt.getTime() - Date.now()).toBeGreaterThan(3590_000);
  });

  it("a user without an org gets a session with no active org", async () => {
    const loner = await createUser({ name: "Loner" });
    const { id } = await start(loner.id);
    expect(await findActiveSession(loner.id, id)).toMatchObject({ id, activeOrgId: null });
  });

  it("endSession ends it once: afterwards it is not active and a second end returns false", async () => {
    const { id } = await start(user.id);
    expect(await endSession(user.id, id)).toBe(true);
    expect(await findActiveSession(user.id, id)).toBeNull();
    expect(await endSession(user.id, id)).toBe(false);
    expect((await db.authSession.findUniqueOrThrow({ where: { id } })).revokedAt).toBeInstanceOf(Date);
  });

  it("an expired session is not active", async () => {
    const { id } = await start(user.id);
    await db.authSession.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await findActiveSession(user.id, id)).toBeNull();
  });

  it("a session id presented with another user's id is not found", async () => {
    const other = await createUser({ name: "Other" });
    const { id } = await start(user.id);
    expect(await findActiveSession(other.id, id)).toBeNull();
    expect(await findActiveSession(user.id, id)).not.toBeNull();
  });

  it("refreshes lastSeenAt when the last check was more than a minute ago", async () => {
    const { id } = await start(user.id);
    const old = new Date(Date.now() - 5 * 60_000);
    await db.authSession.update({ where: { id }, data: { lastSeenAt: old } });
    await findActiveSession(user.id, id);
    const { lastSeenAt } = await db.authSession.findUniqueOrThrow({ where: { id } });
    expect(Date.now() - lastSeenAt.getTime()).toBeLessThan(10_000);
  });
});

describe("changePassword", () => {
  const NEW = "an entirely new passphrase";
  const start = (userId: string) => startSession(userId, { ip: meta.ip, userAgent: meta.userAgent, maxAgeSeconds: 3600 });
  const storedHash = (userId: string) => db.user.findUniqueOrThrow({ where: { id: userId }, select: { passwordHash: true, passwordChangedAt: true } });

  it("refuses a wrong current password with a field error and changes nothing", async () => {
    const user = await createUser({ name: "Wrong Guess" });
    const { id: sessionId } = await start(user.id);
    const before = await storedHash(user.id);

    const error = await appErrorOf(changePassword(user.id, ZChangePassword.parse({ currentPassword: "not my password", newPassword: NEW }), meta));
    expect(error).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    expect(error.fieldErrors?.map((f) => f.field)).toEqual(["currentPassword"]);

    expect(await storedHash(user.id)).toEqual(before);
    expect(before.passwordChangedAt).toBeNull();
    expect(await findActiveSession(user.id, sessionId)).not.toBeNull();
    expect(await db.auditEvent.count({ where: { actorId: user.id } })).toBe(0);
  });

  it("with the right password: new password works, old does not, every session of that user ends, audited", async () => {
    const user = await createUser({ name: "Changer" });
    const bystander = await createUser({ name: "Bystander" });
    const mine = [await start(user.id), await start(user.id), await start(user.id)];
    await endSession(user.id, mine[2]!.id);
    const theirs = await start(bystander.id);

    const result = await changePassword(user.id, ZChangePassword.parse({ currentPassword: PASSWORD, newPassword: NEW }), meta);
    expect(result).toEqual({ sessionsEnded: 2 });

    const after = await storedHash(user.id);
    expect(await verifyPassword(after.passwordHash, NEW)).toBe(true);
    expect(await verifyPassword(after.passwordHash, PASSWORD)).toBe(false);
    expect(after.passwordChangedAt).toBeInstanceOf(Date);

    for (const session of mine) expect(await findActiveSession(user.id, session.id)).toBeNull();
    expect(await findActiveSession(bystander.id, theirs.id)).not.toBeNull();
    expect(await verifyPassword((await storedHash(bystander.id)).passwordHash, PASSWORD)).toBe(true);

    const events = await db.auditEvent.findMany({ where: { actorId: user.id } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      action: "auth.password_changed",
      orgId: null,
      targetType: "user",
      targetId: user.id,
      ip: meta.ip,
      userAgent: meta.userAgent,
      metadata: { sessionsEnded: 2 },
    });

    // The old password no longer passes the current-password check.
    const again = await appErrorOf(changePassword(user.id, ZChangePassword.parse({ currentPassword: PASSWORD, newPassword: "yet another passphrase" }), meta));
    expect(again).toMatchObject({ code: "VALIDATION_FAILED" });
  });
});

describe("idle timeout of server-side sessions", () => {
  const MINUTE = 60_000;
  const start = (userId: string) => startSession(userId, { ip: meta.ip, userAgent: meta.userAgent, maxAgeSeconds: 24 * 3600 });
  const lastSeenOf = async (id: string) => (await db.authSession.findUniqueOrThrow({ where: { id }, select: { lastSeenAt: true } })).lastSeenAt;

  it("is one hour", () => {
    expect(SESSION_IDLE_TIMEOUT_MS).toBe(60 * MINUTE);
  });

  it("a session unused for longer than the idle timeout is not active, although it has not expired, and is not revived", async () => {
    const user = await createUser({ name: "Idle" });
    const { id } = await start(user.id);
    const idleSince = new Date(Date.now() - SESSION_IDLE_TIMEOUT_MS - MINUTE);
    await db.authSession.update({ where: { id }, data: { lastSeenAt: idleSince } });

    expect(await findActiveSession(user.id, id)).toBeNull();
    // Looking it up must not refresh lastSeenAt, or the next request would find it active again.
    expect((await lastSeenOf(id)).getTime()).toBe(idleSince.getTime());
    expect(await findActiveSession(user.id, id)).toBeNull();
  });

  it("a session last used 59 minutes ago is still active, and using it restarts the idle clock", async () => {
    const user = await createUser({ name: "Nearly Idle" });
    const { id } = await start(user.id);
    await db.authSession.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - 59 * MINUTE) } });

    expect(await findActiveSession(user.id, id)).toMatchObject({ id });
    expect(Date.now() - (await lastSeenOf(id)).getTime()).toBeLessThan(10_000);
  });
});

describe("changePassword rate limit (5 attempts per user in 15 minutes)", () => {
  const WRONG = "definitely not it";
  const attempt = (userId: string, currentPassword: string, newPassword = "a fresh new passphrase") =>
    appErrorOf(changePassword(userId, ZChangePassword.parse({ currentPassword, newPassword }), meta));

  it("5 wrong passwords are VALIDATION_FAILED; the 6th attempt is RATE_LIMITED even with the right password; others are unaffected", async () => {
    const victim = await createUser({ name: "Stolen Session" });
    const bystander = await createUser({ name: "Unaffected" });
    const before = await db.user.findUniqueOrThrow({ where: { id: victim.id }, select: { passwordHash: true } });

    for (let i = 1; i <= 5; i++) {
      expect(await attempt(victim.id, `${WRONG} ${i}`), `wrong attempt ${i}`).toMatchObject({ code: "VALIDATION_FAILED", status: 422 });
    }
    const limited = await attempt(victim.id, PASSWORD);
    expect(limited).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect(limited.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.retryAfterSeconds).toBeLessThanOrEqual(900);
    // The right password did not get through: the hash is unchanged and nothing was audited.
    expect(await db.user.findUniqueOrThrow({ where: { id: victim.id }, select: { passwordHash: true } })).toEqual(before);
    expect(await verifyPassword(before.passwordHash, PASSWORD)).toBe(true);
    expect(await db.auditEvent.count({ where: { actorId: victim.id, action: "auth.password_changed" } })).toBe(0);
    // Still limited on the 7th.
    expect(await attempt(victim.id, WRONG)).toMatchObject({ code: "RATE_LIMITED" });

    // Another user: a wrong guess is a field error, and the right password works.
    expect(await attempt(bystander.id, WRONG)).toMatchObject({ code: "VALIDATION_FAILED" });
    expect(await changePassword(bystander.id, ZChangePassword.parse({ currentPassword: PASSWORD, newPassword: "the bystander's new one" }), meta)).toEqual({
      sessionsEnded: 0,
    });
  });

  it("a successful change resets the count", async () => {
    const user = await createUser({ name: "Forgetful" });
    const NEW = "remembered at last, phew";
    for (let i = 1; i <= 4; i++) expect(await attempt(user.id, `${WRONG} ${i}`)).toMatchObject({ code: "VALIDATION_FAILED" });
    // The 5th attempt, with the right password, succeeds.
    expect(await changePassword(user.id, ZChangePassword.parse({ currentPassword: PASSWORD, newPassword: NEW }), meta)).toEqual({ sessionsEnded: 0 });

    // A fresh allowance of 5: had the count carried on from 5, the first of these would be refused.
    for (let i = 1; i <= 5; i++) {
      expect(await attempt(user.id, `${WRONG} again ${i}`), `wrong attempt ${i} after the change`).toMatchObject({ code: "VALIDATION_FAILED" });
    }
    expect(await attempt(user.id, NEW, "yet another passphrase")).toMatchObject({ code: "RATE_LIMITED" });
  });
});
