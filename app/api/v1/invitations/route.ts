import { json, withOrg } from "@/lib/api/guard";
import { createInvitation } from "@/lib/server/invitations/create-invitation";
import { listPendingInvitations } from "@/lib/server/invitations/list-pending-invitations";
import { ZCreateInvitation } from "@/lib/validation/invitations";

export const GET = withOrg({ permission: "member:invite" }, async ({ caller }) => json(await listPendingInvitations(caller)));

export const POST = withOrg({ permission: "member:invite", body: ZCreateInvitation }, async ({ caller, body }) =>
  json(await createInvitation(caller, body), { status: 201 }),
);
