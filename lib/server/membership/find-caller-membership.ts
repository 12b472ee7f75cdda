import "server-only";
import { db } from "@/lib/db";

// The sign-in policy comes along in the same query: every request that acts in an organisation applies it.
const membershipSelect = {
  role: true,
  org: { select: { id: true, slug: true, name: true, requireMfa: true, ssoOnly: true } },
} as const;

/**
 * The membership a signed-in user acts through: the organisation named by slug (from the page
 * path or the X-Bulwark-Org header), else the session's active organisation, else their oldest.
 * A slug the user is not a member of gives null, exactly like a slug that does not exist.
 */
export async function findCallerMembership(input: { userId: string; orgSlug?: string | null; activeOrgId?: string | null }) {
  if (input.orgSlug) {
    return db.membership.findFirst({ where: { userId: input.userId, org: { slug: input.orgSlug } }, select: membershipSelect });
  }
  if (input.activeOrgId) {
    const active = await db.membership.findFirst({ where: { userId: input.userId, orgId: input.activeOrgId }, select: membershipSelect });
    if (active) return active;
  }
  return db.membership.findFirst({ where: { userId: input.userId }, orderBy: { createdAt: "asc" }, select: membershipSelect });
}

export type TCallerMembership = NonNullable<Awaited<ReturnType<typeof findCallerMembership>>>;

/** Every organisation the user belongs to, for the organisation switcher. */
export async function listMembershipsOfUser(userId: string) {
  return db.membership.findMany({
    where: { userId },
    orderBy: { org: { name: "asc" } },
    select: { role: true, org: { select: { id: true, slug: true, name: true } } },
  });
}
