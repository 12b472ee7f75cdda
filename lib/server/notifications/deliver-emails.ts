import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { NotificationKind } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { byIdInOrg, type TOrgScope } from "@/lib/server/scope";
import { sendEmail } from "./mailer";

// Each email is claimed (emailedAt set) before it is sent, so a notification is emailed once
// even when two processes deliver at the same time.

async function wantsEmail(userId: string, kind: NotificationKind): Promise<boolean> {
  const preference = await db.notificationPreference.findUnique({ where: { userId_kind: { userId, kind } }, select: { email: true } });
  return preference?.email ?? true;
}

async function deliver(ids: (string | null)[], claimable: (id: string) => Prisma.NotificationWhereInput): Promise<number> {
  let sent = 0;
  for (const id of ids) {
    if (!id) continue;
    const claim = await db.notification.updateMany({ where: { ...claimable(id), emailedAt: null }, data: { emailedAt: new Date() } });
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

/** Emails the given notifications of the caller's organisation, each once. Failures are logged; the in-app notification stays. */
export async function deliverEmails(caller: TOrgScope, ids: (string | null)[]): Promise<number> {
  return deliver(ids, (id) => byIdInOrg(caller, id));
}

/** The reminder job's delivery: its notifications belong to every organisation. */
export async function unsafeDeliverEmails(ids: (string | null)[]): Promise<number> {
  return deliver(ids, (id) => ({ id }));
}
