import { json, withOrg, ZIdParams } from "@/lib/api/guard";
import { createComment, listComments } from "@/lib/server/comments/comments";
import { ZCommentBody } from "@/lib/validation/mitigations";

export const GET = withOrg({ permission: "threat:read", params: ZIdParams }, async ({ caller, params }) => json(await listComments(caller, { mitigationId: params.id })));

export const POST = withOrg({ permission: "threat:write", params: ZIdParams, body: ZCommentBody }, async ({ caller, params, body }) =>
  json(await createComment(caller, { mitigationId: params.id }, body.body), { status: 201 }),
);
