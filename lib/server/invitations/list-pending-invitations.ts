import "server-only";
import { db } from "@/lib/db";
import { invitationSelect, pending } from "@/lib/server/invitations/invitation-token";
import { inOrg, type TOrgScope } from "@/lib/server/scope";

export async function listPendingInvitations(caller: TOrgScope) {
  return db.invitation.findMany({ where: inOrg(caller, pending()), select: invitationSelect, orderBy: { createdAt: "desc" } });
}
