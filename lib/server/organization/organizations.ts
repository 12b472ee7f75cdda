import "server-only";
import type { TRequestMeta } from "@/lib/server/scope";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { createOrganizationWithOwner } from "@/lib/server/organization/create-organization";

/** Any signed-in user may start another organisation; they become its owner. */
export async function createOrganization(userId: string, name: string, meta: TRequestMeta) {
  return db.$transaction(async (tx) => {
    const org = await createOrganizationWithOwner(tx, { name, ownerId: userId });
    await recordAuditEvent({ orgId: org.id, actorId: userId, action: "org.created", targetType: "organization", targetId: org.id, ...meta, metadata: { name } }, tx);
    return org;
  });
}
