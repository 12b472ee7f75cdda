import "server-only";
import { db } from "@/lib/db";

export async function setActiveOrganization(userId: string, sessionId: string, orgId: string): Promise<void> {
  await db.authSession.updateMany({ where: { id: sessionId, userId, revokedAt: null }, data: { activeOrgId: orgId } });
}
