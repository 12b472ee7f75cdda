import "server-only";
import type { db, DbTransaction } from "@/lib/db";
import type { NotificationKind } from "@/lib/generated/prisma/enums";
import { newId } from "@/lib/server/bulk-insert";

// Notifications are written in the transaction of the change that causes them, and emailed
// after it commits (deliver-emails.ts).

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
