import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { worstSeverity } from "@/lib/core/threats/risk";

export const mitigationSelect = {
  id: true,
  title: true,
  description: true,
  assigneeId: true,
  dueDate: true,
  dueDateManual: true,
  priority: true,
  status: true,
  wontDoReason: true,
  evidenceUrl: true,
  evidenceNote: true,
  ticketUrl: true,
  verifiedAt: true,
  createdAt: true,
  updatedAt: true,
  version: true,
  assignee: { select: { id: true, name: true, email: true } },
  verifiedBy: { select: { id: true, name: true } },
  threats: {
    select: {
      threat: {
        select: {
          id: true,
          title: true,
          severity: true,
          status: true,
          threatModel: { select: { id: true, title: true, modelVersion: true, status: true, api: { select: { id: true, name: true } } } },
        },
      },
    },
  },
  _count: { select: { comments: { where: { deletedAt: null } } } },
} satisfies Prisma.MitigationSelect;

type TRow = Prisma.MitigationGetPayload<{ select: typeof mitigationSelect }>;

export const OPEN_STATUSES = ["PROPOSED", "PLANNED", "IN_PROGRESS"] as const;

export function toMitigationDto(row: TRow, now = new Date()) {
  const { _count, threats, ...rest } = row;
  const linked = threats.map((link) => link.threat);
  return {
    ...rest,
    threats: linked,
    commentCount: _count.comments,
    severity: worstSeverity(linked.map((threat) => threat.severity)),
    overdue: row.dueDate !== null && row.dueDate < now && (OPEN_STATUSES as readonly string[]).includes(row.status),
  };
}

export type TMitigationDto = ReturnType<typeof toMitigationDto>;
