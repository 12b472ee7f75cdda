import "server-only";
import { db } from "@/lib/db";
import type { NotificationKind } from "@/lib/generated/prisma/enums";

const NOTIFICATION_KINDS: NotificationKind[] = ["ASSIGNED", "MENTIONED", "DUE_SOON", "OVERDUE", "REVIEW_REQUESTED"];

/** Which notifications the user wants, in the app and by email: every kind, on unless switched off. */
export async function getNotificationPreferences(userId: string) {
  const stored = await db.notificationPreference.findMany({ where: { userId }, select: { kind: true, inApp: true, email: true } });
  return NOTIFICATION_KINDS.map((kind) => stored.find((preference) => preference.kind === kind) ?? { kind, inApp: true, email: true });
}
