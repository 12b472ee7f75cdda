import { json, withOrg } from "@/lib/api/guard";
import { createInvitation, listPendingInvitations } from "@/lib/server/invitations/invitations";
import { ZCreateInvitation } from "@/lib/validation/invitations";

export const GET = withOrg({ permission: "member:invite" }, async ({ caller }) => json(await listPendingInvitations(caller)));

export const POST = withOrg({ permission: "member:invite", body: ZCreateInvitation }, async ({ caller, body }) =>
  json(await createInvitation(caller, body), { status: 201 }),
);
