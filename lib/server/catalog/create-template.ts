import "server-only";
import { AppError, fieldError } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEventBy } from "@/lib/server/audit/record-audit-event";
import type { TCaller } from "@/lib/server/scope";
import { listCatalog } from "./list-catalog";

export async function createTemplate(caller: TCaller, input: { name: string; description: string; entryKeys: string[] }) {
  const { entries } = await listCatalog(caller);
  const known = new Set(entries.map((entry) => entry.key));
  const unknown = input.entryKeys.filter((key) => !known.has(key));
  if (unknown.length) {
    throw new AppError("VALIDATION_FAILED", `Unknown or switched-off entries: ${unknown.slice(0, 5).join(", ")}.`, { fieldErrors: [fieldError("entryKeys", "Pick entries from the catalogue.")] });
  }
  try {
    const template = await db.checklistTemplate.create({
      data: { orgId: caller.orgId, name: input.name, description: input.description, entryKeys: [...new Set(input.entryKeys)], createdById: caller.userId },
      select: { id: true, name: true },
    });
    await recordAuditEventBy(caller, { action: "catalog.template_created", targetType: "checklist_template", targetId: template.id, metadata: { name: input.name } });
    return template;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "A template with this name exists already.", { fieldErrors: [fieldError("name", "Choose another name.")] });
    }
    throw error;
  }
}
