import "server-only";
import { db, type DbTransaction } from "@/lib/db";
import { newId } from "@/lib/server/bulk-insert";
import { env } from "@/lib/env";
import type { NotificationKind } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { sendEmail } from "./mailer";

// Notifications are written in the transaction of the change that causes them, and emailed
// after it commits. Each email is claimed (emailedAt set) before it is sent, so a notification
// is emailed once even when two processes deliver at the same time.

export type TNotificationInput = {
  orgId: string;
  userId: string;
  kind: NotificationKind;
  title: string;
  body?: string;
  /** A path inside the app, e.g. /acme/mitigations/abc. */
  link: string;
  dedupeKey?: string;
};

/** Records a notification; returns its id, or null when a notification with the same key exists. */
export async function recordNotification(tx: DbTransaction | typeof db, input: TNotificationInput): Promise<string | null> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    INSERT INTO "Notification" ("id", "orgId", "userId", "kind", "title", "body", "link", "dedupeKey", "createdAt")
    VALUES (${newId()}, ${input.orgId}, ${input.userId}, ${input.kind}::"NotificationKind", ${input.title.slice(0, 300)},
            ${(input.body ?? "").slice(0, 2000)}, ${input.link}, ${input.dedupeKey ?? null}, now())
    ON CONFLICT ("dedupeKey") DO NOTHING
    RETURNING "id"`;
  return rows[0]?.id ?? null;
}

async function wantsEmail(userId: string, kind: NotificationKind): Promise<boolean> {
  const preference = await db.notificationPreference.findUnique({ where: { userId_kind: { userId, kind } }, select: { email: true } });
  return preference?.email ?? true;
}

/** Emails the given notifications, each once. Failures are logged; the in-app notification stays. */
export async function deliverEmails(ids: (string | null)[]): Promise<number> {
  let sent = 0;
  for (const id of ids) {
    if (!id) continue;
    const claim = await db.notification.updateMany({ where: { id, emailedAt: null }, data: { emailedAt: new Date() } });
    if (claim.count === 0) continue;
    const notification = await db.notification.findUnique({ where: { id }, select: { kind: true, title: true, body: true, link: true, user: { select: { id: true, email: true, name: true } } } });
    if (!notification || !(await wantsEmail(notification.user.id, notification.kind))) continue;
    try {
      await sendEmail({
        to: notification.user.email,
        subject: `[Bulwark] ${notification.title}`,
        text: `Hello ${notification.user.name},\n\n${notification.title}\n${notification.body ? `\n${notification.body}\n` : ""}\nOpen it in Bulwark: ${env.NEXTAUTH_URL.replace(/\/$/, "")}${notification.link}\n\nYou can choose which emails you get on your account page.\n`,
      });
      sent++;
    } catch (error) {
      logger.error("could not send a notification email", { notificationId: id, error });
    }
  }
  return sent;
}
