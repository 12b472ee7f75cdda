import "server-only";
import { AppError, fieldError, notFound, type TFieldError } from "@/lib/core/app-error";
import { db, type DbTransaction } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { MitigationStatus, Severity } from "@/lib/generated/prisma/enums";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { deliverEmails } from "@/lib/server/notifications/deliver-emails";
import { recordNotification } from "@/lib/server/notifications/record-notification";
import { byIdInOrg, inOrg, type TCaller, type TOrgScope } from "@/lib/server/scope";
import { getSlaSettings } from "@/lib/server/settings/get-sla-settings";
import { dueDateFromSla, slaDays, type TSlaSettings } from "@/lib/core/mitigations/sla";
import type { TBulkMitigations, TCreateMitigation, TListMitigationsQuery, TUpdateMitigation } from "@/lib/validation/mitigations";
import { hasPortfolioFilter, portfolioApiWhere } from "@/lib/server/portfolio/api-filter";
import { worstSeverity } from "@/lib/core/threats/risk";
import { mitigationSelect, OPEN_STATUSES, toMitigationDto } from "./mitigation-dto";
import { containsText } from "@/lib/server/text-search";

export async function listMitigations(scope: TOrgScope, query: TListMitigationsQuery) {
  const and: Prisma.MitigationWhereInput[] = [];
  if (query.status.length) and.push({ status: { in: query.status } });
  if (query.assignee === "me") and.push({ assigneeId: scope.userId });
  else if (query.assignee === "none") and.push({ assigneeId: null });
  else if (query.assignee) and.push({ assigneeId: query.assignee });
  if (query.dueBefore) and.push({ dueDate: { lt: new Date(`${query.dueBefore}T00:00:00.000Z`) } });
  if (query.apiId) and.push({ threats: { some: { threat: { threatModel: { apiId: query.apiId } } } } });
  // A mitigation's severity is its worst linked threat's (kept on the row by a trigger).
  if (query.severity.length) and.push({ severity: { in: query.severity } });
  if (query.q) and.push({ title: containsText(query.q) });
  if (query.overdue) and.push({ status: { in: [...OPEN_STATUSES] }, dueDate: { lt: new Date() } });
  if (query.verifiedAfter) and.push({ status: "VERIFIED", verifiedAt: { gte: new Date(`${query.verifiedAfter}T00:00:00.000Z`) } });
  // The dashboard's filters: work on threats of the selected APIs.
  if (hasPortfolioFilter(query)) and.push({ threats: { some: { threat: { threatModel: { api: portfolioApiWhere(scope, query) } } } } });
  const where: Prisma.MitigationWhereInput = inOrg(scope, and.length ? { AND: and } : {});
  if (query.cursor && !(await db.mitigation.findFirst({ where: byIdInOrg(scope, query.cursor), select: { id: true } }))) {
    throw new AppError("BAD_REQUEST", "The cursor is not valid any more; start again from the first page.");
  }
  const [rows, total] = await Promise.all([
    db.mitigation.findMany({
      where,
      select: mitigationSelect,
      orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { priority: "asc" }, { createdAt: "asc" }, { id: "asc" }],
      take: query.limit + 1,
      ...(query.cursor ? { cursor: { id: query.cursor }, skip: 1 } : {}),
    }),
    db.mitigation.count({ where }),
  ]);
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  return { data: page.map((row) => toMitigationDto(row)), nextCursor: hasMore ? page[page.length - 1]!.id : null, total };
}

export async function getMitigation(scope: TOrgScope, id: string) {
  const row = await db.mitigation.findFirst({ where: byIdInOrg(scope, id), select: mitigationSelect });
  if (!row) throw notFound("mitigation");
  return toMitigationDto(row);
}

async function assertMember(tx: DbTransaction, scope: TOrgScope, userId: string | null | undefined) {
  if (!userId) return;
  if (!(await tx.membership.findFirst({ where: inOrg(scope, { userId }), select: { id: true } }))) {
    throw new AppError("VALIDATION_FAILED", "Assign the mitigation to a member of this organisation.", { fieldErrors: [fieldError("assigneeId", "Choose a member of this organisation.")] });
  }
}

async function threatSeverities(tx: DbTransaction, scope: TOrgScope, threatIds: string[]): Promise<Severity[]> {
  const threats = await tx.threat.findMany({ where: inOrg(scope, { id: { in: threatIds } }), select: { severity: true } });
  if (threats.length !== new Set(threatIds).size) {
    throw new AppError("VALIDATION_FAILED", "Link threats of this organisation only.", { fieldErrors: [fieldError("threatIds", "Unknown threat.")] });
  }
  return threats.map((threat) => threat.severity);
}

type TBefore = Prisma.MitigationGetPayload<{ select: typeof mitigationSelect }>;

/**
 * The one place the rules of a mitigation's life are applied (single edits and bulk alike):
 * SLA due dates, "won't do" needs a reason, "verified" needs evidence and, if the organisation
 * asks, someone other than the assignee.
 */
