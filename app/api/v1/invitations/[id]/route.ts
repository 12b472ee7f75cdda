import { noContent, withOrg, ZIdParams } from "@/lib/api/guard";
import { revokeInvitation } from "@/lib/server/invitations/revoke-invitation";

export const DELETE = withOrg({ permission: "member:invite", params: ZIdParams }, async ({ caller, params }) => {
  await revokeInvitation(caller, params.id);
  return noContent();
});
