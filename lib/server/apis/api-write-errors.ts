import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";

// A second API with the same name in one organisation is refused by a unique index; writes turn
// that into the conflict the form shows on its name field.

export function isUniqueViolation(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: string }).code === "P2002";
}

export function duplicateNameError(name: string): AppError {
  return new AppError("CONFLICT", `An API named "${name}" already exists in this organisation.`, {
    fieldErrors: [fieldError("name", "An API with this name already exists. Choose another name.")],
  });
}
