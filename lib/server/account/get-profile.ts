import "server-only";
import { db } from "@/lib/db";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";
import { listMembershipsOfUser } from "@/lib/server/members/find-caller-membership";

export async function getProfile(user: TSignedInUser) {
  const [profile, memberships] = await Promise.all([
    db.user.findUnique({ where: { id: user.userId }, select: { id: true, email: true, name: true, createdAt: true } }),
    listMembershipsOfUser(user),
  ]);
  return { user: profile, memberships: memberships.map((m) => ({ role: m.role, org: m.org })) };
}
