import "server-only";
import { randomBytes } from "node:crypto";
import type { DbTransaction } from "@/lib/db";

export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 48)
    .replace(/^-+|-+$/g, "");
  return base || "org";
}

/** Creates an organisation with `ownerId` as its owner, picking a free slug. */
export async function createOrganizationWithOwner(tx: DbTransaction, input: { name: string; ownerId: string }) {
  const base = slugify(input.name);
  let slug = base;
  for (let attempt = 0; await tx.organization.findUnique({ where: { slug }, select: { id: true } }); attempt++) {
    slug = `${base}-${randomBytes(3).toString("hex")}`;
    if (attempt > 5) throw new Error("could not find a free organisation slug");
  }
  const org = await tx.organization.create({ data: { name: input.name, slug }, select: { id: true, slug: true, name: true } });
  await tx.membership.create({ data: { orgId: org.id, userId: input.ownerId, role: "OWNER" } });
  return org;
}
