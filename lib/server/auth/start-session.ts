import "server-only";
import { db } from "@/lib/db";
import type { AuthMethod } from "@/lib/generated/prisma/enums";

export async function startSession(userId: string, input: { ip: string; userAgent: string | null; maxAgeSeconds: number; method?: AuthMethod }) {
  const firstMembership = await db.membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    select: { orgId: true },
  });
  return db.authSession.create({
    data: {
      userId,
      ip: input.ip,
      userAgent: input.userAgent?.slice(0, 512),
      expiresAt: new Date(Date.now() + input.maxAgeSeconds * 1000),
      activeOrgId: firstMembership?.orgId ?? null,
      method: input.method ?? "PASSWORD",
    },
    select: { id: true },
  });
}
