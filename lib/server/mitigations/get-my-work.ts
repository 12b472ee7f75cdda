import "server-only";
import { can } from "@/lib/core/auth/permissions";
import { db } from "@/lib/db";
import type { MitigationStatus } from "@/lib/generated/prisma/enums";
import { inOrg, type TCaller } from "@/lib/server/scope";
import { mitigationSelect, OPEN_STATUSES, toMitigationDto } from "./mitigation-dto";

/** The caller's open work, overdue first, and the threat models waiting for their review. */
export async function getMyWork(caller: TCaller) {
  const now = new Date();
  const mitigations = await db.mitigation.findMany({
    where: inOrg(caller, { assigneeId: caller.userId, status: { in: [...OPEN_STATUSES, "IMPLEMENTED"] as MitigationStatus[] } }),
    select: mitigationSelect,
    orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { priority: "asc" }],
  });
  // Models that name no reviewer wait for anyone who may review any model.
  const reviewsAny = can(caller.role, "threat:review-any");
  const reviews = await db.threatModel.findMany({
    where: inOrg(caller, {
      status: "IN_REVIEW" as const,
      authorId: { not: caller.userId },
      OR: [{ reviewerId: caller.userId }, ...(reviewsAny ? [{ reviewerId: null }] : [])],
    }),
    select: { id: true, title: true, modelVersion: true, submittedAt: true, api: { select: { id: true, name: true } }, author: { select: { name: true } } },
    orderBy: { submittedAt: "asc" },
  });
  const items = mitigations.map((row) => toMitigationDto(row, now));
  // Overdue first (oldest first), then by due date; work without a date last.
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue));
  return { mitigations: items, reviews };
}
