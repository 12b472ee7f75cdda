import "server-only";
import { randomBytes } from "node:crypto";
import { slugify } from "@/lib/core/organization/slugify";
import type { DbTransaction } from "@/lib/db";

// Runs inside the transaction of whoever creates the organisation (sign-up, a new organisation).

// Top-level paths of the app: an organisation with one of these slugs could never be reached.
const RESERVED_SLUGS = new Set(["api", "login", "signup", "invite", "problems", "no-organisation", "orgs", "account", "settings", "admin", "static", "_next", "icon.svg", "favicon.ico", "robots.txt"]);

/** Creates an organisation with `ownerId` as its owner, picking a free slug. */
export async function createOrganizationWithOwner(tx: DbTransaction, input: { name: string; ownerId: string }) {
  const base = slugify(input.name);
  let slug = RESERVED_SLUGS.has(base) ? `${base}-${randomBytes(3).toString("hex")}` : base;
  // A slug taken by a concurrent creation shows up at the insert, so the insert is the check.
  const taken = async (candidate: string) => (await tx.organization.findUnique({ where: { slug: candidate }, select: { id: true } })) !== null;
  while (await taken(slug)) slug = `${base}-${randomBytes(3).toString("hex")}`;
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`bulwark:org-slug:${slug}`}))`;
  if (await taken(slug)) slug = `${base}-${randomBytes(4).toString("hex")}`;
  const org = await tx.organization.create({ data: { name: input.name, slug }, select: { id: true, slug: true, name: true } });
  await tx.membership.create({ data: { orgId: org.id, userId: input.ownerId, role: "OWNER" } });
  return org;
}
