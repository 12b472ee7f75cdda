import "server-only";
import { db } from "@/lib/db";
import type { TOrgScope } from "@/lib/server/scope";

/** The organisation a report is about and who asked for it, for its cover and footer. */
export async function loadReportContext(caller: TOrgScope) {
  const [org, user] = await Promise.all([
    db.organization.findUniqueOrThrow({ where: { id: caller.orgId }, select: { name: true, slug: true } }),
    db.user.findUnique({ where: { id: caller.userId }, select: { name: true, email: true } }),
  ]);
  return { org, generatedBy: user ? user.name || user.email : "Bulwark" };
}
