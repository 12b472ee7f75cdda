import "server-only";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import type { TSignedInUser } from "@/lib/server/auth/signed-in-user";

/**
 * The finished file, for the member who asked for it and is still a member of its
 * organisation (a download link carries no organisation header, so it is checked here).
 */
export async function getExportFile(user: TSignedInUser, id: string): Promise<{ fileName: string; contentType: string; byteSize: number; body: ReadableStream<Uint8Array> }> {
  const row = await db.exportJob.findFirst({
    where: { id, requestedById: user.userId, status: "READY", expiresAt: { gt: new Date() }, org: { memberships: { some: { userId: user.userId } } } },
    select: { fileName: true, contentType: true, byteSize: true, content: true },
  });
  if (!row?.content || !row.fileName || !row.contentType) throw notFound("export");
  const body = Readable.toWeb(Readable.from([Buffer.from(row.content)]).pipe(createGunzip())) as ReadableStream<Uint8Array>;
  return { fileName: row.fileName, contentType: row.contentType, byteSize: row.byteSize ?? 0, body };
}
