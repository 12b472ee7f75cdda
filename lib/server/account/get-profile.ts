import "server-only";
import { db } from "@/lib/db";
import { listMembershipsOfUser } from "@/lib/server/members/find-caller-membership";

export async function getProfile(userId: string) {
  const [user, memberships] = await Promise.all([
    db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, name: true, createdAt: true } }),
    listMembershipsOfUser(userId),
  ]);
  return { user, memberships: memberships.map((m) => ({ role: m.role, org: m.org })) };
}
