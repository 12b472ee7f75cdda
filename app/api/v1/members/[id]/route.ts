import { json, noContent, withOrg, ZIdParams } from "@/lib/api/guard";
import { removeMember } from "@/lib/server/members/remove-member";
import { updateMemberRole } from "@/lib/server/members/update-member-role";
import { ZUpdateMember } from "@/lib/validation/members";

export const PATCH = withOrg({ permission: "member:manage", params: ZIdParams, body: ZUpdateMember }, async ({ caller, params, body }) =>
  json(await updateMemberRole(caller, params.id, body.role)),
);

export const DELETE = withOrg({ permission: "member:manage", params: ZIdParams }, async ({ caller, params }) => {
  await removeMember(caller, params.id);
  return noContent();
});
