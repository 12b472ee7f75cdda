import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import type { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { TCatalogEntryInput } from "@/lib/validation/catalog";

// What an organisation's own entry is made of, checked and shaped the same way on create and edit.

/**
 * The category must be one of the built-in ones. They are shared by every organisation, so this
 * takes no caller; the client is the calling data function's.
 */
export async function assertCategory(client: Pick<typeof db, "catalogCategory">, category: string) {
  if (!(await client.catalogCategory.findUnique({ where: { key: category }, select: { key: true } }))) {
    throw new AppError("VALIDATION_FAILED", "Choose one of the checklist's categories.", { fieldErrors: [fieldError("category", "Unknown category.")] });
  }
}

export const contentOf = (input: TCatalogEntryInput) => ({
  category: input.category,
  title: input.title,
  question: input.question,
  whyItMatters: input.whyItMatters,
  howToTell: input.howToTell,
  mitigations: input.mitigations as Prisma.InputJsonValue,
  references: input.references as Prisma.InputJsonValue,
  owaspApi: input.owaspApi,
  stride: input.stride,
  cwe: input.cwe,
});
