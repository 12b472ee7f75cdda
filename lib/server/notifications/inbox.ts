import "server-only";
import { db } from "@/lib/db";
import type { NotificationKind } from "@/lib/generated/prisma/enums";
import type { TOrgScope } from "@/lib/server/scope";

export const NOTIFICATION_KINDS: NotificationKind[] = ["ASSIGNED", "MENTIONED", "DUE_SOON", "OVERDUE", "REVIEW_REQUESTED"];

async function hiddenKinds(userId: string): Promise<NotificationKind[]> {
  const preferences = await db.notificationPreference.findMany({ where: { userId, inApp: false }, select: { kind: true } });
  return preferences.map((preference) => preference.kind);
}

/** The caller's notifications in this organisation, newest first, without kinds they switched off. */
export async function listNotifications(scope: TOrgScope) {
  const hidden = await hiddenKinds(scope.userId);
  const where = { orgId: scope.orgId, userId: scope.userId, kind: { notIn: hidden } };
  const [items, unread] = await Promise.all([
    db.notification.findMany({ where, select: { id: true, kind: true, title: true, body: true, link: true, readAt: true, createdAt: true }, orderBy: { createdAt: "desc" }, take: 50 }),
    db.notification.count({ where: { ...where, readAt: null } }),
  ]);
  return { items, unread };
}

export async function markNotificationsRead(scope: TOrgScope, input: { ids?: string[]; all?: boolean }) {
  const { count } = await db.notification.updateMany({
    where: { orgId: scope.orgId, userId: scope.userId, readAt: null, ...(input.all ? {} : { id: { in: input.ids ?? [] } }) },
    data: { readAt: new Date() },
  });
  return { marked: count };
}

export async function getPreferences(userId: string) {
  const stored = await db.notificationPreference.findMany({ where: { userId }, select: { kind: true, inApp: true, email: true } });
  return NOTIFICATION_KINDS.map((kind) => stored.find((preference) => preference.kind === kind) ?? { kind, inApp: true, email: true });
}

export async function setPreferences(userId: string, preferences: { kind: NotificationKind; inApp: boolean; email: boolean }[]) {
  await db.$transaction(
    preferences.map((preference) =>
      db.notificationPreference.upsert({
        where: { userId_kind: { userId, kind: preference.kind } },
        create: { userId, ...preference },
        update: { inApp: preference.inApp, email: preference.email },
      }),
    ),
  );
  return getPreferences(userId);
}