async function applyChange(tx: DbTransaction, caller: TCaller, before: TBefore, change: Omit<TUpdateMitigation, "version">, sla: TSlaSettings, version?: number) {
  const now = new Date();
  const { threatIds, dueDate, ...fields } = change;
  if (fields.assigneeId !== undefined) await assertMember(tx, caller, fields.assigneeId);
  const severities = threatIds ? await threatSeverities(tx, caller, threatIds) : before.threats.map((link) => link.threat.severity);

  const status: MitigationStatus = fields.status ?? before.status;
  const assigneeId = fields.assigneeId !== undefined ? fields.assigneeId : before.assigneeId;
  const evidenceUrl = fields.evidenceUrl !== undefined ? fields.evidenceUrl : before.evidenceUrl;
  const evidenceNote = fields.evidenceNote !== undefined ? fields.evidenceNote : before.evidenceNote;
  const wontDoReason = fields.wontDoReason !== undefined ? fields.wontDoReason : before.wontDoReason;

  if (status === "WONT_DO" && !wontDoReason?.trim()) {
    throw new AppError("VALIDATION_FAILED", "Say why this will not be done.", { fieldErrors: [fieldError("wontDoReason", "A reason is required for “won't do”.")] });
  }
  const becomesVerified = status === "VERIFIED" && before.status !== "VERIFIED";
  if (becomesVerified && !evidenceUrl?.trim() && !evidenceNote?.trim()) {
    throw new AppError("VALIDATION_FAILED", "Add evidence (a link or a note) before marking the mitigation verified.", {
      fieldErrors: [fieldError("evidenceUrl", "Evidence is required to verify."), fieldError("evidenceNote", "Evidence is required to verify.")],
    });
  }
  if (becomesVerified && sla.independentVerification && assigneeId === caller.userId) {
    throw new AppError("FORBIDDEN", "This organisation asks for someone other than the assignee to verify a mitigation.");
  }

  const data: Prisma.MitigationUncheckedUpdateManyInput = { ...fields, version: { increment: 1 } };
  if (becomesVerified) Object.assign(data, { verifiedById: caller.userId, verifiedAt: now });
  if (status !== "VERIFIED" && before.status === "VERIFIED") Object.assign(data, { verifiedById: null, verifiedAt: null });
  if (status !== "WONT_DO") data.wontDoReason = null;
  if (dueDate !== undefined) {
    // A date set by a person sticks; clearing it hands the date back to the SLA.
    data.dueDateManual = dueDate !== null;
    data.dueDate = dueDate ? new Date(`${dueDate}T00:00:00.000Z`) : assigneeId ? dueDateFromSla(now, slaDays(worstSeverity(severities), sla)) : null;
  } else if (!before.dueDateManual && before.dueDate === null && (assigneeId || status !== "PROPOSED")) {
    // The SLA clock starts when someone takes the work on.
    data.dueDate = dueDateFromSla(now, slaDays(worstSeverity(severities), sla));
  }
  // Assigning proposed work makes it planned.
  if (fields.status === undefined && before.status === "PROPOSED" && assigneeId && !before.assigneeId) data.status = "PLANNED";

  const { count } = await tx.mitigation.updateMany({ where: { ...byIdInOrg(caller, before.id), ...(version !== undefined ? { version } : {}) }, data });
  if (count === 0) throw new AppError("CONFLICT", `Someone else changed “${before.title}” since you opened it. Reload to see their changes.`);
  if (threatIds) {
    await tx.threatMitigation.deleteMany({ where: { mitigationId: before.id, orgId: caller.orgId } });
    await tx.threatMitigation.createMany({ data: [...new Set(threatIds)].map((threatId) => ({ orgId: caller.orgId, mitigationId: before.id, threatId })) });
  }

  const notifications: (string | null)[] = [];
  if (assigneeId && assigneeId !== before.assigneeId && assigneeId !== caller.userId) {
    const org = await tx.organization.findFirstOrThrow({ where: { id: caller.orgId }, select: { slug: true } });
    notifications.push(
      await recordNotification(tx, {
        orgId: caller.orgId,
        userId: assigneeId,
        kind: "ASSIGNED",
        title: `You were assigned “${before.title}”`,
        body: data.dueDate instanceof Date ? `Due ${data.dueDate.toISOString().slice(0, 10)}.` : before.dueDate ? `Due ${before.dueDate.toISOString().slice(0, 10)}.` : "",
        link: `/${org.slug}/mitigations/${before.id}`,
      }),
    );
  }
  const changed = Object.keys(change).filter((key) => JSON.stringify((change as Record<string, unknown>)[key]) !== JSON.stringify((before as Record<string, unknown>)[key]));
  await recordAuditEvent(
    { orgId: caller.orgId, actorId: caller.userId, action: "mitigation.updated", targetType: "mitigation", targetId: before.id, ip: caller.ip, userAgent: caller.userAgent, metadata: { fields: changed, status: { from: before.status, to: status } } },
    tx,
  );
  return notifications;
}

