import "server-only";
import { AppError, fieldError, notFound } from "@/lib/core/app-error";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { byIdInOrg, inOrg, type TCaller, type TOrgScope } from "@/lib/server/scope";
import { listCatalog } from "./catalog";

export async function listTemplates(scope: TOrgScope) {
  return db.checklistTemplate.findMany({ where: inOrg(scope), select: { id: true, name: true, description: true, entryKeys: true, createdAt: true }, orderBy: { name: "asc" } });
}

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
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "catalog.template_created", targetType: "checklist_template", targetId: template.id, ip: caller.ip, userAgent: caller.userAgent, metadata: { name: input.name } });
    return template;
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", "A template with this name exists already.", { fieldErrors: [fieldError("name", "Choose another name.")] });
    }
    throw error;
  }
}

export async function deleteTemplate(caller: TCaller, id: string) {
  const { count } = await db.checklistTemplate.deleteMany({ where: byIdInOrg(caller, id) });
  if (count === 0) throw notFound("template");
  await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "catalog.template_deleted", targetType: "checklist_template", targetId: id, ip: caller.ip, userAgent: caller.userAgent });
}
