import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

export const threatSelect = {
  id: true,
  threatModelId: true,
  title: true,
  description: true,
  category: true,
  owaspApiId: true,
  stride: true,
  catalogEntryKey: true,
  likelihood: true,
  impact: true,
  score: true,
  severity: true,
  status: true,
  acceptanceJustification: true,
  acceptanceExpiresAt: true,
  source: true,
  createdAt: true,
  updatedAt: true,
  version: true,
  operations: { select: { reasons: true, operation: { select: { id: true, method: true, path: true, removedAt: true } } } },
  mitigations: { select: { mitigation: { select: { id: true, title: true, description: true, status: true, assignee: { select: { id: true, name: true } } } } } },
} satisfies Prisma.ThreatSelect;

type TThreatRow = Prisma.ThreatGetPayload<{ select: typeof threatSelect }>;

export function toThreatDto(row: TThreatRow) {
  const mitigations = row.mitigations.map((link) => link.mitigation);
  return {
    ...row,
    // Each linked operation with the reasons the rules linked it for (none when a person linked it).
    operations: row.operations.map((link) => ({ ...link.operation, reasons: link.reasons })),
    mitigations,
    // Every linked mitigation verified: the UI proposes marking the threat mitigated.
    mitigatedProposal: row.status === "OPEN" && mitigations.length > 0 && mitigations.every((mitigation) => mitigation.status === "VERIFIED"),
  };
}

export type TThreatDto = ReturnType<typeof toThreatDto>;
