import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Role } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";

// These run on every request (the guard and every page), so each is one SQL statement with the
// organisation joined in; Prisma's include would send a second statement for the organisation.
// The sign-in policy comes along: every request that acts in an organisation applies it.

export type TCallerMembership = { role: Role; org: { id: string; slug: string; name: string; requireMfa: boolean; mfaRequiredFrom: Date | null; ssoOnly: boolean } };

type TMembershipRow = { role: Role; orgId: string; slug: string; name: string; requireMfa: boolean; mfaRequiredFrom: Date | null; ssoOnly: boolean };

const toMembership = (row: TMembershipRow): TCallerMembership => ({
  role: row.role,
  org: { id: row.orgId, slug: row.slug, name: row.name, requireMfa: row.requireMfa, mfaRequiredFrom: row.mfaRequiredFrom, ssoOnly: row.ssoOnly },
});

function membershipsOf(userId: string, where: Prisma.Sql, order: Prisma.Sql, limit?: number) {
  return db.$queryRaw<TMembershipRow[]>`
    SELECT m.role::text AS role, o.id AS "orgId", o.slug, o.name, o."requireMfa", o."mfaRequiredFrom", o."ssoOnly"
      FROM "Membership" m JOIN "Organization" o ON o.id = m."orgId"
     WHERE m."userId" = ${userId} ${where}
     ORDER BY ${order}
     ${limit ? Prisma.sql`LIMIT ${limit}` : Prisma.empty}`;
}

/**
 * The membership a signed-in user acts through: the organisation named by slug (from the page
 * path or the X-Bulwark-Org header), else the session's active organisation, else their oldest.
 * A slug the user is not a member of gives null, exactly like a slug that does not exist.
 */
export async function findCallerMembership(user: TSignedInUser, orgSlug?: string | null): Promise<TCallerMembership | null> {
  if (orgSlug) {
    const [row] = await membershipsOf(user.userId, Prisma.sql`AND o.slug = ${orgSlug}`, Prisma.sql`m."createdAt"`, 1);
    return row ? toMembership(row) : null;
  }
  // The active organisation when the user still belongs to it, else the oldest membership.
  const [row] = await membershipsOf(
    user.userId,
    Prisma.empty,
    user.activeOrgId ? Prisma.sql`(m."orgId" = ${user.activeOrgId}) DESC, m."createdAt", m.id` : Prisma.sql`m."createdAt", m.id`,
    1,
  );
  return row ? toMembership(row) : null;
}

/**
 * Every organisation the user belongs to, by name, each with the sign-in policy. Pages use it
 * once per request for both the organisation they show and the switcher.
 */
export async function listCallerMemberships(user: TSignedInUser): Promise<TCallerMembership[]> {
  return (await membershipsOf(user.userId, Prisma.empty, Prisma.sql`o.name, o.id`)).map(toMembership);
}

/** Every organisation the user belongs to, for the organisation switcher. */
export async function listMembershipsOfUser(user: TSignedInUser): Promise<{ role: Role; org: { id: string; slug: string; name: string } }[]> {
  return (await listCallerMemberships(user)).map(({ role, org }) => ({ role, org: { id: org.id, slug: org.slug, name: org.name } }));
}
