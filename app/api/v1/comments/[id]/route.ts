import { json, noContent, withOrg, ZIdParams } from "@/lib/api/guard";
import { deleteComment } from "@/lib/server/comments/delete-comment";
import { updateComment } from "@/lib/server/comments/update-comment";
import { ZCommentBody } from "@/lib/validation/mitigations";

// Authors only: editing or deleting someone else's comment is refused with 403.
export const PATCH = withOrg({ permission: "threat:write", params: ZIdParams, body: ZCommentBody }, async ({ caller, params, body }) => json(await updateComment(caller, params.id, body.body)));

export const DELETE = withOrg({ permission: "threat:write", params: ZIdParams }, async ({ caller, params }) => {
  await deleteComment(caller, params.id);
  return noContent();
});
