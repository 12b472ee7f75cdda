import "server-only";
import { db } from "@/lib/db";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

export async function markNotificationsRead(caller: TOrgScope, input: { ids?: string[]; all?: boolean }) {
  const { count } = await db.notification.updateMany({
    where: inOrg(caller, { userId: caller.userId, readAt: null, ...(input.all ? {} : { id: { in: input.ids ?? [] } }) }),
    data: { readAt: new Date() },
  });
  return { marked: count };
}