export async function createMitigation(caller: TCaller, input: TCreateMitigation) {
  const sla = await getSlaSettings(caller);
  const { id, notifications } = await db.$transaction(async (tx) => {
    await assertMember(tx, caller, input.assigneeId);
    const severities = await threatSeverities(tx, caller, input.threatIds);
    const manual = input.dueDate !== null;
    const created = await tx.mitigation.create({
      data: {
        orgId: caller.orgId,
        title: input.title,
        description: input.description,
        priority: input.priority,
        ticketUrl: input.ticketUrl,
        createdById: caller.userId,
        status: "PROPOSED",
        dueDateManual: manual,
        dueDate: manual ? new Date(`${input.dueDate}T00:00:00.000Z`) : null,
        threats: { create: [...new Set(input.threatIds)].map((threatId) => ({ orgId: caller.orgId, threatId })) },
      },
      select: mitigationSelect,
    });
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "mitigation.created", targetType: "mitigation", targetId: created.id, ip: caller.ip, userAgent: caller.userAgent, metadata: { title: input.title, severities } }, tx);
    const pending = input.assigneeId ? await applyChange(tx, caller, created, { assigneeId: input.assigneeId }, sla) : [];
    return { id: created.id, notifications: pending };
  });
  await deliverEmails(caller, notifications);
  return getMitigation(caller, id);
}

export async function updateMitigation(caller: TCaller, id: string, input: TUpdateMitigation) {
  const sla = await getSlaSettings(caller);
  const { version, ...change } = input;
  const notifications = await db.$transaction(async (tx) => {
    const before = await tx.mitigation.findFirst({ where: byIdInOrg(caller, id), select: mitigationSelect });
    if (!before) throw notFound("mitigation");
    return applyChange(tx, caller, before, change, sla, version);
  });
  await deliverEmails(caller, notifications);
  return getMitigation(caller, id);
}

/** All or nothing: one refused item (say, "verified" without evidence) rolls back the batch. */
export async function bulkUpdateMitigations(caller: TCaller, input: TBulkMitigations) {
  const sla = await getSlaSettings(caller);
  const change = { ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}), ...(input.status !== undefined ? { status: input.status } : {}) };
  const notifications = await db.$transaction(async (tx) => {
    const rows = await tx.mitigation.findMany({ where: inOrg(caller, { id: { in: input.ids } }), select: mitigationSelect });
    const found = new Set(rows.map((row) => row.id));
    const missing = input.ids.filter((id) => !found.has(id));
    if (missing.length) throw new AppError("NOT_FOUND", `${missing.length} of the selected mitigations do not exist in this organisation.`);
    const problems: TFieldError[] = [];
    const pending: (string | null)[] = [];
    for (const row of rows) {
      try {
        pending.push(...(await applyChange(tx, caller, row, change, sla)));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        problems.push(fieldError(`ids.${input.ids.indexOf(row.id)}`, `${row.title}: ${error.message}`));
      }
    }
    if (problems.length) {
      throw new AppError("VALIDATION_FAILED", `${problems.length} of ${rows.length} mitigations cannot take this change; nothing was changed.`, { fieldErrors: problems });
    }
    return pending;
  });
  await deliverEmails(caller, notifications);
  return { updated: new Set(input.ids).size };
}

export async function deleteMitigation(caller: TCaller, id: string) {
  await db.$transaction(async (tx) => {
    const mitigation = await tx.mitigation.findFirst({ where: byIdInOrg(caller, id), select: { title: true } });
    if (!mitigation) throw notFound("mitigation");
    await tx.mitigation.deleteMany({ where: byIdInOrg(caller, id) });
    await recordAuditEvent({ orgId: caller.orgId, actorId: caller.userId, action: "mitigation.deleted", targetType: "mitigation", targetId: id, ip: caller.ip, userAgent: caller.userAgent, metadata: { title: mitigation.title } }, tx);
  });
}

/** The caller's open work, overdue first, and the threat models waiting for their review. */
export async function getMyWork(caller: TCaller) {
  const now = new Date();
  const mitigations = await db.mitigation.findMany({
    where: { orgId: caller.orgId, assigneeId: caller.userId, status: { in: [...OPEN_STATUSES, "IMPLEMENTED"] as MitigationStatus[] } },
    select: mitigationSelect,
    orderBy: [{ dueDate: { sort: "asc", nulls: "last" } }, { priority: "asc" }],
  });
  const isAdmin = caller.role === "OWNER" || caller.role === "ADMIN";
  const reviews = await db.threatModel.findMany({
    where: {
      orgId: caller.orgId,
      status: "IN_REVIEW",
      authorId: { not: caller.userId },
      OR: [{ reviewerId: caller.userId }, ...(isAdmin ? [{ reviewerId: null }] : [])],
    },
    select: { id: true, title: true, modelVersion: true, submittedAt: true, api: { select: { id: true, name: true } }, author: { select: { name: true } } },
    orderBy: { submittedAt: "asc" },
  });
  const items = mitigations.map((row) => toMitigationDto(row, now));
  // Overdue first (oldest first), then by due date; work without a date last.
  items.sort((a, b) => Number(b.overdue) - Number(a.overdue));
  return { mitigations: items, reviews };
}
