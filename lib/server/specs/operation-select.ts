import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";

/** The columns of an operation that an import compares and the REST API returns. */
export const operationSelect = {
  id: true,
  method: true,
  path: true,
  operationId: true,
  summary: true,
  tags: true,
  deprecated: true,
  requiresAuth: true,
  securitySchemes: true,
  flags: true,
  sensitiveFields: true,
  parameters: true,
  removedAt: true,
} satisfies Prisma.OperationSelect;
