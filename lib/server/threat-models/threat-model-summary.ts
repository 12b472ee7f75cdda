import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

// The columns every view of a model starts from (the list and the model page), and its progress.

export const person = { select: { id: true, name: true, email: true } } as const;

export const summarySelect = {
  id: true,
  title: true,
  status: true,
  modelVersion: true,
  createdAt: true,
  updatedAt: true,
  submittedAt: true,
  approvedAt: true,
  entryKeys: true,
  previousVersionId: true,
  version: true,
  api: { select: { id: true, name: true } },
  author: person,
  reviewer: person,
  approvedBy: person,
  nextVersion: { select: { id: true, modelVersion: true, status: true } },
  // Progress counts answers a person gave or confirmed; rule pre-answers still wait for one.
  _count: { select: { answers: { where: { answeredById: { not: null } } } } },
} satisfies Prisma.ThreatModelSelect;

export function toSummary(row: Prisma.ThreatModelGetPayload<{ select: typeof summarySelect }>) {
  const { _count, entryKeys, ...rest } = row;
  return { ...rest, progress: { answered: _count.answers, total: entryKeys.length } };
}
