import { randomBytes } from "node:crypto";
import { AppError, type AppErrorCode } from "@/lib/core/app-error";
import { hashPassword } from "@/lib/core/auth/password";
import { db } from "@/lib/db";
import type { Role } from "@/lib/generated/prisma/enums";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";
import type { TCaller } from "@/lib/server/scope";

// Rows for integration tests, written straight to the per-file database. Every name and email
// carries a random suffix, so a test can create what it needs without looking at other tests' rows.

/** The password of every user these fixtures create. */
export const PASSWORD = "correct horse battery staple";

// argon2id costs ~50 ms; hash once per file and give every user the same hash.
let passwordHash: Promise<string> | undefined;
export function sharedPasswordHash(): Promise<string> {
  passwordHash ??= hashPassword(PASSWORD);
  return passwordHash;
}

export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

export type TOrgFixture = { id: string; slug: string; name: string };
export type TUserFixture = { id: string; email: string; name: string };
export type TMemberFixture = { user: TUserFixture; membershipId: string; role: Role; caller: TCaller };

/** The user as a session names them, signed in with a password and no MFA. */
export function signedInAs(user: TUserFixture, activeOrgId: string | null = null): TSignedInUser {
  return { userId: user.id, email: user.email, name: user.name, sessionId: `session-${user.id}`, activeOrgId, authMethod: "PASSWORD", mfaEnabled: false };
}

export async function createOrg(name = "Org"): Promise<TOrgFixture> {
  const suffix = uniqueSuffix();
  return db.organization.create({
    data: { name: `${name} ${suffix}`, slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}-${suffix}` },
    select: { id: true, slug: true, name: true },
  });
}

export async function createUser(options: { name?: string; email?: string; passwordHash?: string } = {}): Promise<TUserFixture> {
  const name = options.name ?? "User";
  return db.user.create({
    data: {
      name,
      email: options.email ?? `${name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}.${uniqueSuffix()}@example.test`,
      passwordHash: options.passwordHash ?? (await sharedPasswordHash()),
    },
    select: { id: true, email: true, name: true },
  });
}

export function callerFor(org: TOrgFixture, user: Pick<TUserFixture, "id">, role: Role): TCaller {
  return { orgId: org.id, orgSlug: org.slug, userId: user.id, role, sessionId: null, ip: "203.0.113.7", userAgent: "vitest" };
}

/** A membership of `org` with `role`, for a new user unless `user` is given. */
export async function addMember(org: TOrgFixture, role: Role, user?: TUserFixture): Promise<TMemberFixture> {
  const member = user ?? (await createUser({ name: `${role.toLowerCase()} of ${org.name}` }));
  const membership = await db.membership.create({ data: { orgId: org.id, userId: member.id, role }, select: { id: true } });
  return { user: member, membershipId: membership.id, role, caller: callerFor(org, member, role) };
}

/** An organisation with one member per requested role (an owner by default). */
export async function createOrgWithMembers<R extends Role>(
  name: string,
  roles: readonly R[] = ["OWNER"] as unknown as R[],
): Promise<{ org: TOrgFixture } & Record<Lowercase<R>, TMemberFixture>> {
  const org = await createOrg(name);
  const members: Record<string, TMemberFixture> = {};
  for (const role of roles) members[role.toLowerCase()] = await addMember(org, role);
  return { org, ...members } as { org: TOrgFixture } & Record<Lowercase<R>, TMemberFixture>;
}

/** The AppError a call rejects with; fails the test if it resolves or throws anything else. */
export async function appErrorOf(promise: Promise<unknown>): Promise<AppError> {
  let result: unknown;
  try {
    result = await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`Expected an AppError, but the call resolved with ${JSON.stringify(result)}`);
}

/** code, status, message and field names: everything a client sees of an error. */
export function visible(error: AppError): { code: AppErrorCode; status: number; message: string; fields: string[] } {
  return { code: error.code, status: error.status, message: error.message, fields: (error.fieldErrors ?? []).map((f) => f.field) };
}

/** A syntactically valid id that belongs to no row. */
export function missingId(): string {
  return `cmissing${randomBytes(8).toString("hex")}`;
}
