import "server-only";
import { db } from "@/lib/db";
import type { NotificationKind } from "@/lib/generated/prisma/enums";
import { getNotificationPreferences } from "@/lib/server/account/get-notification-preferences";

export async function setNotificationPreferences(userId: string, preferences: { kind: NotificationKind; inApp: boolean; email: boolean }[]) {
  await db.$transaction(
    preferences.map((preference) =>
      db.notificationPreference.upsert({
        where: { userId_kind: { userId, kind: preference.kind } },
        create: { userId, ...preference },
        update: { inApp: preference.inApp, email: preference.email },
      }),
    ),
  );
  return getNotificationPreferences(userId);
}
