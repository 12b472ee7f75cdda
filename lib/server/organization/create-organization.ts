import "server-only";
import { db } from "@/lib/db";
import { recordAuditEvent } from "@/lib/server/audit/record-audit-event";
import { createOrganizationWithOwner } from "@/lib/server/organization/create-organization-with-owner";
import type { TRequestMeta } from "@/lib/server/scope";

/** Any signed-in user may start another organisation; they become its owner. */
export async function createOrganization(meta: TRequestMeta, input: { ownerId: string; name: string }) {
  return db.$transaction(async (tx) => {
    const org = await createOrganizationWithOwner(tx, input);
    await recordAuditEvent({ orgId: org.id, actorId: input.ownerId, action: "org.created", targetType: "organization", targetId: org.id, ...meta, metadata: { name: input.name } }, tx);
    return org;
  });
}
