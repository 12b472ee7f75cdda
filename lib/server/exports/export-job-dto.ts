import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/** A job whose process stopped beating this long ago reads as failed. */
export const STALE_MS = 60_000;

export const jobSelect = {
  id: true,
  kind: true,
  format: true,
  status: true,
  progress: true,
  stage: true,
  fileName: true,
  byteSize: true,
  error: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  heartbeatAt: true,
  expiresAt: true,
} satisfies Prisma.ExportJobSelect;

type TJobRow = Prisma.ExportJobGetPayload<{ select: typeof jobSelect }>;

export function toJobDto(row: TJobRow, now = new Date()) {
  const { heartbeatAt, ...rest } = row;
  const lost = (row.status === "QUEUED" || row.status === "RUNNING") && now.getTime() - heartbeatAt.getTime() > STALE_MS;
  const dto = lost ? { ...rest, status: "FAILED" as const, error: "The server restarted before this export finished. Ask for it again." } : rest;
  return { ...dto, downloadUrl: dto.status === "READY" ? `/api/v1/exports/${row.id}/file` : null };
}
export type TExportJobDto = ReturnType<typeof toJobDto>;
