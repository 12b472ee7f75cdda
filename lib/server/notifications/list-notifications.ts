import "server-only";
import { db } from "@/lib/db";
import type { NotificationKind } from "@/lib/generated/prisma/enums";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

async function hiddenKinds(userId: string): Promise<NotificationKind[]> {
  const preferences = await db.notificationPreference.findMany({ where: { userId, inApp: false }, select: { kind: true } });
  return preferences.map((preference) => preference.kind);
}

/** The caller's notifications in this organisation, newest first, without kinds they switched off. */
export async function listNotifications(caller: TOrgScope) {
  const hidden = await hiddenKinds(caller.userId);
  const where = inOrg(caller, { userId: caller.userId, kind: { notIn: hidden } });
  const [items, unread] = await Promise.all([
    db.notification.findMany({ where, select: { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true }, orderBy: { createdAt: "desc" }, take: 50 }),
    db.notification.count({ where: { ...where, readAt: null } }),
  ]);
  return { items, unread };
}
