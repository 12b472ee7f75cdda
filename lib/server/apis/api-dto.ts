import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

// The one shape in which an inventory entry leaves the server (REST and pages alike).
export const apiSelect = {
  id: true,
  name: true,
  description: true,
  lifecycle: true,
  exposure: true,
  protocol: true,
  authSchemes: true,
  dataClassification: true,
  dataFlags: true,
  tags: true,
  apiVersion: true,
  system: true,
  specUrl: true,
  createdAt: true,
  updatedAt: true,
  version: true,
  team: { select: { id: true, name: true } },
  technicalOwner: { select: { id: true, name: true, email: true } },
  environments: { select: { name: true, baseUrl: true }, orderBy: { position: "asc" } },
} satisfies Prisma.ApiSelect;

export type TApiDto = Prisma.ApiGetPayload<{ select: typeof apiSelect }>;
